import fs from 'node:fs';
import readline from 'node:readline';
import { SingleBar } from 'cli-progress';
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { Db } from '../server/db/db';
import {
  ENTITY_KINDS,
  ID_PREFIX,
  RELATIONSHIP_TYPES,
  type EntityKind,
  type RelationshipType,
} from '../server/families';
import type { SeedEntity, SeedRelationship, SeedValue } from './model';

/**
 * The one write path for entities and relationships, used by the seed and by `npm run load`:
 * fixed-shape UNWIND batches (cypher/load-*.cypher), one transaction per batch of input lines,
 * MERGE on ids (re-running never duplicates), an optional checkpoint of the last committed line
 * (a resume skips the batches already done) and a report of rejected rows with line numbers.
 */

/**
 * Input lines per transaction, chosen by measurement (bench/README.md: load sweep on the 10k
 * graph, one writer, 2 shared cores, best of 2 rounds): 1,000 lines ≈ 10.8k rows/s (round trips
 * dominate), 2,000 ≈ 14.5k, 5,000 ≈ 15.1k, 10,000 ≈ 14.7k — flat from 2,000 up, 5,000 best by a
 * hair. 5,000 also stays far inside the bundled Neo4j's 30 s transaction timeout and 1 GiB
 * transaction memory cap, and bounds what a crash makes a resume redo.
 */
export const DEFAULT_BATCH_SIZE = 5000;

/** Properties that are ratios and must stay floats even when whole (a stake of 1 is 1.0). */
const RATIO_KEYS = new Set(['stake', 'confidence', 'shareOfWorkforce']);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SLUG = /^[a-z]+:[a-z0-9._-]+$/;

/** Whole numbers become Neo4j Integers (exact), everything else passes as is. */
function toNeo4jValue(key: string, value: SeedValue): unknown {
  if (typeof value === 'number' && Number.isInteger(value) && !RATIO_KEYS.has(key)) {
    return neo4j.int(value);
  }
  return value;
}

function withoutUndefined(props: Record<string, SeedValue | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = toNeo4jValue(k, v);
  return out;
}

export function relationshipId(rel: Pick<SeedRelationship, 'type' | 'from' | 'to'>): string {
  return `${rel.type}:${rel.from}->${rel.to}`;
}

export async function applySchema(db: Db): Promise<void> {
  for (const statement of db.queries.statements('schema')) await db.autoCommit(statement);
  await db.autoCommit('CALL db.awaitIndexes(300)');
}

export interface EntityRow {
  id: string;
  date: string | null;
  properties: Record<string, unknown>;
}

export interface RelationshipRow {
  id: string;
  from: string;
  to: string;
  since: string | null;
  until: string | null;
  properties: Record<string, unknown>;
}

export function entityRow(e: SeedEntity): EntityRow {
  const { date, ...facts } = e.facts ?? {};
  return {
    id: e.id,
    date: typeof date === 'string' ? date : null,
    properties: withoutUndefined({
      ...facts,
      name: e.name,
      aliases: e.aliases ?? [],
      description: e.description,
    }),
  };
}

export function relationshipRow(r: SeedRelationship): RelationshipRow {
  return {
    id: relationshipId(r),
    from: r.from,
    to: r.to,
    since: r.since ?? null,
    until: r.until ?? null,
    properties: withoutUndefined({
      family: RELATIONSHIP_TYPES[r.type],
      stake: r.stake,
      amountUsd: r.amountUsd,
      datePrecision: r.datePrecision,
      role: r.role,
      source: r.source,
      evidence: r.evidence,
      confidence: r.confidence,
    }),
  };
}

export interface Rejection {
  /** 1-based line of the input file (or record number for in-memory input). */
  line: number;
  reason: string;
}

export type Parsed =
  { entity: SeedEntity } | { relationship: SeedRelationship } | { error: string };

