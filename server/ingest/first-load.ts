import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import neo4j from 'neo4j-driver';
import type { Db } from '../db/db';
import { LAUNCHER_JAR } from '../db/local-neo4j';
import { ARRAY_DELIMITER, writeImportCsv, type ImportCsv } from './import-csv';
import { applySchema, fileRecords, type Parsed, type Rejection } from './loader';

/**
 * First load into an empty bundled database through Neo4j's parallel batch importer: the
 * records become the importer's CSV files (import-csv.ts), the bundled Neo4j is stopped, the
 * importer (org.neo4j.cli.AdminTool `database import full`, on the launcher's own class path:
 * no other Neo4j) writes the store files, Neo4j starts again and the schema is created. The
 * caller stops and starts Neo4j (FirstLoadTarget): the CLI, a test or the bench each own theirs.
 */

export interface FirstLoadTarget {
  /** The bundled Neo4j's home (NEO4J_DATA_DIR): data/databases/<database> is replaced. */
  dataDir: string;
  /** Database name (default neo4j). */
  database?: string;
  /** Heap of the importer's JVM (default 1g; the importer works mostly off-heap). */
  heap?: string;
  /** Off-heap memory the importer may use (default 1g: the machine is shared). */
  offHeap?: string;
  /** Stops the running Neo4j on dataDir (resolves once it has exited). */
  stop(): Promise<void>;
  /** Starts it again; the Db it answers is where the schema is created. */
  start(): Promise<Db>;
  log?: (line: string) => void;
}

export interface FirstLoadReport {
  /** Always 'batch-importer': the path this report comes from. */
  path: 'batch-importer';
  lines: number;
  entities: number;
  relationships: number;
  rejectedCount: number;
  rejected: Rejection[];
  seconds: number;
  rowsPerSecond: number;
  /** Where the time went, in seconds. */
  phases: {
    csv: number;
    stop: number;
    importer: number;
    start: number;
    /** Writing `aliases: []` where the importer could not (part of the next phase's time). */
    emptyAliases: number;
    schema: number;
  };
}

const LIB_DIR = path.join(path.dirname(LAUNCHER_JAR), 'lib');

/** Runs the batch importer on CSV files already written; Neo4j on dataDir must be stopped. */
export async function runBatchImporter(
  csv: Pick<ImportCsv, 'dir' | 'nodeFiles' | 'relationshipFiles' | 'multiline'>,
  target: Pick<FirstLoadTarget, 'dataDir' | 'database' | 'heap' | 'offHeap' | 'log'>,
): Promise<void> {
  const conf = path.join(csv.dir, 'conf');
  fs.mkdirSync(conf, { recursive: true });
  // The importer reads neo4j.conf from NEO4J_CONF: defaults, so data/ is <home>/data as the launcher's.
  fs.writeFileSync(path.join(conf, 'neo4j.conf'), '');
  const args = [
    `-Xmx${target.heap ?? '1g'}`,
    '-XX:+UseG1GC',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '-cp',
    path.join(LIB_DIR, '*'),
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    ...csv.nodeFiles.map((f) => `--nodes=${f}`),
    ...csv.relationshipFiles.map((f) => `--relationships=${f}`),
    `--array-delimiter=U+${ARRAY_DELIMITER.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`,
    `--multiline-fields=${csv.multiline}`,
    '--overwrite-destination=true',
    `--max-off-heap-memory=${target.offHeap ?? '1g'}`,
    `--report-file=${path.join(csv.dir, 'import.report')}`,
    target.database ?? 'neo4j',
  ];
  const child = spawn('java', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEO4J_HOME: path.resolve(target.dataDir), NEO4J_CONF: conf },
  });
  const tail: string[] = [];
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    if (/^(IMPORT|Imported| {2}\d+ (nodes|relationships|properties)|Peak)/.test(line))
      target.log?.(`[importer] ${line.trim()}`);
  };
  readline.createInterface({ input: child.stdout! }).on('line', keep);
  readline.createInterface({ input: child.stderr! }).on('line', keep);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) {
    throw new Error(`the batch importer failed (exit ${code}):\n${tail.join('\n')}`);
  }
}

