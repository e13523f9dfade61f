import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { firstLoadJsonLines, type FirstLoadReport } from '../server/ingest/first-load';
import { applySchema, loadJsonLines, type LoadReport } from '../server/ingest/loader';
import { graphChecksum } from '../server/ops/backup';
import { writeGraph } from '../seed/generate-cli';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

/**
 * The batch importer's first load and the transactional loader, each into a Neo4j of this
 * file's own (never the suite's or the analyst's), from the same JSON lines: the same graph.
 */

let dir: string;
let file: string;
let tx: { neo: TestNeo4j; driver: Driver; db: Db; report: LoadReport };
let fast: { neo: TestNeo4j; driver: Driver; db: Db; report: FirstLoadReport };

/** Awkward records after the generated graph: each must come out the same both ways. */
const extraLines = [
  // The entity restated by another dataset (the first is the file's first line, so in another
  // batch of the loader): the first dataset keeps name and facts, this one's names join the
  // aliases, datasets add up (docs/import.md, "Provenance").
  {
    id: 'org:dup-co',
    kind: 'Organization',
    name: 'Dup, Two',
    description: 'line one\nline two',
    dataset: 'b',
    aliases: ['D2', 'Dup;Two'],
    facts: { tags: [], employees: 12, revenueRatio: 0.5, listed: true },
  },
  { id: 'event:launch', kind: 'Event', name: 'Launch', facts: { date: '2024-02-29' } },
  // Two claims about one pair, one of them given twice (the second version wins), an empty list.
  {
    id: 'c1',
    type: 'OWNS',
    from: 'org:dup-co',
    to: 'event:launch',
    stake: 1,
    source: 'src',
    evidence: 'first',
    confidence: 1,
    since: '2020-01-01',
    components: [],
  },
  {
    id: 'c1',
    type: 'OWNS',
    from: 'org:dup-co',
    to: 'event:launch',
    stake: 0.25,
    source: 'src',
    evidence: 'second',
    confidence: 0.5,
  },
  {
    id: 'c2',
    type: 'OWNS',
    from: 'org:dup-co',
    to: 'event:launch',
    source: 'src',
    evidence: 'other',
    confidence: 1,
  },
  // Refused both ways, with the same line numbers and reasons.
  {
    id: 'c3',
    type: 'OWNS',
    from: 'org:dup-co',
    to: 'org:nowhere',
    source: 'src',
    evidence: 'x',
    confidence: 1,
  },
  {
    type: 'OWNS',
    from: 'org:dup-co',
    to: 'event:launch',
    source: 'src',
    evidence: 'x',
    confidence: 7,
  },
];

