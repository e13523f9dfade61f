import fs from 'node:fs';
import readline from 'node:readline';
import { SingleBar } from 'cli-progress';
import neo4j, { type Integer, type ManagedTransaction } from 'neo4j-driver';
import type { Db } from '../db/db';
import { IMPORTED_ID, SLUG_ID as SLUG } from '../model/entity-ids';
import { nameKeys } from '../model/name-keys';
import {
  ENTITY_KINDS,
  ID_PREFIX,
  RELATIONSHIP_TYPES,
  type EntityKind,
  type RelationshipType,
} from '../model/families';
import {
  pairClaimId,
  STAKE_TYPES,
  type EntityRecord,
  type PropertyValue,
  type RelationshipInput,
  type RelationshipRecord,
} from '../model/records';

/**
 * The one write path for entities and relationships, used by the seed and by `npm run load`:
 * fixed-shape UNWIND batches (cypher/load-*.cypher), one transaction per batch of input lines,
 * several entity batches in flight at once (DEFAULT_WRITERS), MERGE on ids (re-running or
 * retrying never duplicates), an optional checkpoint of the last line whose batch and every
 * earlier one committed (a resume skips those) and a report of rejected rows with line numbers.
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
const RATIO_KEYS = new Set(['stake', 'stakeMin', 'stakeMax', 'confidence', 'shareOfWorkforce']);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Imported ids keep the source's own identifier, case and punctuation included. */
export const IMPORT_NAMESPACES = ['bods', 'ftm', 'csv'] as const;
const DIRECTIONS = ['direct', 'indirect', 'unknown'];

function isEntityId(v: unknown): v is string {
  return typeof v === 'string' && (SLUG.test(v) || IMPORTED_ID.test(v));
}

/** Whole numbers become Neo4j Integers (exact), everything else passes as is. */
function toNeo4jValue(key: string, value: PropertyValue): PropertyValue | Integer {
  if (typeof value === 'number' && Number.isInteger(value) && !RATIO_KEYS.has(key)) {
    return neo4j.int(value);
  }
  return value;
}

function withoutUndefined(
  props: Record<string, PropertyValue | undefined>,
): Record<string, PropertyValue | Integer> {
  const out: Record<string, PropertyValue | Integer> = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = toNeo4jValue(k, v);
  return out;
}

/** The default claim id of a relationship that names none (seed, generated JSON lines). */
export const relationshipId = pairClaimId;

/** Creates what is missing of cypher/schema.cypher; returns the names of what it created. */
export async function applySchema(db: Db): Promise<string[]> {
  // One read of what exists, then only the missing statements: 24 schema transactions cost most
  // of the app's start against a database that already has them.
  const existing = await db.autoCommit(db.queries.get('schema-existing'));
  const names = new Set<string>();
  let namesIndexProperties: string[] | undefined;
  let allOnline = true;
  for (const r of existing.records) {
    if (r.get('state') !== 'ONLINE') allOnline = false;
    names.add(r.get('name') as string);
    const owner = r.get('owningConstraint') as string | null;
    if (owner) names.add(owner);
    if (r.get('name') === 'entity_names') namesIndexProperties = r.get('properties') as string[];
  }
  // A names index made before identifiers were searchable is dropped, to be made again below.
  if (namesIndexProperties && !namesIndexProperties.includes('identifiers')) {
    await db.autoCommit('DROP INDEX entity_names');
    names.delete('entity_names');
  }
  const missing = db.queries.statements('schema').filter((s) => {
    const name = schemaStatementName(s);
    return name === null || !names.has(name);
  });
  for (const statement of missing) await db.autoCommit(statement);
  if (missing.length > 0 || !allOnline) await db.autoCommit('CALL db.awaitIndexes(300)');
  return missing.map((s) => schemaStatementName(s) ?? s);
}

