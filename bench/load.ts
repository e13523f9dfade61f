import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { RELATIONSHIP_TYPES, type EntityKind, type RelationshipType } from '../server/families';
import {
  applySchema,
  DEFAULT_RELATIONSHIP_WRITERS,
  DEFAULT_WRITERS,
  loadJsonLines,
  REL_COLUMNS as LOADER_REL_COLUMNS,
  relationshipId,
} from '../server/ingest/loader';
import { resetGraph } from '../seed/loader';
import type { SeedEntity, SeedRelationship } from '../seed/model';
import { BENCH_DATA, log, round, startCsvEnabled, type BenchDb } from './lib';

/** CSV field: quoted, inner quotes doubled; empty = null for LOAD CSV. */
function csv(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = Array.isArray(v) ? v.join('|') : String(v);
  return `"${s.replace(/"/g, '""')}"`;
}

const IDENT = /^[A-Za-z][A-Za-z0-9]*$/;

interface CsvExport {
  dir: string;
  entityFiles: Array<{ kind: EntityKind; file: string; facts: Map<string, string> }>;
  relFiles: Array<{ type: RelationshipType; file: string }>;
  rows: number;
}

// The CSV carries what the JSON line carries: the loader derives id and family, LOAD CSV reads them.
const REL_COLUMNS = ['id', 'from', 'to', 'family', ...LOADER_REL_COLUMNS] as const;

/** Same data as the JSON lines, as one CSV per kind and per type (two passes, streamed). */
export async function exportCsv(jsonl: string, dir: string): Promise<CsvExport> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // Pass 1: fact columns per kind and their value type.
  const facts = new Map<EntityKind, Map<string, string>>();
  const lines = () =>
    readline.createInterface({ input: fs.createReadStream(jsonl), crlfDelay: Infinity });
  for await (const line of lines()) {
    const o = JSON.parse(line) as SeedEntity | SeedRelationship;
    if (!('kind' in o)) continue;
    const m = facts.get(o.kind) ?? new Map<string, string>();
    for (const [k, v] of Object.entries(o.facts ?? {})) {
      if (!IDENT.test(k)) throw new Error(`fact name ${k} cannot be a CSV column`);
      m.set(k, typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v);
    }
    facts.set(o.kind, m);
  }
  const out = new Map<string, fs.WriteStream>();
  const writer = (name: string, header: string[]) => {
    let w = out.get(name);
    if (!w) {
      w = fs.createWriteStream(path.join(dir, name));
      w.write(header.join(',') + '\n');
      out.set(name, w);
    }
    return w;
  };
  let rows = 0;
  const entityFiles: CsvExport['entityFiles'] = [];
  const relFiles: CsvExport['relFiles'] = [];
  for await (const line of lines()) {
    const o = JSON.parse(line) as SeedEntity | SeedRelationship;
    rows++;
    if ('kind' in o) {
      const cols = [...(facts.get(o.kind)?.keys() ?? [])];
      const name = `entities-${o.kind}.csv`;
      if (!out.has(name)) entityFiles.push({ kind: o.kind, file: name, facts: facts.get(o.kind)! });
      const w = writer(name, ['id', 'name', 'description', 'aliases', ...cols]);
      const f = (o.facts ?? {}) as Record<string, unknown>;
      w.write(
        [o.id, o.name, o.description, o.aliases ?? [], ...cols.map((c) => f[c])]
          .map(csv)
          .join(',') + '\n',
      );
    } else {
      const name = `rels-${o.type}.csv`;
      if (!out.has(name)) relFiles.push({ type: o.type, file: name });
      const w = writer(name, [...REL_COLUMNS]);
      const r = { ...o, id: relationshipId(o), family: RELATIONSHIP_TYPES[o.type] } as Record<
        string,
        unknown
      >;
      if (!w.write(REL_COLUMNS.map((c) => csv(r[c])).join(',') + '\n')) {
        await new Promise((res) => w.once('drain', () => res(undefined)));
      }
    }
  }
  await Promise.all([...out.values()].map((w) => new Promise<void>((r) => w.end(() => r()))));
  return { dir, entityFiles, relFiles, rows };
}

