import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { startLocalNeo4j } from '../server/db/local-neo4j';
import { firstLoadJsonLines, runBatchImporter } from '../server/ingest/first-load';
import { writeImportCsv } from '../server/ingest/import-csv';
import { applySchema, parseLine } from '../server/ingest/loader';
import { freePort } from '../test/helpers/ports';
import { exportCsv, loadCsvBaseline } from './load';
import { BENCH_DATA, BENCH_PASSWORD, log, round, SIZING, startCsvEnabled } from './lib';

/**
 * Goal 1 of round 2: a first load into an empty bundled database. Three runs on the same graph,
 * each into a fresh data directory under .data/bench:
 * - ours: firstLoadJsonLines (server/ingest/first-load.ts) from the JSON lines to indexes online:
 *   CSV files, Neo4j stopped, the batch importer, Neo4j started, schema and its indexes;
 * - LOAD CSV + CALL {} IN TRANSACTIONS (bench/load.ts) into an empty database with the schema;
 * - the batch importer alone on the CSV files ours wrote (no stop, start or schema).
 */

async function counts(db: Db): Promise<{ nodes: number; relationships: number }> {
  return db.readTx(async (tx) => {
    const a = await tx.run('MATCH (n) RETURN count(n) AS c');
    const r = await tx.run('MATCH ()-[r]->() RETURN count(r) AS c');
    return {
      nodes: a.records[0].get('c').toNumber(),
      relationships: r.records[0].get('c').toNumber(),
    };
  });
}

export interface InitialLoadResult {
  rows: number;
  ours: { seconds: number; rowsPerSecond: number; phases: Record<string, number> };
  loadCsv: { seconds: number; rowsPerSecond: number };
  bareImporter: { seconds: number; rowsPerSecond: number };
  ratioVsLoadCsv: number;
  ratioVsBareImporter: number;
  countsMatch: boolean;
}

export async function initialLoadBench(jsonl: string): Promise<InitialLoadResult> {
  // Ours, on the app's bundled launcher as the import CLI runs it.
  const port = await freePort();
  const dataDir = path.join(BENCH_DATA, `initial-load-${port}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const start = () =>
    startLocalNeo4j({
      port,
      dataDir,
      password: BENCH_PASSWORD,
      heap: SIZING.heap,
      pageCache: SIZING.pageCache,
      txMemoryMax: SIZING.txMemory,
      txTimeout: '3600s',
      // A shared 2-core machine can take minutes to start it: the wait is not what is timed.
      startTimeoutMs: 600_000,
      log: () => undefined,
    });
  let neo = await start();
  let driver = createDriver({ uri: neo.uri, user: 'neo4j', password: BENCH_PASSWORD });
  const workDir = path.join(BENCH_DATA, 'initial-load-csv');
  let ours: InitialLoadResult['ours'];
  let ourCounts: { nodes: number; relationships: number };
  try {
    const { db, report } = await firstLoadJsonLines(
      {
        dataDir,
        heap: SIZING.heap,
        offHeap: '2g',
        log,
        stop: async () => {
          await driver.close();
          await neo.stop();
        },
        start: async () => {
          neo = await start();
          driver = createDriver({ uri: neo.uri, user: 'neo4j', password: BENCH_PASSWORD });
          return new Db(driver, new QueryStore());
        },
      },
      jsonl,
      workDir,
    );
    ours = {
      seconds: round(report.seconds),
      rowsPerSecond: round(report.rowsPerSecond, 0),
      phases: Object.fromEntries(Object.entries(report.phases).map(([k, v]) => [k, round(v)])),
    };
    ourCounts = await counts(db);
    log(`initial load: ours ${report.seconds.toFixed(1)} s ${JSON.stringify(ours.phases)}`);
  } finally {
    await driver.close();
    await neo.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  // The bare importer on the same CSV files (written again: ours deletes its own afterwards).
  async function* lines() {
    let line = 0;
    const rl = readline.createInterface({
      input: fs.createReadStream(jsonl),
      crlfDelay: Infinity,
    });
    for await (const text of rl) {
      const t = text;
      yield { line: ++line, parsed: () => parseLine(t) };
    }
  }
  const csv = await writeImportCsv(lines(), workDir);
  const bareDir = path.join(BENCH_DATA, `initial-load-bare`);
  fs.rmSync(bareDir, { recursive: true, force: true });
  fs.mkdirSync(bareDir, { recursive: true });
  const t0 = Date.now();
  await runBatchImporter(csv, { dataDir: bareDir, heap: SIZING.heap, offHeap: '2g' });
  const bareSeconds = (Date.now() - t0) / 1000;
  fs.rmSync(bareDir, { recursive: true, force: true });
  fs.rmSync(workDir, { recursive: true, force: true });
  const rows = csv.entities + csv.relationships;
  log(`initial load: bare importer ${bareSeconds.toFixed(1)} s`);

  // LOAD CSV + CALL {} IN TRANSACTIONS into an empty database with the schema in place.
  const importDir = path.join(BENCH_DATA, 'import');
  const exp = await exportCsv(jsonl, importDir);
  const b = await startCsvEnabled('initial-load-csv', importDir);
  let loadCsvSeconds: number;
  let baseCounts: { nodes: number; relationships: number };
  try {
    await applySchema(b.db);
    loadCsvSeconds = await loadCsvBaseline(b, exp);
    baseCounts = await counts(b.db);
    log(`initial load: LOAD CSV ${loadCsvSeconds.toFixed(1)} s`);
  } finally {
    await b.stop();
  }
  return {
    rows,
    ours,
    loadCsv: { seconds: round(loadCsvSeconds), rowsPerSecond: round(rows / loadCsvSeconds, 0) },
    bareImporter: { seconds: round(bareSeconds), rowsPerSecond: round(rows / bareSeconds, 0) },
    ratioVsLoadCsv: round(loadCsvSeconds / ours.seconds, 2),
    ratioVsBareImporter: round(bareSeconds / ours.seconds, 2),
    countsMatch:
      ourCounts.nodes === baseCounts.nodes && ourCounts.relationships === baseCounts.relationships,
  };
}