async function started(name: string): Promise<{ neo: TestNeo4j; driver: Driver; db: Db }> {
  const neo = await startTestNeo4j(name);
  const driver = createDriver({ uri: neo.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  return { neo, driver, db: new Db(driver, new QueryStore()) };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'first-load-'));
  file = path.join(dir, 'graph.jsonl');
  await writeGraph(1500, 5, file);
  const first = { id: 'org:dup-co', kind: 'Organization', name: 'Dup "One"', dataset: 'a' };
  fs.writeFileSync(file, JSON.stringify(first) + '\n' + fs.readFileSync(file, 'utf8'));
  fs.appendFileSync(file, extraLines.map((l) => JSON.stringify(l)).join('\n') + '\n{"bad json\n');

  const t = await started('first-load-tx');
  await applySchema(t.db);
  const report = await loadJsonLines(t.db, file, { checkpointFile: null, progress: false });
  tx = { ...t, report };

  const f = await started('first-load-fast');
  let neo = f.neo;
  let driver = f.driver;
  const { db, report: fr } = await firstLoadJsonLines(
    {
      dataDir: neo.dataDir,
      heap: '512m',
      offHeap: '512m',
      stop: async () => {
        await driver.close();
        await neo.neo4j.stop();
      },
      start: async () => {
        neo = await startTestNeo4j('first-load-fast', { dataDir: neo.dataDir, port: neo.port });
        driver = createDriver({ uri: neo.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
        return new Db(driver, new QueryStore());
      },
    },
    file,
    path.join(dir, 'csv'),
  );
  fast = { neo, driver, db, report: fr };
}, 600_000);

afterAll(async () => {
  for (const side of [tx, fast]) {
    await side?.driver.close();
    await side?.neo.dispose();
  }
  fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

async function rows(db: Db, cypher: string): Promise<unknown[]> {
  const r = await db.readTx((t) => t.run(cypher));
  return r.records.map((x) => x.toObject());
}

describe('a first load through the batch importer', () => {
  it('reports the same entities, relationships and refused lines as the transactional loader', () => {
    expect(fast.report.path).toBe('batch-importer');
    expect(fast.report.entities).toBeGreaterThan(1500);
    expect(fast.report.entities).toBe(tx.report.entities - 1); // the loader counts dup-co twice
    expect(fast.report.rejected).toEqual(tx.report.rejected);
    expect(fast.report.rejected.map((r) => r.reason)).toEqual([
      'missing endpoint org:nowhere',
      'confidence out of range: 7 (expected 0..1)',
      expect.stringMatching(/^bad JSON/),
    ]);
  });

  it('gives the same counts per label and per relationship type', async () => {
    const labels = 'MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c ORDER BY l';
    const types = 'MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c ORDER BY t';
    expect(await rows(fast.db, labels)).toEqual(await rows(tx.db, labels));
    expect(await rows(fast.db, types)).toEqual(await rows(tx.db, types));
  });

  it('gives the same property checksum (labels, types, every property and its type)', async () => {
    const a = await graphChecksum(tx.db);
    const b = await graphChecksum(fast.db);
    expect(b.nodes).toBeGreaterThan(1500);
    expect(b).toEqual(a);
  });

  it('keeps the first dataset’s view of a restated entity and the last version of a claim, as the loader does', async () => {
    const [e] = (await rows(
      fast.db,
      `MATCH (n:Entity {id: 'org:dup-co'}) RETURN n.name AS name, n.datasets AS datasets,
         n.aliases AS aliases, n.tags AS tags, n.description AS description`,
    )) as Array<Record<string, unknown>>;
    expect(e).toEqual({
      name: 'Dup "One"',
      datasets: ['a', 'b'],
      aliases: ['Dup, Two', 'D2', 'Dup;Two'],
      tags: null,
      description: '',
    });
    const claims = await rows(
      fast.db,
      `MATCH (:Entity {id: 'org:dup-co'})-[r:OWNS]->() RETURN r.id AS id, r.evidence AS evidence,
         r.components AS components ORDER BY id`,
    );
    expect(claims).toEqual([
      { id: 'c1', evidence: 'second', components: null },
      { id: 'c2', evidence: 'other', components: null },
    ]);
  });

  it('creates the same constraints and indexes, all online', async () => {
    const constraints =
      'SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN * ORDER BY name';
    const indexes =
      'SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN * ORDER BY name';
    const c = await rows(fast.db, constraints);
    expect(c.length).toBeGreaterThanOrEqual(7);
    expect(c).toEqual(await rows(tx.db, constraints));
    const i = (await rows(fast.db, indexes)) as Array<{ state: string }>;
    expect(i.every((x) => x.state === 'ONLINE')).toBe(true);
    expect(i).toEqual(await rows(tx.db, indexes));
  });

  it('answers full-text searches as the transactionally loaded graph does', async () => {
    const search = `CALL db.index.fulltext.queryNodes('entity_names', 'dup OR d2')
      YIELD node RETURN node.id AS id ORDER BY id`;
    const hits = (await rows(fast.db, search)) as Array<{ id: string }>;
    expect(hits.map((h) => h.id)).toContain('org:dup-co');
    expect(hits).toEqual(await rows(tx.db, search));
  });
});
