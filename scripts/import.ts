import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../server/config';
import { QueryStore } from '../server/cypher';
import { openDatabase, type OpenDatabase } from '../server/db/database';
import { Db } from '../server/db/db';
import { isEmptyGraph } from '../server/ingest/first-load';
import {
  FORMATS,
  importData,
  type ImportFormat,
  type ImportOptions,
} from '../server/ingest/import-service';
import { InputError, readFileInput } from '../server/ingest/parse';

const USAGE =
  'npm run import -- FILE [--format bods|ftm|csv|jsonl|graphml] [--mapping MAPPING.json] [--dataset NAME] [--dry-run] [--initial|--transactional] [--report OUT.json]';

interface Args {
  file: string;
  format?: ImportFormat;
  mapping?: string;
  dataset?: string;
  dryRun: boolean;
  /** Insist on the batch importer (first load into the empty bundled database). */
  initial: boolean;
  /** Never the batch importer: the transactional loader even into an empty database. */
  transactional: boolean;
  report?: string;
}

function parseArgs(argv: string[]): Args {
  const out: Partial<Args> = { dryRun: false, initial: false, transactional: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value (${USAGE})`);
      return v;
    };
    if (a === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) {
        throw new Error(`--format must be one of ${FORMATS.join(', ')}`);
      }
      out.format = f as ImportFormat;
    } else if (a === '--mapping') out.mapping = value();
    else if (a === '--dataset') out.dataset = value();
    else if (a === '--report') out.report = value();
    else if (a === '--dry-run') out.dryRun = true;
    else if (a === '--initial') out.initial = true;
    else if (a === '--transactional') out.transactional = true;
    else if (a.startsWith('--')) throw new Error(`Unknown option ${a} (${USAGE})`);
    else if (out.file === undefined) out.file = a;
    else throw new Error(`One file only (${USAGE})`);
  }
  if (!out.file) throw new Error(`Which file? (${USAGE})`);
  if (out.initial && out.transactional) throw new Error('--initial or --transactional, not both');
  if (out.initial && out.dryRun) throw new Error('--initial writes: not with --dry-run');
  return out as Args;
}

/** `npm run import -- FILE …`: imports BODS, FtM, CSV or our JSON lines as one dataset. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.file)) throw new Error(`No such file: ${args.file}`);
  const mapping = args.mapping
    ? (JSON.parse(fs.readFileSync(args.mapping, 'utf8')) as unknown)
    : undefined;
  const buf = await readFileInput(args.file, Number(process.env.IMPORT_MAX_BYTES) || undefined);
  const config = loadConfig();
  let database: OpenDatabase | null = await openDatabase(config);
  const bar = process.stderr.isTTY
    ? new SingleBar({
        stream: process.stderr,
        format:
          ' {bar} {percentage}% | {value}/{total} records | {rate} records/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
      })
    : null;
  const t0 = Date.now();
  try {
    const db = new Db(database.driver, new QueryStore(), database.target.database);
    const firstLoad = await chooseFirstLoad(args, database, db, config, (d) => (database = d));
    let started = false;
    const report = await importData(db, buf, {
      format: args.format,
      dataset: args.dataset,
      dryRun: args.dryRun,
      mapping: mapping as never,
      firstLoad,
      fileName: path.basename(args.file),
      importedBy: process.env.USER ?? 'cli',
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) bar.start(total, 0, { rate: 0 });
        started = true;
        bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - t0) / 1000)) });
      },
    });
    bar?.stop();
    const secs = (Date.now() - t0) / 1000;
    if (report.loadedBy === 'batch-importer')
      process.stderr.write('First load into the empty bundled database: batch importer.\n');
    process.stderr.write(
      `${report.dryRun ? 'Dry run: would import' : 'Imported'} ${report.entities} entities and ${report.relationships} relationships ` +
        `from ${report.records} ${report.format} records into dataset ${report.dataset} in ${secs.toFixed(1)} s\n`,
    );
    for (const w of report.warnings.slice(0, 20)) {
      process.stderr.write(
        `  warning line ${w.line}${w.record ? ` (${w.record})` : ''}: ${w.code} ${w.message}\n`,
      );
    }
    if (report.rejected.length) {
      process.stderr.write(`${report.rejected.length} record(s) rejected:\n`);
      for (const r of report.rejected.slice(0, 50)) {
        process.stderr.write(
          `  line ${r.line}${r.record ? ` (${r.record})` : ''}: ${r.code} ${r.message}\n`,
        );
      }
      if (report.rejected.length > 50)
        process.stderr.write(`  … ${report.rejected.length - 50} more\n`);
    } else process.stderr.write('No records rejected.\n');
    if (args.report) fs.writeFileSync(args.report, JSON.stringify(report, null, 2));
    if (report.rejected.length || report.stopped) process.exitCode = 2;
  } finally {
    bar?.stop();
    await (database as OpenDatabase | null)?.close();
  }
}

/**
 * The batch importer when the target is the bundled database and it is empty (or --initial
 * asks for it, which then must hold): it stops that Neo4j, imports, and starts it again.
 */
async function chooseFirstLoad(
  args: Args,
  database: OpenDatabase,
  db: Db,
  config: ReturnType<typeof loadConfig>,
  reopened: (d: OpenDatabase | null) => void,
): Promise<ImportOptions['firstLoad']> {
  if (args.dryRun || args.transactional) return undefined;
  const bundled = database.mode === 'bundled';
  const empty = await isEmptyGraph(db);
  if (!bundled || !empty) {
    if (args.initial) {
      throw new Error(
        bundled
          ? '--initial needs an empty database: this one holds data (import without --initial to add to it)'
          : '--initial needs the bundled database: NEO4J_URI is set (import without --initial)',
      );
    }
    return undefined;
  }
  return {
    workDir: path.join(config.NEO4J_DATA_DIR, 'first-load-csv'),
    target: {
      dataDir: config.NEO4J_DATA_DIR,
      database: config.NEO4J_DATABASE,
      heap: config.NEO4J_HEAP,
      log: (line) => process.stderr.write(`${line}\n`),
      stop: async () => {
        await database.close();
        reopened(null);
      },
      start: async () => {
        const again = await openDatabase(config);
        reopened(again);
        return new Db(again.driver, new QueryStore(), again.target.database);
      },
    },
  };
}

main().catch((err: Error) => {
  const where = err instanceof InputError && err.line ? ` (line ${err.line})` : '';
  process.stderr.write(`import failed${where}: ${err.message}\n`);
  process.exit(1);
});