function isDate(v: unknown): boolean {
  if (typeof v !== 'string' || !DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function isPropertyValue(v: unknown): boolean {
  if (typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Checks one parsed JSON value against the model; the reason says what is wrong. */
export function validateRecord(value: unknown): Parsed {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'not a JSON object' };
  }
  const o = value as Record<string, unknown>;
  if ('kind' in o) {
    if (!(ENTITY_KINDS as readonly unknown[]).includes(o.kind)) {
      return { error: `unknown kind ${JSON.stringify(o.kind)}` };
    }
    const kind = o.kind as EntityKind;
    if (typeof o.id !== 'string' || !SLUG.test(o.id) || !o.id.startsWith(`${ID_PREFIX[kind]}:`)) {
      return { error: `bad id ${JSON.stringify(o.id)} (expected ${ID_PREFIX[kind]}:<slug>)` };
    }
    if (typeof o.name !== 'string' || o.name.length === 0) return { error: 'missing name' };
    if (o.description !== undefined && typeof o.description !== 'string') {
      return { error: 'description is not a string' };
    }
    if (
      o.aliases !== undefined &&
      !(Array.isArray(o.aliases) && o.aliases.every((a) => typeof a === 'string'))
    ) {
      return { error: 'aliases is not a list of strings' };
    }
    if (o.facts !== undefined) {
      if (typeof o.facts !== 'object' || o.facts === null || Array.isArray(o.facts)) {
        return { error: 'facts is not an object' };
      }
      for (const [k, v] of Object.entries(o.facts)) {
        if (!isPropertyValue(v)) return { error: `fact ${k} is not a property value` };
      }
      const date = (o.facts as Record<string, unknown>).date;
      if (date !== undefined && !isDate(date)) return { error: `bad date ${JSON.stringify(date)}` };
    }
    return { entity: { description: '', ...(o as object) } as SeedEntity };
  }
  if ('type' in o) {
    if (typeof o.type !== 'string' || !(o.type in RELATIONSHIP_TYPES)) {
      return { error: `unknown relationship type ${JSON.stringify(o.type)}` };
    }
    for (const end of ['from', 'to'] as const) {
      if (typeof o[end] !== 'string' || !SLUG.test(o[end] as string)) {
        return { error: `bad ${end} id ${JSON.stringify(o[end])}` };
      }
    }
    if (o.stake !== undefined && (typeof o.stake !== 'number' || !(o.stake >= 0 && o.stake <= 1))) {
      return { error: `stake out of range: ${JSON.stringify(o.stake)} (expected 0..1)` };
    }
    if (typeof o.source !== 'string' || typeof o.evidence !== 'string') {
      return { error: 'missing provenance (source and evidence)' };
    }
    if (typeof o.confidence !== 'number' || !(o.confidence >= 0 && o.confidence <= 1)) {
      return { error: `confidence out of range: ${JSON.stringify(o.confidence)} (expected 0..1)` };
    }
    for (const k of ['since', 'until'] as const) {
      if (o[k] !== undefined && !isDate(o[k])) return { error: `bad ${k} ${JSON.stringify(o[k])}` };
    }
    if (o.amountUsd !== undefined && (typeof o.amountUsd !== 'number' || !(o.amountUsd >= 0))) {
      return { error: `amountUsd is not a non-negative number` };
    }
    for (const k of ['role', 'datePrecision'] as const) {
      if (o[k] !== undefined && typeof o[k] !== 'string') return { error: `${k} is not a string` };
    }
    return { relationship: o as unknown as SeedRelationship };
  }
  return { error: 'neither an entity (no "kind") nor a relationship (no "type")' };
}

/** One input line: JSON, then the model. */
export function parseLine(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `bad JSON: ${(err as Error).message}` };
  }
  return validateRecord(value);
}

interface Batch {
  /** Last input line covered by this batch (the checkpoint once committed). */
  lastLine: number;
  entities: Map<EntityKind, EntityRow[]>;
  relationships: Map<RelationshipType, Array<RelationshipRow & { line: number }>>;
  size: number;
}

function newBatch(): Batch {
  return { lastLine: 0, entities: new Map(), relationships: new Map(), size: 0 };
}

interface BatchResult {
  entities: number;
  relationships: number;
  missing: Rejection[];
}

/** Writes one batch in the given transaction: entities first (by kind), then relationships. */
async function writeBatch(db: Db, tx: ManagedTransaction, batch: Batch): Promise<BatchResult> {
  let entities = 0;
  let relationships = 0;
  const missing: Rejection[] = [];
  for (const [kind, rows] of batch.entities) {
    const r = await tx.run(db.queries.render('load-entities', { KIND: kind }), { rows });
    entities += r.records[0].get('written').toNumber();
  }
  for (const [type, rows] of batch.relationships) {
    const r = await tx.run(db.queries.render('load-relationships', { TYPE: type }), {
      rows: rows.map(({ line: _line, ...row }) => row),
    });
    const written = r.records[0].get('written').toNumber();
    relationships += written;
    if (written < rows.length) {
      const m = await tx.run(db.queries.get('load-missing-endpoints'), {
        rows: rows.map((x) => ({ line: neo4j.int(x.line), from: x.from, to: x.to })),
      });
      for (const rec of m.records) {
        missing.push({
          line: rec.get('line').toNumber(),
          reason: `missing endpoint ${rec.get('missing') as string}`,
        });
      }
    }
  }
  return { entities, relationships, missing };
}

export interface Checkpoint {
  version: 1;
  file: string;
  size: number;
  mtimeMs: number;
  target: string;
  lastLine: number;
  entities: number;
  relationships: number;
  rejectedCount: number;
  rejected: Rejection[];
}

