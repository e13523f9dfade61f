import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { applySchema, loadJsonLines, defaultCheckpointFile } from '../seed/bulk-loader';
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
    const report = await loadJsonLines(db, bad, { batchSize: 3, progress: false });
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
