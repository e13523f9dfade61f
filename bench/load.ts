import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { RELATIONSHIP_TYPES, type EntityKind, type RelationshipType } from '../server/families';
import neo4j from 'neo4j-driver';
import {
  applySchema,
  DEFAULT_RELATIONSHIP_WRITERS,
  DEFAULT_WRITERS,
  entityRow,
  loadJsonLines,
  REL_COLUMNS as LOADER_REL_COLUMNS,
  relationshipId,
  relationshipRow,
} from '../server/ingest/loader';
import type { EntityRecord, RelationshipRecord } from '../server/model/records';
import { resetGraph } from '../seed/loader';
import type { SeedEntity, SeedRelationship } from '../seed/model';
import { BENCH_DATA, log, round, startCsvEnabled, type BenchDb } from './lib';

/** CSV field: quoted, inner quotes doubled, lists joined by |; empty = null for LOAD CSV. */
function csv(v: unknown): string {
  // An empty list is an empty field too: LOAD CSV reads `""` as '', which would split to [''].
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return '';
  const s = Array.isArray(v) ? v.join('|') : String(v);
  return `"${s.replace(/"/g, '""')}"`;
}

const IDENT = /^[A-Za-z][A-Za-z0-9]*$/;

/** How LOAD CSV turns a column back into the value our loader writes. */
type ColumnType = 'string' | 'int' | 'float' | 'boolean' | 'list' | 'date';

function typeOf(v: unknown): ColumnType {
  if (Array.isArray(v)) return 'list';
  if (neo4j.isInt(v)) return 'int';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

interface CsvExport {
  dir: string;
  entityFiles: Array<{ kind: EntityKind; file: string; columns: Map<string, ColumnType> }>;
  relFiles: Array<{ type: RelationshipType; file: string }>;
  rows: number;
}

// The CSV carries exactly what our loader writes: each entity's property map (entityRow: name,
// aliases, identifiers, duplicate keys, facts) and each claim's row (relationshipRow: stake
// bounds filled as the loader fills them), so both sides write the same properties.
const REL_COLUMNS = ['id', 'from', 'to', 'family', ...LOADER_REL_COLUMNS] as const;
const REL_TYPES: Partial<Record<(typeof REL_COLUMNS)[number], ColumnType>> = {
  stake: 'float',
  stakeMin: 'float',
  stakeMax: 'float',
  confidence: 'float',
  amount: 'float',
  amountUsd: 'int',
  stakeMinExclusive: 'boolean',
  stakeMaxExclusive: 'boolean',
  beneficialOwnershipOrControl: 'boolean',
  components: 'list',
  since: 'date',
  until: 'date',
};

function entityProperties(o: SeedEntity): Record<string, unknown> {
  const row = entityRow(o as EntityRecord);
  const p: Record<string, unknown> = { ...row.p };
  delete p.id;
  if (row.date) p.date = row.date;
  return p;
}

/** Same data as the JSON lines, as one CSV per kind and per type (two passes, streamed). */
export async function exportCsv(jsonl: string, dir: string): Promise<CsvExport> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // Pass 1: property columns per kind and their value type.
  const columns = new Map<EntityKind, Map<string, ColumnType>>();
  const lines = () =>
    readline.createInterface({ input: fs.createReadStream(jsonl), crlfDelay: Infinity });
  for await (const line of lines()) {
    const o = JSON.parse(line) as SeedEntity | SeedRelationship;
    if (!('kind' in o)) continue;
    const m = columns.get(o.kind) ?? new Map<string, ColumnType>();
    for (const [k, v] of Object.entries(entityProperties(o))) {
      if (!IDENT.test(k)) throw new Error(`property name ${k} cannot be a CSV column`);
      m.set(k, k === 'date' ? 'date' : typeOf(v));
    }
    columns.set(o.kind, m);
  }
  const out = new Map<string, fs.WriteStream>();
  const writer = (name: string, header: string[]) => {
    let w = out.get(name);
    if (!w) {
      w = fs.createWriteStream(path.join(dir, name));
      w.write(header.map(csv).join(',') + '\n');
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
    let w: fs.WriteStream;
    let text: string;
    if ('kind' in o) {
      const kindColumns = columns.get(o.kind)!;
      const cols = [...kindColumns.keys()];
      const name = `entities-${o.kind}.csv`;
      if (!out.has(name)) entityFiles.push({ kind: o.kind, file: name, columns: kindColumns });
      w = writer(name, ['id', ...cols]);
      const p = entityProperties(o);
      text = [o.id, ...cols.map((c) => p[c])].map(csv).join(',') + '\n';
    } else {
      const name = `rels-${o.type}.csv`;
      if (!out.has(name)) relFiles.push({ type: o.type, file: name });
      w = writer(name, [...REL_COLUMNS]);
      const rel = { ...o, id: relationshipId(o) } as RelationshipRecord;
      const [from, to, id, ...rest] = relationshipRow(rel);
      text = [id, from, to, RELATIONSHIP_TYPES[o.type], ...rest].map(csv).join(',') + '\n';
    }
    if (!w.write(text)) await new Promise((res) => w.once('drain', () => res(undefined)));
  }
  await Promise.all([...out.values()].map((w) => new Promise<void>((r) => w.end(() => r()))));
  return { dir, entityFiles, relFiles, rows };
}

/** Lists the loader writes even when empty; other lists are absent when empty. */
const ALWAYS_LISTS = new Set(['aliases', 'nameKeys']);

/** `SET` items turning CSV columns back into typed properties (absent = no property). */
function setColumns(target: string, columns: Iterable<[string, ColumnType | undefined]>): string {
  return [...columns]
    .map(([k, t]) => {
      if (!IDENT.test(k)) throw new Error(`bad column ${k}`);
      const v = `row.${k}`;
      const conv =
        t === 'int'
          ? `toInteger(${v})`
          : t === 'float'
            ? `toFloat(${v})`
            : t === 'boolean'
              ? `toBoolean(${v})`
              : t === 'date'
                ? `date(${v})`
                : t === 'list'
                  ? ALWAYS_LISTS.has(k)
                    ? `CASE WHEN ${v} IS NULL THEN [] ELSE split(${v}, '|') END`
                    : `split(${v}, '|')`
                  : v;
      return `${target}.${k} = ${conv}`;
    })
    .join(', ');
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
  for (const { kind, file, columns } of exp.entityFiles) {
    await b.db.autoCommit(
      `LOAD CSV WITH HEADERS FROM $url AS row
       CALL (row) {
         MERGE (n:Entity {id: row.id})
         SET n:${kind}
         SET ${setColumns('n', columns)}
       } IN TRANSACTIONS OF ${rowsPerTx} ROWS`,
      { url: `file:///${file}` },
    );
  }
  const relSet = setColumns(
    'r',
    REL_COLUMNS.filter((c) => c !== 'id' && c !== 'from' && c !== 'to').map((c) => [
      c,
      REL_TYPES[c],
    ]),
  );
  for (const { type, file } of exp.relFiles) {
    if (!(type in RELATIONSHIP_TYPES)) throw new Error(`bad type ${type}`);
    await b.db.autoCommit(
      `LOAD CSV WITH HEADERS FROM $url AS row
       CALL (row) {
         MATCH (a:Entity {id: row.from})
         MATCH (b:Entity {id: row.to})
         MERGE (a)-[r:${type} {id: row.id}]->(b)
         SET ${relSet}
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