/** Rejections kept in detail (all are counted). */
const MAX_REJECTIONS_KEPT = 10_000;

export interface LoadOptions {
  /** Input lines per transaction (default DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Where the checkpoint lives; null for none (in-memory input never has one). */
  checkpointFile?: string | null;
  /** Ignore an existing checkpoint and start from line 1. */
  restart?: boolean;
  /** Stop (as if the process had died) after this many committed batches: for tests. */
  stopAfterBatches?: number;
  /** Progress bar on stderr: 'auto' (default) = only when stderr is a TTY. */
  progress?: boolean | 'auto';
  /** Throw (rolling the batch back) on the first rejected row instead of reporting it. */
  strict?: boolean;
  /** Identifies the database in the checkpoint, so a resume never skips lines of another one. */
  target?: string;
  /**
   * Also end a batch where the kind or type changes, so each transaction runs one query: keeps
   * transactions short when every query is compiled cold (the seed on a fresh database).
   */
  batchPerGroup?: boolean;
}

export interface LoadReport {
  /** Input lines read (including skipped and rejected ones). */
  lines: number;
  /** Lines skipped because a checkpoint said they were already committed. */
  resumedFrom: number;
  entities: number;
  relationships: number;
  batches: number;
  rejectedCount: number;
  rejected: Rejection[];
  /** True when stopAfterBatches ended the load early. */
  stopped: boolean;
  seconds: number;
  /** Rows written (entities + relationships) per second, this run only. */
  rowsPerSecond: number;
}

interface Source {
  /** Lines (or records) in order, with their 1-based number. */
  records: AsyncIterable<{ line: number; parsed: () => Parsed; bytes: number }>;
  totalBytes?: number;
  stat?: { file: string; size: number; mtimeMs: number };
}

async function* fileRecords(file: string): Source['records'] {
  const rl = readline.createInterface({
    input: fs.createReadStream(file, { highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() === '') {
      yield { line, parsed: () => ({ error: 'empty line' }), bytes: text.length + 1 };
      continue;
    }
    yield { line, parsed: () => parseLine(text), bytes: text.length + 1 };
  }
}

async function* memoryRecords(
  items: ReadonlyArray<SeedEntity | SeedRelationship>,
): Source['records'] {
  let line = 0;
  for (const item of items) {
    line++;
    yield { line, parsed: () => validateRecord(item), bytes: 0 };
  }
}

function readCheckpoint(file: string): Checkpoint | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Checkpoint;
  } catch {
    return null;
  }
}

function writeCheckpoint(file: string, cp: Checkpoint): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(cp));
  fs.renameSync(tmp, file);
}