/** The index or constraint a `CREATE … <name> IF NOT EXISTS` statement makes (null: always run it). */
export function schemaStatementName(statement: string): string | null {
  const m =
    /^CREATE\s+(?:CONSTRAINT|(?:FULLTEXT\s+|RANGE\s+|TEXT\s+|POINT\s+)?INDEX)\s+(\w+)\s+IF\s+NOT\s+EXISTS\b/i.exec(
      statement,
    );
  return m ? m[1] : null;
}

/**
 * One entity as sent over Bolt: the node's properties in one map (the id inside it too, so
 * `SET n = row.p` never drops and re-adds the constrained key), and the date apart because it
 * becomes a Cypher DATE. Null and empty fields are left out: an absent key reads as null.
 */
export interface EntityRow {
  id: string;
  date?: string;
  /** The asserting dataset, added to the node's `datasets` list (never replaced). */
  dataset?: string;
  /** With a dataset: the record itself as JSON, kept when another dataset owns the node. */
  view?: string;
  p: Record<string, PropertyValue | Integer>;
}

/**
 * One relationship as sent over Bolt: a list, not a map (no key strings per row): [from, to, id,
 * ...REL_COLUMNS]. The family (one per type) is not sent: the query gets it once as $family.
 */
export type RelationshipRow = Array<string | number | boolean | string[] | Integer | null>;

/** Relationship properties in row order after [from, to, id]; cypher/load-relationships.cypher. */
export const REL_COLUMNS = [
  'stake',
  'stakeMin',
  'stakeMax',
  'stakeMinExclusive',
  'stakeMaxExclusive',
  'interestType',
  'directOrIndirect',
  'components',
  'beneficialOwnershipOrControl',
  'amountUsd',
  'amount',
  'currency',
  'datePrecision',
  'role',
  'source',
  'evidence',
  'confidence',
  'dataset',
  'sourceRecord',
  'record',
  'publisher',
  'sourceType',
  'since',
  'until',
] as const;

export function entityRow(e: EntityRecord): EntityRow {
  const { date, ...facts } = e.facts ?? {};
  const p = withoutUndefined({
    ...facts,
    name: e.name,
    aliases: e.aliases ?? [],
    description: e.description,
    identifiers: e.identifiers?.length ? e.identifiers : undefined,
    // Blocking keys of duplicate detection (server/model/name-keys.ts).
    nameKeys: nameKeys(e.name, e.aliases),
  });
  p.id = e.id;
  const row: EntityRow = { id: e.id, p };
  if (typeof date === 'string') row.date = date;
  if (e.dataset) {
    row.dataset = e.dataset;
    row.view = JSON.stringify(e);
  }
  return row;
}

/** Share bounds every OWNS/CONTROLS carries: exact → min = max; unknown → 0 and 1. */
function withStakeBounds(r: RelationshipRecord): RelationshipRecord {
  if (!STAKE_TYPES.has(r.type)) return r;
  return { ...r, stakeMin: r.stakeMin ?? r.stake ?? 0, stakeMax: r.stakeMax ?? r.stake ?? 1 };
}

export function relationshipRow(rel: RelationshipRecord): RelationshipRow {
  const r = withStakeBounds(rel);
  const row: RelationshipRow = [r.from, r.to, r.id];
  for (const k of REL_COLUMNS) {
    const v = r[k];
    // Same conversion as entity properties: whole amounts as Integers, ratios stay floats.
    row.push(v === undefined ? null : toNeo4jValue(k, v));
  }
  return row;
}

export interface Rejection {
  /** 1-based line of the input file (or record number for in-memory input). */
  line: number;
  reason: string;
}

export type Parsed =
  { entity: EntityRecord } | { relationship: RelationshipRecord } | { error: string };

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

function isStringList(v: unknown): boolean {
  return v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
}

const REL_STRING_KEYS = [
  'role',
  'datePrecision',
  'interestType',
  'currency',
  'dataset',
  'sourceRecord',
  'record',
  'publisher',
  'sourceType',
] as const;

