import { loadConfig } from '../server/config';
import { QueryStore } from '../server/cypher';
import { openDatabase } from '../server/db/database';
import { Db } from '../server/db/db';
import { seedGraph } from './data';
import { seedDatabase } from './loader';

/** `npm run seed [-- --reset]`: merges the article graph into the configured database. */
async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--reset');
  if (unknown.length) throw new Error(`Unknown argument(s): ${unknown.join(' ')} (only --reset)`);
  const database = await openDatabase(loadConfig());
  try {
    const db = new Db(database.driver, new QueryStore(), database.target.database);
    const counts = await seedDatabase(db, seedGraph, { reset: args.includes('--reset') });
    process.stdout.write(
      `Seeded ${counts?.nodes} entities and ${counts?.relationships} relationships into ${database.target.uri}\n`,
    );
  } finally {
    await database.close();
  }
}

run().catch((err: Error) => {
  process.stderr.write(`Seed failed: ${err.message}\n`);
  process.exit(1);
});