/**
 * After the import: empty lists the importer cannot write, the schema, indexes online. Answers
 * the seconds the empty aliases took (the rest is the schema and its indexes).
 */
export async function completeFirstLoad(db: Db, csv: ImportCsv): Promise<number> {
  const t0 = Date.now();
  // Every entity carries `aliases`, empty or not, as the loader writes it.
  await db.autoCommit(db.queries.get('first-load-empty-aliases'));
  const aliasesSeconds = (Date.now() - t0) / 1000;
  await applySchema(db);
  const { entities, relationships } = csv.emptyLists;
  for (let i = 0; i < entities.length; i += 10_000) {
    await db.autoCommit(db.queries.get('first-load-empty-entity-lists'), {
      rows: entities.slice(i, i + 10_000),
    });
  }
  for (let i = 0; i < relationships.length; i += 10_000) {
    await db.autoCommit(db.queries.get('first-load-empty-relationship-lists'), {
      rows: relationships.slice(i, i + 10_000),
    });
  }
  await db.autoCommit('CALL db.awaitIndexes($seconds)', { seconds: neo4j.int(3600) });
  return aliasesSeconds;
}

type Records =
  | AsyncIterable<{ line: number; parsed: () => Parsed }>
  | Iterable<{ line: number; parsed: () => Parsed }>;

/**
 * The whole first load: CSV files (in `workDir`, deleted afterwards), stop, import, start,
 * schema. Throws before stopping Neo4j when the records cannot be written as CSV.
 */
export async function firstLoad(
  target: FirstLoadTarget,
  records: Records,
  workDir: string,
): Promise<{ db: Db; report: FirstLoadReport }> {
  const t0 = Date.now();
  const at = () => (Date.now() - t0) / 1000;
  const log = target.log ?? (() => undefined);
  try {
    const csv = await writeImportCsv(records, workDir);
    const tCsv = at();
    log(`first load: ${csv.entities} entities, ${csv.relationships} relationships as CSV`);
    await target.stop();
    const tStop = at();
    try {
      await runBatchImporter(csv, target);
    } catch (err) {
      // The database was empty: a store the importer left half-written is removed, so Neo4j
      // starts again with an empty one (never left stopped, never half-loaded).
      const name = target.database ?? 'neo4j';
      for (const sub of ['databases', 'transactions']) {
        fs.rmSync(path.join(target.dataDir, 'data', sub, name), { recursive: true, force: true });
      }
      await target.start();
      throw err;
    }
    const tImport = at();
    const db = await target.start();
    const tStart = at();
    const emptyAliases = await completeFirstLoad(db, csv);
    const seconds = at();
    return {
      db,
      report: {
        path: 'batch-importer',
        lines: csv.lines,
        entities: csv.entities,
        relationships: csv.relationships,
        rejectedCount: csv.rejectedCount,
        rejected: csv.rejected,
        seconds,
        rowsPerSecond: (csv.entities + csv.relationships) / Math.max(0.001, seconds),
        phases: {
          csv: tCsv,
          stop: tStop - tCsv,
          importer: tImport - tStop,
          start: tStart - tImport,
          emptyAliases,
          schema: seconds - tStart,
        },
      },
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** `npm run load`'s JSON lines through the batch importer (the bench's first-load path). */
export function firstLoadJsonLines(
  target: FirstLoadTarget,
  file: string,
  workDir: string,
): Promise<{ db: Db; report: FirstLoadReport }> {
  return firstLoad(target, fileRecords(file), workDir);
}

/** True when the database holds no node at all: the only case the batch importer may fill. */
export async function isEmptyGraph(db: Db): Promise<boolean> {
  const r = await db.read('graph-has-nodes');
  return r.records[0].get('hasNodes') !== true;
}
