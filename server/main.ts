import type { Server } from 'node:http';
import { seedGraph } from '../seed/data';
import { seedDatabase } from '../seed/loader';
import { createApp, DEFAULT_CLIENT_DIR } from './app';
import { loadConfig } from './config';
import { QueryStore } from './cypher';
import { openDatabase } from './db/database';
import { Db } from './db/db';
import { createLogger } from './logger';

/** Starts the database (or connects to NEO4J_URI), seeds an empty one, and listens. */
export async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const t0 = Date.now();
  const database = await openDatabase(config, (line) => logger.debug(line));
  logger.info(
    { uri: database.target.uri, mode: database.mode, ms: Date.now() - t0 },
    'neo4j ready',
  );
  const db = new Db(database.driver, new QueryStore(), database.target.database);

  try {
    const seeded = await seedDatabase(db, seedGraph, { onlyIfEmpty: true });
    if (seeded) logger.info(seeded, 'empty database: seeded the article graph');
  } catch (err) {
    // An unreachable external database must not stop the app: it reports degraded until it returns.
    logger.warn({ err: (err as Error).message }, 'could not check or seed the database');
  }

  const app = createApp({ db, mode: database.mode, logger, clientDir: DEFAULT_CLIENT_DIR });
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    logger.info(
      { ms: Date.now() - t0 },
      `Entity Graph Explorer on http://${config.HOST === '127.0.0.1' ? 'localhost' : config.HOST}:${config.PORT}`,
    );
  });
  server.on('error', async (err) => {
    logger.fatal({ err: err.message }, 'could not listen');
    await database.close();
    process.exit(1);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const forced = setTimeout(() => process.exit(1), 15000);
    forced.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`Entity Graph Explorer could not start: ${err.message}\n`);
    process.exit(1);
  });
}
