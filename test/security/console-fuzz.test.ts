import request from 'supertest';
import { AppError } from '../../server/errors';
import { consoleTestApp, graphFingerprint, type ConsoleTestApp } from '../helpers/checksum';

/**
 * Seeded fuzzer: thousands of queries stitched from Cypher fragments (reads, writes, comments,
 * strings, procedure calls, semicolons, unicode and its escapes). Every one must be answered
 * without a 5xx other than 504, and the graph must be unchanged at the end.
 * Re-run a failure with CONSOLE_FUZZ_SEED=<seed printed below>.
 */
const SEED = Number(process.env.CONSOLE_FUZZ_SEED ?? 20251124);
const COUNT = Number(process.env.CONSOLE_FUZZ_COUNT ?? 2000);
const HTTP_EVERY = 5; // every 5th query goes through the real route

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS: Record<string, string[]> = {
  read: [
    'MATCH (n)',
    'MATCH (n:Organization)',
    'MATCH (a)-[r]->(b)',
    'MATCH p = (:Organization)-[*1..2]->()',
    'OPTIONAL MATCH (n)-->(m)',
    'WITH 1 AS x',
    'WITH n',
    'UNWIND range(1, 20) AS x',
    "WHERE n.id STARTS WITH 'org'",
    'RETURN 1 AS x',
    'RETURN n LIMIT 3',
    'RETURN a, r, b LIMIT 2',
    'RETURN p',
    'RETURN count(*) AS c',
    'RETURN x',
    'RETURN date() AS d, 9007199254740993 AS big',
    "RETURN point({x: 1, y: 2}) AS pt, duration('P1D') AS d",
    'CALL { MATCH (q) RETURN count(q) AS c } RETURN c',
    'UNION',
    'UNION ALL',
    'ORDER BY n.id',
    'RETURN $p AS p',
  ],
  write: [
    'CREATE (z:Fuzz)',
    'create (z:Fuzz {a: 1})',
    "MERGE (z:Fuzz {id: 'x'})",
    'SET n.fuzz = 1',
    'set n:Fuzz',
    'REMOVE n.name',
    'REMOVE n:Entity',
    'DELETE r',
    'DETACH DELETE n',
    'dEtAcH dElEtE n',
    'FOREACH (i IN [1] | CREATE (:Fuzz))',
    'CALL { CREATE (:Fuzz) }',
    'CALL { WITH n SET n.fuzz = 2 } IN TRANSACTIONS',
    'IN TRANSACTIONS OF 1 ROWS',
    'ON CREATE SET n.fuzz = 3',
  ],
  comment: ['// c\n', '/* CREATE (n) */', '/*', '*/', '//', '\\u000a', '\\u002a/', '/* ; */', '\n'],
  string: ["'CREATE (n)'", '"x\\"; DELETE n"', "'", '"', '`CREATE`', '`', "'\\\\'", "'\\u0027'"],
  procedure: [
    'CALL db.labels()',
    'CALL db.labels() YIELD label',
    'CALL db.propertyKeys()',
    'CALL dbms.components()',
    "CALL db.createLabel('Fuzz')",
    'CALL db.clearQueryCaches()',
    "CALL apoc.help('x')",
    'CALL `dbms`.`listConfig`()',
    'RETURN apoc.version() AS v',
    "RETURN date.truncate('day', date()) AS d",
  ],
  semicolon: [';', '; CREATE (:Fuzz)', ';;', '\\u003b'],
  unicode: [
    '\u00a0',
    '\u2028',
    'é',
    '日本',
    '\u200b',
    '\\u0043REATE (:Fuzz)',
    '\ufeff',
    '\u3000',
    '😀',
  ],
  admin: [
    'SHOW USERS',
    'USE system',
    'USE neo4j',
    "LOAD CSV FROM 'file:///etc/passwd' AS l",
    "TERMINATE TRANSACTIONS 'x'",
    'CREATE INDEX fuzz FOR (n:Fuzz) ON (n.x)',
    "ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'bbbbbbbbbb'",
    'PROFILE',
    'EXPLAIN',
  ],
};
const KINDS = Object.keys(FRAGMENTS);
const WEIGHTS: Record<string, number> = {
  read: 6,
  write: 3,
  comment: 2,
  string: 2,
  procedure: 2,
  semicolon: 1,
  unicode: 1,
  admin: 1,
};

function generator(rand: () => number) {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const total = KINDS.reduce((s, k) => s + WEIGHTS[k], 0);
  const kind = () => {
    let r = rand() * total;
    for (const k of KINDS) {
      r -= WEIGHTS[k];
      if (r < 0) return k;
    }
    return 'read';
  };
  return () => {
    const parts: string[] = [];
    const n = 1 + Math.floor(rand() * 6);
    for (let i = 0; i < n; i++) parts.push(pick(FRAGMENTS[kind()]));
    const sep = pick([' ', ' ', '\n', '', ' /**/ ']);
    const query = parts.join(sep);
    const params: Record<string, unknown> =
      rand() < 0.2 ? { p: pick([1, 'x', [1, 2], { a: 1 }, null]) } : {};
    return { query, params };
  };
}

let t: ConsoleTestApp;
beforeAll(() => {
  t = consoleTestApp({ timeoutMs: 300, graceMs: 500, rowCap: 5, maxResponseBytes: 50_000 });
});
afterAll(() => t.close());

it(`survives ${COUNT} generated queries with no 500 and no write`, async () => {
  console.log(`console fuzz seed ${SEED} (CONSOLE_FUZZ_SEED to replay), ${COUNT} queries`);
  const before = await graphFingerprint(t.db);
  const next = generator(mulberry32(SEED));
  const statuses = new Map<string, number>();
  const failures: string[] = [];
  let viaHttp = 0;
  const started = Date.now();
  for (let i = 0; i < COUNT; i++) {
    const { query, params } = next();
    let status: number;
    let code: string;
    if (i % HTTP_EVERY === 0) {
      const res = await request(t.app).post('/api/cypher').send({ query, params });
      viaHttp++;
      status = res.status;
      code = res.status === 200 ? 'OK' : (res.body?.error?.code ?? '?');
    } else {
      try {
        await t.console.execute({ query, params }, { user: 'fuzz' });
        status = 200;
        code = 'OK';
      } catch (err) {
        status = err instanceof AppError ? err.status : 500;
        code = err instanceof AppError ? err.code : String(err);
      }
    }
    const key = `${status} ${code}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (status >= 500 && status !== 504) failures.push(`${key}: ${JSON.stringify(query)}`);
  }
  const after = await graphFingerprint(t.db);
  console.log(
    `console fuzz: ${COUNT} queries (${viaHttp} over HTTP) in ${Date.now() - started} ms; ` +
      [...statuses.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}: ${v}`)
        .join(', '),
  );
  expect(failures).toEqual([]);
  expect(after).toEqual(before);
  expect(statuses.get('200 OK') ?? 0).toBeGreaterThan(50);
}, 120_000);