/**
 * Checks one parsed JSON value against the model; the reason says what is wrong. A relationship
 * without an `id` is one claim about its pair: its id defaults to `TYPE:from->to`.
 */
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
    const ownSlug =
      typeof o.id === 'string' && SLUG.test(o.id) && o.id.startsWith(`${ID_PREFIX[kind]}:`);
    if (!ownSlug && !(typeof o.id === 'string' && IMPORTED_ID.test(o.id))) {
      return {
        error: `bad id ${JSON.stringify(o.id)} (expected ${ID_PREFIX[kind]}:<slug> or bods:|ftm:|csv:<source id>)`,
      };
    }
    for (const k of ['aliases', 'identifiers'] as const) {
      if (!isStringList(o[k])) return { error: `${k} is not a list of strings` };
    }
    if (o.dataset !== undefined && typeof o.dataset !== 'string') {
      return { error: 'dataset is not a string' };
    }
    if (typeof o.name !== 'string' || o.name.length === 0) return { error: 'missing name' };
    if (o.description !== undefined && typeof o.description !== 'string') {
      return { error: 'description is not a string' };
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
    return { entity: { description: '', ...(o as object) } as EntityRecord };
  }
  if ('type' in o) {
    if (typeof o.type !== 'string' || !(o.type in RELATIONSHIP_TYPES)) {
      return { error: `unknown relationship type ${JSON.stringify(o.type)}` };
    }
    for (const end of ['from', 'to'] as const) {
      if (!isEntityId(o[end])) {
        return { error: `bad ${end} id ${JSON.stringify(o[end])}` };
      }
    }
    if (
      o.id !== undefined &&
      (typeof o.id !== 'string' || o.id.length === 0 || o.id.length > 500)
    ) {
      return { error: `bad relationship id ${JSON.stringify(o.id)}` };
    }
    for (const k of ['stake', 'stakeMin', 'stakeMax'] as const) {
      if (o[k] !== undefined && (typeof o[k] !== 'number' || !(o[k] >= 0 && o[k] <= 1))) {
        return { error: `${k} out of range: ${JSON.stringify(o[k])} (expected 0..1)` };
      }
    }
    if (
      typeof o.stakeMin === 'number' &&
      typeof o.stakeMax === 'number' &&
      o.stakeMin > o.stakeMax
    ) {
      return { error: `stakeMin ${o.stakeMin} is above stakeMax ${o.stakeMax}` };
    }
    for (const k of [
      'stakeMinExclusive',
      'stakeMaxExclusive',
      'beneficialOwnershipOrControl',
    ] as const) {
      if (o[k] !== undefined && typeof o[k] !== 'boolean')
        return { error: `${k} is not a boolean` };
    }
    if (o.directOrIndirect !== undefined && !DIRECTIONS.includes(o.directOrIndirect as string)) {
      return { error: `directOrIndirect is not one of ${DIRECTIONS.join(', ')}` };
    }
    if (!isStringList(o.components)) return { error: 'components is not a list of strings' };
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
    if (o.amount !== undefined && (typeof o.amount !== 'number' || !Number.isFinite(o.amount))) {
      return { error: `amount is not a number` };
    }
    for (const k of REL_STRING_KEYS) {
      if (o[k] !== undefined && typeof o[k] !== 'string') return { error: `${k} is not a string` };
    }
    if (typeof o.since === 'string' && typeof o.until === 'string' && o.since >= o.until) {
      return { error: `since ${o.since} is not before until ${o.until}` };
    }
    const rel = o as unknown as RelationshipRecord;
    return { relationship: rel.id === undefined ? { ...rel, id: pairClaimId(rel) } : rel };
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
  relationships: Map<RelationshipType, { rows: RelationshipRow[]; lines: number[] }>;
  /** Lines of this batch rejected before the database (bad JSON, model): reported in order. */
  rejected: Rejection[];
  size: number;
}

