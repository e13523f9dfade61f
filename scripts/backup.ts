/**
 * npm run backup -- FILE
 *
 * Writes the whole graph (schema, nodes, relationships, typed properties) to FILE as gzip JSON
 * lines, online: the app may be running. Prints the counts and the content checksum.
 */
import path from 'node:path';
import { loadConfig } from '../server/config';
import { backupGraph } from '../server/ops/backup';
import { openMaintenanceDb } from '../server/ops/maintenance-db';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    process.stderr.write('usage: npm run backup -- FILE   (e.g. backups/graph.jsonl.gz)\n');
    process.exit(2);
  }
  const log = (line: string) => process.stderr.write(`backup: ${line}\n`);
  const target = path.resolve(file);
  const maintenance = await openMaintenanceDb(loadConfig(), () => undefined);
  try {
    log(`reading the ${maintenance.how} database`);
    const t0 = Date.now();
    const summary = await backupGraph(maintenance.db, target, log);
    log(
      `${target}: ${summary.nodes} nodes, ${summary.relationships} relationships in ${Date.now() - t0} ms`,
    );
    process.stdout.write(`${JSON.stringify({ file: target, ...summary })}\n`);
  } finally {
    await maintenance.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`backup failed: ${err.message}\n`);
  process.exit(1);
});
