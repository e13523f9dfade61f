import type { Driver } from 'neo4j-driver';
import { explainGate, shiftPosition } from '../server/console/explain';
import { runReadQuery } from '../server/console/run';
import type { Db } from '../server/db/db';
import { AppError } from '../server/errors';
import { suiteDb, suiteDriver } from './helpers/app';
import { graphFingerprint } from './helpers/checksum';

/** The EXPLAIN gate on its own: the lexical screen is bypassed on purpose. */
let driver: Driver;
let db: Db;
beforeAll(() => {
  driver = suiteDriver();
  db = suiteDb(driver);
});
afterAll(() => driver.close());

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('EXPLAIN gate', () => {
  it.each([
    'MATCH (n:Organization) RETURN n LIMIT 3',
    'CALL db.labels()',
    'MATCH p=()-[*1..2]->() RETURN count(p)',
    'RETURN $x AS x',
  ])('admits the read-only %s', async (q) => {
    await expect(explainGate(db, q, { x: 1 }, 5000)).resolves.toMatchObject({ queryType: 'r' });
  });

  it.each([
    ['CREATE (n)', 'WRITE_FORBIDDEN'],
    ['MATCH (n) RETURN n UNION MATCH (m) CREATE (x) RETURN x AS n', 'WRITE_FORBIDDEN'],
    ["MERGE (n:Organization {id: 'org:meta'})", 'WRITE_FORBIDDEN'],
    ["MATCH (n {id: 'org:meta'}) SET n.name = 'x' RETURN n", 'WRITE_FORBIDDEN'],
    ["MATCH (n {id: 'org:meta'}) REMOVE n.name", 'WRITE_FORBIDDEN'],
    ['MATCH (n) DETACH DELETE n', 'WRITE_FORBIDDEN'],
    ['FOREACH (x IN [1, 2] | CREATE (:X))', 'WRITE_FORBIDDEN'],
    ['CALL { CREATE (n) } IN TRANSACTIONS', 'WRITE_FORBIDDEN'],
    ["CALL db.createLabel('Hacked')", 'WRITE_FORBIDDEN'],
    ['MATCH (n) // \\u000a CREATE (m)', 'WRITE_FORBIDDEN'],
    ['CREATE INDEX console_probe IF NOT EXISTS FOR (n:X) ON (n.y)', 'SCHEMA_FORBIDDEN'],
    ['CALL db.clearQueryCaches()', 'SCHEMA_FORBIDDEN'],
    ['CALL dbms.components()', 'SCHEMA_FORBIDDEN'],
    ['SHOW USERS', 'SCHEMA_FORBIDDEN'],
  ])('refuses %s with 403 %s', async (q, code) => {
    const before = await graphFingerprint(db);
    const err = await refusal(explainGate(db, q, {}, 5000));
    expect([err.status, err.code]).toEqual([403, code]);
    expect(await graphFingerprint(db)).toEqual(before);
  });

  it('reports syntax errors at their place in the analyst query', async () => {
    const err = await refusal(explainGate(db, 'MATCH (n) RETRUN n', {}, 5000));
    expect(err.status).toBe(400);
    expect(err.code).toBe('CYPHER_SYNTAX_ERROR');
    expect(err.position).toEqual({ line: 1, column: 11, offset: 10 });
    const multi = await refusal(explainGate(db, 'MATCH (n)\nRETURN n.x +', {}, 5000));
    expect(multi.position).toMatchObject({ line: 2 });
    expect(multi.position!.offset).toBeGreaterThanOrEqual(10);
  });

  it('shifts positions past the EXPLAIN prefix only on the first line', () => {
    expect(shiftPosition({ line: 1, column: 19, offset: 18 })).toEqual({
      line: 1,
      column: 11,
      offset: 10,
    });
    expect(shiftPosition({ line: 3, column: 8, offset: 40 })).toEqual({
      line: 3,
      column: 8,
      offset: 32,
    });
    expect(shiftPosition({ line: 0, column: 0, offset: 8 })).toEqual({
      line: 1,
      column: 1,
      offset: 0,
    });
  });
});

describe('read transaction (past both gates)', () => {
  it('refuses a write even when screen and EXPLAIN are bypassed', async () => {
    const before = await graphFingerprint(db);
    const limits = { timeoutMs: 5000, graceMs: 1000, rowCap: 10, maxResponseBytes: 100_000 };
    const err = await refusal(runReadQuery(db, 'CREATE (n:Hacked) RETURN n', {}, limits));
    expect([err.status, err.code]).toEqual([403, 'FORBIDDEN']);
    expect(await graphFingerprint(db)).toEqual(before);
  });
});