function newBatch(): Batch {
  return { lastLine: 0, entities: new Map(), relationships: new Map(), rejected: [], size: 0 };
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
  for (const [type, { rows, lines }] of batch.relationships) {
    const r = await tx.run(db.queries.render('load-relationships', { TYPE: type }), {
      rows,
      family: RELATIONSHIP_TYPES[type],
    });
    const written = r.records[0].get('written').toNumber();
    relationships += written;
    if (written < rows.length) {
      const m = await tx.run(db.queries.get('load-missing-endpoints'), {
        rows: rows.map((x, i) => ({ line: neo4j.int(lines[i]), from: x[0], to: x[1] })),
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

/**
 * Writer transactions in flight at once for batches of entities only, chosen by measurement
 * (100k graph, 2 shared cores, entity phase): 1 writer 5.7–8.9 s, 2 writers 4.3–5.8 s, 3 writers
 * 4.7–6.3 s. One writer leaves Neo4j's second core idle while a batch executes and commits; entity
 * batches never conflict (distinct ids, each a new index entry).
 */
export const DEFAULT_WRITERS = 2;

/**
 * Writer transactions in flight for batches with relationships. Measured on the same graph:
 * 1 writer 15–18.5 s, 2 writers 25 s, 3 writers 25–27.5 s (and the first deadlocks). Every
 * relationship MERGE locks both endpoints until commit, and with power-law hubs nearly every
 * batch touches the same few nodes, so a second writer mostly waits on the first's locks.
 */
export const DEFAULT_RELATIONSHIP_WRITERS = 1;

/**
 * Attempts per batch for transient errors (deadlocks between writers, lock timeouts). The
 * driver's own retry gives up after maxTransactionRetryTime (500 ms, server/db/driver.ts, kept
 * short for the app's 503s), too short for a batch of thousands of MERGEs. A retried batch is
 * rolled back first and every write is a MERGE on ids, so a retry never duplicates.
 */
const MAX_ATTEMPTS = 8;

async function retryTransient<T>(work: () => Promise<T>, onRetry: () => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !neo4j.isRetryableError(err)) throw err;
      onRetry();
      // Jittered exponential back-off, so two deadlocked writers do not collide again at once.
      const ms = Math.min(5000, 50 * 2 ** attempt) * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, ms));
    }
  }
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
  /** Writer transactions in flight for batches of entities only (default DEFAULT_WRITERS). */
  writers?: number;
  /** Writer transactions in flight for batches with relationships (DEFAULT_RELATIONSHIP_WRITERS). */
  relationshipWriters?: number;
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
  /** Batches rolled back by a transient error (e.g. a deadlock) and run again. */
  retries: number;
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

/** A JSON-lines file as records, each parsed only when asked (the loader's and the first load's reader). */
export async function* fileRecords(file: string): Source['records'] {
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
  items: ReadonlyArray<EntityRecord | RelationshipInput>,
): Source['records'] {
  let line = 0;
  for (const item of items) {
    line++;
    yield { line, parsed: () => validateRecord(item), bytes: 0 };
  }
}

async function* locatedRecords(
  items: ReadonlyArray<{ line: number; record: EntityRecord | RelationshipInput }>,
  onRecord?: (done: number) => void,
): Source['records'] {
  let done = 0;
  for (const { line, record } of items) {
    onRecord?.(++done);
    yield { line, parsed: () => validateRecord(record), bytes: 0 };
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
  const writers = opts.writers ?? DEFAULT_WRITERS;
  const relationshipWriters = opts.relationshipWriters ?? DEFAULT_RELATIONSHIP_WRITERS;
  for (const w of [writers, relationshipWriters]) {
    if (!Number.isInteger(w) || w < 1) throw new Error('writers must be ≥ 1');
  }
  const target = opts.target ?? 'default';
  const cpFile = source.stat ? (opts.checkpointFile ?? null) : null;

  let skipThrough = 0;
  const report: LoadReport = {
    lines: 0,
    resumedFrom: 0,
    entities: 0,
    relationships: 0,
    batches: 0,
    retries: 0,
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
  let stop = false;

  const write = (batch: Batch) =>
    retryTransient(
      async () => {
        // Own session rather than db.writeTx: the loader keeps the driver's message (no HTTP
        // mapping); one session per batch, so writers in flight each hold their own connection.
        const session = db.driver.session({ database: db.database, defaultAccessMode: 'WRITE' });
        try {
          return await session.executeWrite(async (tx) => {
            const r = await writeBatch(db, tx, batch);
            if (opts.strict && r.missing.length) {
              throw new Error(`Row ${r.missing[0].line} rejected: ${r.missing[0].reason}`);
            }
            return r;
          });
        } finally {
          await session.close();
        }
      },
      () => report.retries++,
    );

  /**
   * Batches in flight, in input order. A batch is accounted for (counts, rejections, checkpoint)
   * only once it and every batch before it have committed, so the checkpoint never covers a line
   * whose batch might still roll back; batches after it may have committed too, and a resume
   * writes them again (MERGE: no duplicates).
   */
  const queue: Array<{ batch: Batch; result: Promise<BatchResult>; hasEntities: boolean }> = [];

  const completeOldest = async () => {
    const { batch, result: pending } = queue[0];
    const result = await pending;
    queue.shift();
    report.entities += result.entities;
    report.relationships += result.relationships;
    [...batch.rejected, ...result.missing].sort((a, b) => a.line - b.line).forEach(reject);
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
    // A relationship must find its endpoints: entities of earlier batches commit first.
    if (full.relationships.size > 0) {
      while (queue.some((q) => q.hasEntities)) await completeOldest();
    }
    const limit = full.relationships.size > 0 ? relationshipWriters : writers;
    while (queue.length >= limit) await completeOldest();
    // stopAfterBatches simulates a crash after that many commits: never start one more.
    const started = report.batches + queue.length;
    if (stop || (opts.stopAfterBatches !== undefined && started >= opts.stopAfterBatches)) return;
    const result = write(full);
    // Handled when its turn comes in completeOldest; this only keeps a failure that is still
    // queued behind an earlier one from counting as unhandled.
    result.catch(() => undefined);
    queue.push({ batch: full, result, hasEntities: full.entities.size > 0 });
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
        if (opts.strict) throw new Error(`Row ${rec.line} rejected: ${parsed.error}`);
        batch.rejected.push({ line: rec.line, reason: parsed.error });
      } else if ('entity' in parsed) {
        const e = parsed.entity;
        const rows = batch.entities.get(e.kind) ?? [];
        rows.push(entityRow(e));
        batch.entities.set(e.kind, rows);
      } else {
        const r = parsed.relationship;
        const byType = batch.relationships.get(r.type) ?? { rows: [], lines: [] };
        byType.rows.push(relationshipRow(r));
        byType.lines.push(rec.line);
        batch.relationships.set(r.type, byType);
      }
      batch.lastLine = rec.line;
      batch.size++;
      if (batch.size >= batchSize) await flush();
    }
    if (batch.size > 0 && !stop) await flush();
    while (queue.length > 0) await completeOldest();
  } finally {
    // After a failure: let the other writers finish (or fail) before the caller closes the driver.
    await Promise.allSettled(queue.map((q) => q.result));
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
  items: ReadonlyArray<EntityRecord | RelationshipInput>,
  opts: LoadOptions = {},
): Promise<LoadReport> {
  return load(db, { records: memoryRecords(items) }, { progress: false, ...opts });
}

/**
 * Loads records a reader produced, each with the line (or position) of its source record, so
 * rejections name the source's line; `onRecord` reports how many were handed to the batches.
 */
export async function loadLocated(
  db: Db,
  items: ReadonlyArray<{ line: number; record: EntityRecord | RelationshipInput }>,
  opts: LoadOptions & { onRecord?: (done: number) => void } = {},
): Promise<LoadReport> {
  const { onRecord, ...rest } = opts;
  return load(db, { records: locatedRecords(items, onRecord) }, { progress: false, ...rest });
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
