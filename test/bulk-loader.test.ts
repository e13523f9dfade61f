import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import {
  applySchema,
  loadJsonLines,
  defaultCheckpointFile,
  relationshipId,
  type Checkpoint,
} from '../server/ingest/loader';
import { writeGraph } from '../seed/generate-cli';
import { resetGraph } from '../seed/loader';
import { graphCounts } from './helpers/app';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

/** Loads go into a Neo4j of this file's own, so the suite database is never touched. */
let neo: TestNeo4j;
let driver: Driver;
let db: Db;
let dir: string;
let file: string;
let expected: { nodes: number; relationships: number };

beforeAll(async () => {
  neo = await startTestNeo4j('bulk-loader');
  driver = createDriver({ uri: neo.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  db = new Db(driver, new QueryStore());
  await applySchema(db);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-loader-'));
  file = path.join(dir, 'graph.jsonl');
  await writeGraph(2000, 3, file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const rels = lines.filter((l) => l.includes('"type":')).length;
  expected = { nodes: lines.length - rels, relationships: rels };
}, 120_000);

afterAll(async () => {
  await driver?.close();
  await neo?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the bulk loader', () => {
  it('loads every entity and relationship of a generated graph', async () => {
    await resetGraph(db);
    const report = await loadJsonLines(db, file, { batchSize: 500, progress: false });
    expect(report.rejectedCount).toBe(0);
    expect(report.entities).toBe(expected.nodes);
    expect(report.relationships).toBe(expected.relationships);
    expect(await graphCounts(db)).toEqual(expected);
    expect(fs.existsSync(defaultCheckpointFile(file))).toBe(false);
  });

  it('leaves the same counts when the same file is loaded again', async () => {
    await loadJsonLines(db, file, { batchSize: 700, progress: false });
    expect(await graphCounts(db)).toEqual(expected);
  });

  it('resumes after an interrupted load from the checkpoint and ends with exact counts', async () => {
    await resetGraph(db);
    const first = await loadJsonLines(db, file, {
      batchSize: 500,
      stopAfterBatches: 3,
      progress: false,
    });
    expect(first.stopped).toBe(true);
    expect(first.batches).toBe(3);
    const partial = await graphCounts(db);
    expect(partial.nodes).toBe(1500);
    const cp = JSON.parse(fs.readFileSync(defaultCheckpointFile(file), 'utf8'));
    expect(cp.lastLine).toBe(1500);

    const second = await loadJsonLines(db, file, { batchSize: 500, progress: false });
    expect(second.resumedFrom).toBe(1500);
    expect(second.stopped).toBe(false);
    expect(second.entities).toBe(expected.nodes);
    expect(second.relationships).toBe(expected.relationships);
    expect(await graphCounts(db)).toEqual(expected);
    expect(fs.existsSync(defaultCheckpointFile(file))).toBe(false);
  });

  it('never duplicates with several writers in flight, relationship batches included', async () => {
    await resetGraph(db);
    // Small batches and 3 writers of each kind: many transactions overlap, and relationship
    // batches contend on hubs (a deadlock is retried as a whole batch, rolled back first).
    const opts = { batchSize: 150, writers: 3, relationshipWriters: 3, progress: false };
    const first = await loadJsonLines(db, file, opts);
    expect(first.rejectedCount).toBe(0);
    expect(first.entities).toBe(expected.nodes);
    expect(first.relationships).toBe(expected.relationships);
    expect(await graphCounts(db)).toEqual(expected);
    await loadJsonLines(db, file, opts);
    expect(await graphCounts(db)).toEqual(expected);
    const dup = await db.readTx(async (tx) => {
      const r = await tx.run(
        'MATCH ()-[r]->() WITH r.id AS id, count(*) AS c WHERE c > 1 RETURN count(id) AS n',
      );
      return r.records[0].get('n').toNumber();
    });
    expect(dup).toBe(0);
  });

  it('resumes exactly when batches past the checkpoint had committed too', async () => {
    // With writers in flight, a crash can leave later batches committed while the checkpoint
    // (ordered completion) still says line 1000: the resume writes them again, MERGE keeps one.
    await resetGraph(db);
    await loadJsonLines(db, file, { batchSize: 500, progress: false });
    const stat = fs.statSync(file);
    const cp: Checkpoint = {
      version: 1,
      file: fs.realpathSync(file),
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      target: 'default',
      lastLine: 1000,
      entities: 1000,
      relationships: 0,
      rejectedCount: 0,
      rejected: [],
    };
    fs.writeFileSync(defaultCheckpointFile(file), JSON.stringify(cp));
    const resumed = await loadJsonLines(db, file, { batchSize: 500, progress: false });
    expect(resumed.resumedFrom).toBe(1000);
    expect(resumed.entities).toBe(expected.nodes);
    expect(resumed.relationships).toBe(expected.relationships);
    expect(await graphCounts(db)).toEqual(expected);
  });

  it('writes the model properties: derived id, family, dates, integer amounts', async () => {
    await resetGraph(db);
    const small = path.join(dir, 'props.jsonl');
    const rel = {
      type: 'OWNS',
      from: 'org:a',
      to: 'org:b',
      stake: 1,
      amountUsd: 2599000000,
      since: '2025-06-12',
      source: 'source:s',
      evidence: 'test',
      confidence: 0.9,
    };
    const lines: Array<Record<string, unknown>> = [
      { id: 'org:a', kind: 'Organization', name: 'A', facts: { country: 'US', founded: 2001 } },
      { id: 'org:b', kind: 'Organization', name: 'B', aliases: ['Bee'] },
      { id: 'source:s', kind: 'Source', name: 'S' },
      { id: 'event:e', kind: 'Event', name: 'E', facts: { date: '2025-06-12' } },
      rel,
    ];
    fs.writeFileSync(small, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    await loadJsonLines(db, small, { progress: false });
    const got = await db.readTx(async (tx) => {
      const r = await tx.run(
        `MATCH (a:Entity {id: 'org:a'})-[r:OWNS]->(b:Entity {id: 'org:b'}), (e:Event {id: 'event:e'})
         RETURN properties(a) AS a, properties(b) AS b, properties(r) AS r, e.date AS date`,
      );
      return r.records[0].toObject();
    });
    expect(got.a).toEqual({
      id: 'org:a',
      name: 'A',
      description: '',
      aliases: [],
      country: 'US',
      founded: expect.objectContaining({ low: 2001 }),
      // Duplicate detection's blocking keys: a one-letter name gives none.
      nameKeys: [],
    });
    expect(got.b.aliases).toEqual(['Bee']);
    expect(got.date.toString()).toBe('2025-06-12');
    expect(got.r.id).toBe(relationshipId({ type: 'OWNS', from: 'org:a', to: 'org:b' }));
    expect(got.r.family).toBe('ownership');
    expect(got.r.stake).toBe(1);
    expect(got.r.amountUsd.toNumber()).toBe(2599000000);
    expect(got.r.since.toString()).toBe('2025-06-12');
    expect(got.r.until).toBeUndefined();
    expect(got.r.role).toBeUndefined();

    // A re-run with a fact and a property gone drops them (the row replaces the properties).
    const withoutStake: Record<string, unknown> = { ...rel };
    delete withoutStake.stake;
    lines[0] = { id: 'org:a', kind: 'Organization', name: 'A2' };
    lines[4] = withoutStake;
    fs.writeFileSync(small, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    await loadJsonLines(db, small, { progress: false });
    const again = await db.readTx(async (tx) => {
      const r = await tx.run(
        `MATCH (a:Entity {id: 'org:a'})-[r:OWNS]->() RETURN properties(a) AS a, r.stake AS stake`,
      );
      return r.records[0].toObject();
    });
    expect(again.a).toEqual({
      id: 'org:a',
      name: 'A2',
      description: '',
      aliases: [],
      nameKeys: ['n:a2'],
    });
    expect(again.stake).toBeNull();
    expect(await graphCounts(db)).toEqual({ nodes: 4, relationships: 1 });
  });

  it('reports rejected rows with their line numbers and loads the rest', async () => {
    await resetGraph(db);
    const bad = path.join(dir, 'bad.jsonl');
    const rel = (o: Record<string, unknown>) =>
      JSON.stringify({ source: 'source:a', evidence: 'test', confidence: 1, ...o });
    fs.writeFileSync(
      bad,
      [
        JSON.stringify({ id: 'org:a', kind: 'Organization', name: 'A' }),
        JSON.stringify({ id: 'source:a', kind: 'Source', name: 'S' }),
        '{"id": "org:broken", ',
        JSON.stringify({ id: 'planet:x', kind: 'Planet', name: 'X' }),
        rel({ type: 'OWNS', from: 'source:a', to: 'org:a', stake: 1.5 }),
        rel({ type: 'ACQUIRED', from: 'source:a', to: 'org:a' }),
        rel({ type: 'OWNS', from: 'org:nobody', to: 'org:a', stake: 0.5 }),
        rel({ type: 'CLIENT_OF', from: 'source:a', to: 'org:a' }),
      ].join('\n') + '\n',
    );
    // Batches of 3 with writers in flight: rejections still come back in line order.
    const report = await loadJsonLines(db, bad, { batchSize: 3, writers: 3, progress: false });
    expect(report.rejected).toEqual([
      { line: 3, reason: expect.stringMatching(/^bad JSON/) },
      { line: 4, reason: expect.stringMatching(/unknown kind "Planet"/) },
      { line: 5, reason: expect.stringMatching(/stake out of range/) },
      { line: 6, reason: expect.stringMatching(/unknown relationship type "ACQUIRED"/) },
      { line: 7, reason: 'missing endpoint org:nobody' },
    ]);
    expect(report.rejectedCount).toBe(5);
    expect(await graphCounts(db)).toEqual({ nodes: 2, relationships: 1 });
  });
});
