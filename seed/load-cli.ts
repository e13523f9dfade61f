import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { QueryStore } from '../server/cypher';
import { openDatabase } from '../server/db/database';
import { Db } from '../server/db/db';
import {
  applySchema,
  DEFAULT_BATCH_SIZE,
  formatRejections,
  loadJsonLines,
  type LoadReport,
} from '../server/ingest/loader';

const USAGE = 'npm run load -- FILE [--batch N] [--restart]';

function parseArgs(argv: string[]): { file: string; batch: number; restart: boolean } {
  let file: string | undefined;
  let batch = DEFAULT_BATCH_SIZE;
  let restart = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--batch') batch = Number(argv[++i]);
    else if (a === '--restart') restart = true;
    else if (a.startsWith('--')) throw new Error(`Unknown option ${a} (${USAGE})`);
    else if (file === undefined) file = a;
    else throw new Error(`One file only (${USAGE})`);
  }
  if (!file) throw new Error(`Which file? (${USAGE})`);
  if (!Number.isInteger(batch) || batch < 1) throw new Error('--batch needs an integer ≥ 1');
  return { file, batch, restart };
}

/** Writes every rejected row kept (with its line number) next to the input. */
function writeRejections(file: string, report: LoadReport): string | null {
  if (report.rejectedCount === 0) return null;
  const out = `${file}.rejected.txt`;
  fs.writeFileSync(
    out,
    report.rejected.map((r) => `line ${r.line}: ${r.reason}`).join('\n') +
      (report.rejectedCount > report.rejected.length
        ? `\n… ${report.rejectedCount - report.rejected.length} more not listed\n`
        : '\n'),
  );
  return out;
}

/** `npm run load -- FILE [--batch N]`: bulk-loads a JSON-lines graph into the configured database. */
async function main(): Promise<void> {
  const { file, batch, restart } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
  const database = await openDatabase(loadConfig());
  try {
    const db = new Db(database.driver, new QueryStore(), database.target.database);
    await applySchema(db);
    const report = await loadJsonLines(db, file, {
      batchSize: batch,
      restart,
      target: `${database.target.uri}/${database.target.database ?? ''}`,
    });
    if (report.resumedFrom > 0) {
      process.stderr.write(`Resumed after line ${report.resumedFrom} (checkpoint).\n`);
    }
    process.stderr.write(
      `Loaded ${report.entities} entities and ${report.relationships} relationships from ${report.lines} lines ` +
        `in ${report.seconds.toFixed(1)} s (${Math.round(report.rowsPerSecond)} rows/s, batch ${batch}) into ${database.target.uri}\n`,
    );
    process.stderr.write(`${formatRejections(report)}\n`);
    const out = writeRejections(path.resolve(file), report);
    if (out) process.stderr.write(`Full list: ${path.relative(process.cwd(), out)}\n`);
    if (report.rejectedCount > 0) process.exitCode = 2;
  } finally {
    await database.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`load failed: ${err.message}\n`);
  process.exit(1);
});