function factSet(facts: Map<string, string>): string {
  return [...facts.entries()]
    .map(([k, t]) => {
      if (!IDENT.test(k)) throw new Error(`bad column ${k}`);
      if (k === 'date') return `n.date = date(row.date)`;
      const conv =
        t === 'int' ? 'toInteger' : t === 'float' ? 'toFloat' : t === 'boolean' ? 'toBoolean' : '';
      return `n.${k} = ${conv}(row.${k})`;
    })
    .map((s) => `, ${s}`)
    .join('');
}

/**
 * The baseline: LOAD CSV with CALL {} IN TRANSACTIONS, the same MERGE semantics and the same
 * properties as our loader. Bench-only Cypher: labels, types and columns come from our own model.
 */
export async function loadCsvBaseline(
  b: BenchDb,
  exp: CsvExport,
  rowsPerTx = 10000,
): Promise<number> {
  const t0 = Date.now();
  for (const { kind, file, facts } of exp.entityFiles) {
    await b.db.autoCommit(
      `LOAD CSV WITH HEADERS FROM $url AS row
       CALL (row) {
         MERGE (n:Entity {id: row.id})
         SET n:${kind}
         SET n.name = row.name, n.description = row.description,
             n.aliases = CASE WHEN row.aliases IS NULL THEN [] ELSE split(row.aliases, '|') END${factSet(facts)}
       } IN TRANSACTIONS OF ${rowsPerTx} ROWS`,
      { url: `file:///${file}` },
    );
  }
  for (const { type, file } of exp.relFiles) {
    if (!(type in RELATIONSHIP_TYPES)) throw new Error(`bad type ${type}`);
    await b.db.autoCommit(
      `LOAD CSV WITH HEADERS FROM $url AS row
       CALL (row) {
         MATCH (a:Entity {id: row.from})
         MATCH (b:Entity {id: row.to})
         MERGE (a)-[r:${type} {id: row.id}]->(b)
         SET r.family = row.family, r.stake = toFloat(row.stake), r.amountUsd = toInteger(row.amountUsd),
             r.datePrecision = row.datePrecision, r.role = row.role, r.source = row.source,
             r.evidence = row.evidence, r.confidence = toFloat(row.confidence),
             r.since = date(row.since), r.until = date(row.until)
       } IN TRANSACTIONS OF ${rowsPerTx} ROWS`,
      { url: `file:///${file}` },
    );
  }
  return (Date.now() - t0) / 1000;
}

async function counts(b: BenchDb): Promise<{ nodes: number; relationships: number }> {
  return b.db.readTx(async (tx) => {
    const a = await tx.run('MATCH (n) RETURN count(n) AS c');
    const r = await tx.run('MATCH ()-[r]->() RETURN count(r) AS c');
    return {
      nodes: a.records[0].get('c').toNumber(),
      relationships: r.records[0].get('c').toNumber(),
    };
  });
}

export interface LoadBenchResult {
  rows: number;
  baseline: { runs: Array<{ seconds: number; rowsPerSecond: number }>; best: number };
  /** Best of the rounds (and every round's rows/s). */
  sweep: Array<{
    batch: number;
    seconds: number;
    rowsPerSecond: number;
    runs: number[];
    median: number;
  }>;
  chosenBatch: number;
  ours: number;
  ratio: number;
  countsMatch: boolean;
  csvServedBy: string;
}

