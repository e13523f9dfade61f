/**
 * npm run restore -- FILE [--replace]
 *
 * Restores a backup written by `npm run backup` into an empty database (or, with --replace,
 * after deleting the current graph), online. Checks the whole file before writing anything and
 * verifies counts and the content checksum afterwards; exit 1 with the reason otherwise.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { restoreGraph } from '../server/ops/backup';
import { openMaintenanceDb } from '../server/ops/maintenance-db';

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { replace: { type: 'boolean' } } });
  } catch (err) {
    process.stderr.write(`restore: ${(err as Error).message}\n`);
    process.exit(2);
  }
  if (args.positionals.length !== 1) {
    process.stderr.write('usage: npm run restore -- FILE [--replace]\n');
    process.exit(2);
  }
  const log = (line: string) => process.stderr.write(`restore: ${line}\n`);
  const file = path.resolve(args.positionals[0]);
  const maintenance = await openMaintenanceDb(loadConfig(), () => undefined);
  try {
    log(`writing to the ${maintenance.how} database`);
    const t0 = Date.now();
    const summary = await restoreGraph(maintenance.db, file, {
      replace: args.values.replace === true,
      log,
    });
    log(`restored and verified in ${Date.now() - t0} ms`);
    process.stdout.write(`${JSON.stringify({ file, verified: true, ...summary })}\n`);
  } finally {
    await maintenance.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`restore failed: ${err.message}\n`);
  process.exit(1);
});