async function load(db: Db, source: Source, opts: LoadOptions): Promise<LoadReport> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batch size must be ≥ 1');
  const target = opts.target ?? 'default';
  const cpFile = source.stat ? (opts.checkpointFile ?? null) : null;

  let skipThrough = 0;
  const report: LoadReport = {
    lines: 0,
    resumedFrom: 0,
    entities: 0,
    relationships: 0,
    batches: 0,
    rejectedCount: 0,
    rejected: [],
    stopped: false,
    seconds: 0,
    rowsPerSecond: 0,
  };
  if (cpFile && source.stat && !opts.restart) {
    const cp = readCheckpoint(cpFile);
    if (
      cp &&
      cp.version === 1 &&
      cp.file === source.stat.file &&
      cp.size === source.stat.size &&
      cp.mtimeMs === source.stat.mtimeMs &&
      cp.target === target
    ) {
      skipThrough = cp.lastLine;
      report.resumedFrom = cp.lastLine;
      report.entities = cp.entities;
      report.relationships = cp.relationships;
      report.rejectedCount = cp.rejectedCount;
      report.rejected = cp.rejected;
    }
  }
  const base = { entities: report.entities, relationships: report.relationships };

  const reject = (r: Rejection) => {
    if (opts.strict) throw new Error(`Row ${r.line} rejected: ${r.reason}`);
    report.rejectedCount++;
    if (report.rejected.length < MAX_REJECTIONS_KEPT) report.rejected.push(r);
  };

  const showBar =
    opts.progress === true || ((opts.progress ?? 'auto') === 'auto' && process.stderr.isTTY);
  const bar = showBar
    ? new SingleBar({
        stream: process.stderr,
        format:
          ' {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted} | rejected {rejected}',
        hideCursor: true,
        etaBuffer: 50,
      })
    : null;
  bar?.start(source.totalBytes ?? 1, 0, { rows: 0, rate: 0, rejected: report.rejectedCount });

  const t0 = Date.now();
  let bytes = 0;
  let inflight: Promise<void> = Promise.resolve();
  let stop = false;

  const commit = async (batch: Batch) => {
    // Own session rather than db.writeTx: the loader keeps the driver's message (no HTTP mapping).
    const session = db.driver.session({ database: db.database, defaultAccessMode: 'WRITE' });
    const result = await session
      .executeWrite(async (tx) => {
        const r = await writeBatch(db, tx, batch);
        if (opts.strict && r.missing.length) {
          throw new Error(`Row ${r.missing[0].line} rejected: ${r.missing[0].reason}`);
        }
        return r;
      })
      .finally(() => session.close());
    report.entities += result.entities;
    report.relationships += result.relationships;
    result.missing.sort((a, b) => a.line - b.line).forEach(reject);
    report.batches++;
    if (cpFile && source.stat) {
      writeCheckpoint(cpFile, {
        version: 1,
        ...source.stat,
        target,
        lastLine: batch.lastLine,
        entities: report.entities,
        relationships: report.relationships,
        rejectedCount: report.rejectedCount,
        rejected: report.rejected,
      });
    }
    if (opts.stopAfterBatches !== undefined && report.batches >= opts.stopAfterBatches) {
      stop = true;
    }
    const rows = report.entities + report.relationships - base.entities - base.relationships;
    bar?.update(bytes, {
      rows: report.entities + report.relationships,
      rate: Math.round(rows / Math.max(0.001, (Date.now() - t0) / 1000)),
      rejected: report.rejectedCount,
    });
  };

  let batch = newBatch();
  let group = '';
  const flush = async () => {
    const full = batch;
    batch = newBatch();
    await inflight;
    if (stop) return;
    // One batch commits while the next is parsed; commits stay in order, so the checkpoint is exact.
    inflight = commit(full);
    inflight.catch(() => undefined);
  };

  try {
    for await (const rec of source.records) {
      report.lines = rec.line;
      bytes += rec.bytes;
      if (rec.line <= skipThrough) continue;
      if (stop) break;
      const parsed = rec.parsed();
      if (opts.batchPerGroup && 'error' in parsed === false) {
        const key = 'entity' in parsed ? parsed.entity.kind : parsed.relationship.type;
        if (batch.size > 0 && key !== group) await flush();
        group = key;
      }
      if ('error' in parsed) {
        reject({ line: rec.line, reason: parsed.error });
      } else if ('entity' in parsed) {
        const e = parsed.entity;
        const rows = batch.entities.get(e.kind) ?? [];
        rows.push(entityRow(e));
        batch.entities.set(e.kind, rows);
      } else {
        const r = parsed.relationship;
        const rows = batch.relationships.get(r.type) ?? [];
        rows.push({ ...relationshipRow(r), line: rec.line });
        batch.relationships.set(r.type, rows);
      }
      batch.lastLine = rec.line;
      batch.size++;
      if (batch.size >= batchSize) await flush();
    }
    if (batch.size > 0 && !stop) await flush();
    await inflight;
  } finally {
    await inflight.catch(() => undefined);
    bar?.update(bytes);
    bar?.stop();
  }

  report.stopped = stop;
  if (!stop && cpFile && fs.existsSync(cpFile)) fs.rmSync(cpFile);
  report.seconds = (Date.now() - t0) / 1000;
  const rows = report.entities + report.relationships - base.entities - base.relationships;
  report.rowsPerSecond = rows / Math.max(0.001, report.seconds);
  return report;
}

export function defaultCheckpointFile(file: string): string {
  return `${file}.checkpoint.json`;
}

/** Loads a JSON-lines file (entities and relationships, entities before their relationships). */
export async function loadJsonLines(
  db: Db,
  file: string,
  opts: LoadOptions = {},
): Promise<LoadReport> {
  const stat = fs.statSync(file);
  const abs = fs.realpathSync(file);
  return load(
    db,
    {
      records: fileRecords(abs),
      totalBytes: stat.size,
      stat: { file: abs, size: stat.size, mtimeMs: stat.mtimeMs },
    },
    { checkpointFile: defaultCheckpointFile(abs), ...opts },
  );
}

/** Loads in-memory records (the seed) through the same batches; no checkpoint. */
export async function loadRecords(
  db: Db,
  items: ReadonlyArray<SeedEntity | SeedRelationship>,
  opts: LoadOptions = {},
): Promise<LoadReport> {
  return load(db, { records: memoryRecords(items) }, { progress: false, ...opts });
}

/** Human summary of the rejected rows: count, then the first `max` with their line numbers. */
export function formatRejections(report: LoadReport, max = 20): string {
  if (report.rejectedCount === 0) return 'No rows rejected.';
  const lines = report.rejected.slice(0, max).map((r) => `  line ${r.line}: ${r.reason}`);
  const more = report.rejectedCount - Math.min(max, report.rejected.length);
  return [
    `${report.rejectedCount} row(s) rejected:`,
    ...lines,
    ...(more > 0 ? [`  … and ${more} more`] : []),
  ].join('\n');
}