/** Baseline, sweep of our batch sizes, baseline again; each into an emptied database. */
export async function loadBench(
  jsonl: string,
  batches: number[],
  chosen: number,
  reps = 2,
): Promise<LoadBenchResult> {
  const importDir = path.join(BENCH_DATA, 'import');
  log(`load: exporting CSV for the LOAD CSV baseline`);
  const exp = await exportCsv(jsonl, importDir);
  const b = await startCsvEnabled('load', importDir);
  try {
    await applySchema(b.db);
    const baseline: LoadBenchResult['baseline']['runs'] = [];
    const runBaseline = async (record: boolean) => {
      await resetGraph(b.db);
      const seconds = await loadCsvBaseline(b, exp);
      if (record)
        baseline.push({ seconds: round(seconds), rowsPerSecond: round(exp.rows / seconds, 0) });
      log(
        `load: LOAD CSV baseline ${exp.rows} rows in ${seconds.toFixed(1)} s${record ? '' : ' (warm-up)'}`,
      );
      return counts(b);
    };
    const runOurs = async (batch: number) => {
      await resetGraph(b.db);
      const r = await loadJsonLines(b.db, jsonl, {
        batchSize: batch,
        restart: true,
        checkpointFile: null,
        progress: false,
      });
      if (r.rejectedCount) throw new Error(`our loader rejected ${r.rejectedCount} rows`);
      return r;
    };
    // Warm-up of both (JIT, query plans, store files), not recorded; then `reps` rounds of the
    // baseline and every batch size, interleaved, so drift from other load hits all alike.
    const baseCounts = await runBaseline(false);
    await runOurs(chosen);
    const ourCounts = await counts(b);
    const runs = new Map<number, Array<{ seconds: number; rowsPerSecond: number }>>();
    for (let rep = 0; rep < reps; rep++) {
      await runBaseline(true);
      for (const batch of batches) {
        const r = await runOurs(batch);
        const list = runs.get(batch) ?? [];
        list.push({ seconds: round(r.seconds), rowsPerSecond: round(r.rowsPerSecond, 0) });
        runs.set(batch, list);
        log(`load: our loader, batch ${batch}: ${Math.round(r.rowsPerSecond)} rows/s`);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const sweep: LoadBenchResult['sweep'] = batches.map((batch) => {
      const list = runs.get(batch)!;
      const best = list.reduce((a, x) => (x.rowsPerSecond > a.rowsPerSecond ? x : a));
      return {
        batch,
        seconds: best.seconds,
        rowsPerSecond: best.rowsPerSecond,
        runs: list.map((x) => x.rowsPerSecond),
        median: median(list.map((x) => x.rowsPerSecond)),
      };
    });
    const best = Math.max(...baseline.map((x) => x.rowsPerSecond));
    const ours = sweep.find((s) => s.batch === chosen)?.rowsPerSecond ?? NaN;
    return {
      rows: exp.rows,
      baseline: { runs: baseline, best },
      sweep,
      chosenBatch: chosen,
      ours,
      ratio: round(ours / best, 2),
      countsMatch:
        ourCounts.nodes === baseCounts.nodes &&
        ourCounts.relationships === baseCounts.relationships,
      csvServedBy:
        'file:/// from the import directory of a bench-only Neo4j (bench/neo4j/BenchCsvNeo4j.java: same jars and limits as neo4j/, file URLs allowed there only); both loaders run on it',
    };
  } finally {
    await b.stop();
  }
}

/**
 * One round at scale (the 1M set): baseline and ours each into a fresh bench Neo4j (a reset of
 * millions of elements would take longer than the loads), no warm-up (amortised at this size).
 */
export async function loadBenchFresh(jsonl: string, batch: number) {
  const importDir = path.join(BENCH_DATA, 'import');
  log(`load (fresh instances): exporting CSV`);
  const exp = await exportCsv(jsonl, importDir);
  const a = await startCsvEnabled('load-csv', importDir);
  let baseline: number;
  let baseCounts: { nodes: number; relationships: number };
  try {
    await applySchema(a.db);
    const seconds = await loadCsvBaseline(a, exp);
    baseline = exp.rows / seconds;
    baseCounts = await counts(a);
    log(
      `load: LOAD CSV ${exp.rows} rows in ${seconds.toFixed(0)} s (${Math.round(baseline)} rows/s)`,
    );
  } finally {
    await a.stop();
  }
  const b = await startCsvEnabled('load-ours', importDir);
  try {
    await applySchema(b.db);
    const r = await loadJsonLines(b.db, jsonl, {
      batchSize: batch,
      restart: true,
      checkpointFile: null,
      progress: false,
    });
    const ourCounts = await counts(b);
    log(
      `load: ours ${r.entities + r.relationships} rows in ${r.seconds.toFixed(0)} s (${Math.round(r.rowsPerSecond)} rows/s, ${DEFAULT_WRITERS}/${DEFAULT_RELATIONSHIP_WRITERS} writers, ${r.retries} retries)`,
    );
    return {
      rows: exp.rows,
      baselineRowsPerSecond: round(baseline, 0),
      ours: {
        batch,
        writers: DEFAULT_WRITERS,
        relationshipWriters: DEFAULT_RELATIONSHIP_WRITERS,
        retries: r.retries,
        seconds: round(r.seconds),
        rowsPerSecond: round(r.rowsPerSecond, 0),
      },
      ratio: round(r.rowsPerSecond / baseline, 2),
      countsMatch:
        ourCounts.nodes === baseCounts.nodes &&
        ourCounts.relationships === baseCounts.relationships,
    };
  } finally {
    await b.stop();
  }
}
