import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { seedDatabase } from './ingest/seeding';
import { createApp, DEFAULT_CLIENT_DIR } from './app';
import { loadUsers } from './auth/users';
import type { GraphRecords } from './model/records';
import { loadConfig } from './config';
import { QueryStore } from './cypher';
import { openDatabase } from './db/database';
import { Db } from './db/db';
import { createLogger } from './logger';
import { assertSafeBinding } from './security/binding';
import { DatabaseAvailability } from './security/availability';
import { ImportJobs } from './ingest/import-jobs';
import { persistentSecret } from './state/secret';
import { cleanupExpiredState } from './state/session-store';
import { StateKeys } from './state/keys';
import { StateDb } from './state/state-db';

export interface MainOptions {
  /** The graph an empty database is seeded with (and /api/admin/reseed restores); scripts/serve.ts hands in the article's. */
  seed?: GraphRecords;
}

/**
 * Starts the database (or connects to NEO4J_URI), seeds an empty one, and listens. Refuses to
 * listen beyond loopback without users. SIGTERM/SIGINT: stop accepting, let in-flight requests
 * finish (SHUTDOWN_GRACE_MS), close the driver, stop the bundled Neo4j, exit 0.
 */
export async function main(opts: MainOptions = {}): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // Checked before anything starts: a misconfigured exposure never reaches the network.
  const users = loadUsers(config.USERS_FILE, config.USERS_JSON);
  assertSafeBinding(config.HOST, users.length);

  const t0 = Date.now();
  const database = await openDatabase(config, (line) => logger.debug(line));
  logger.info(
    {
      uri: database.target.uri,
      mode: database.mode,
      neo4jPid: database.local?.pid,
      ms: Date.now() - t0,
    },
    'neo4j ready',
  );
  const db = new Db(database.driver, new QueryStore(), database.target.database);
  const availability = new DatabaseAvailability(database.driver, database.target.database);

  // An unreachable external database must not stop the app: it reports degraded, and the empty
  // check and seed run when the database comes back.
  let seedPending = true;
  const seedIfEmpty = async () => {
    if (!opts.seed) {
      seedPending = false;
      return;
    }
    try {
      const seeded = await seedDatabase(db, opts.seed, { onlyIfEmpty: true });
      seedPending = false;
      if (seeded) logger.info(seeded, 'empty database: seeded the article graph');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'could not check or seed the database');
      availability.reportFailure();
    }
  };
  availability.on('down', () =>
    logger.warn('database unreachable: answering 503 until it returns'),
  );
  availability.on('up', (downMs: number) => {
    logger.info({ downMs }, 'database reachable again');
    if (seedPending) void seedIfEmpty();
  });
  await seedIfEmpty();

  const sessionSecret = config.SESSION_SECRET ?? persistentSecret(config.SESSION_SECRET_FILE);
  // Expired sessions, counters and finished jobs go every few minutes (any instance may do it).
  const stateDb = new StateDb(db, new StateKeys(sessionSecret), () => availability.isUp);
  const cleanup = setInterval(() => {
    cleanupExpiredState(stateDb).catch((err: Error) =>
      logger.warn({ err: err.message }, 'could not clean up expired state'),
    );
  }, 5 * 60_000);
  cleanup.unref();

  // Import jobs live in Neo4j: this instance also takes over those another one left mid-way.
  const importJobs = new ImportJobs(db).start();

  const app = createApp({
    db,
    importJobs,
    mode: database.mode,
    logger,
    clientDir: DEFAULT_CLIENT_DIR,
    availability,
    seed: opts.seed,
    auth: {
      users,
      sessionSecret,
      idleTimeoutMs: config.SESSION_IDLE_MINUTES * 60_000,
      absoluteTimeoutMs: config.SESSION_MAX_HOURS * 3_600_000,
      cookieSecure: config.SESSION_COOKIE_SECURE,
    },
    allowedHosts: config.ALLOWED_HOSTS,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    metricsToken: config.METRICS_TOKEN,
    limits: {
      consolePerMinute: config.CONSOLE_RATE_PER_MINUTE,
      searchPerMinute: config.SEARCH_RATE_PER_MINUTE,
      consoleConcurrent: config.CONSOLE_MAX_CONCURRENT_PER_USER,
    },
  });

  let stopping = false;
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    const shown = config.HOST === '127.0.0.1' ? 'localhost' : config.HOST;
    logger.info(
      { ms: Date.now() - t0, auth: users.length > 0 ? 'users' : 'local', users: users.length },
      `Entity Graph Explorer on http://${shown}:${config.PORT}`,
    );
  });
  server.on('error', async (err) => {
    logger.fatal({ err: err.message }, 'could not listen');
    availability.close();
    await database.close();
    process.exit(1);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // While stopping, answers close their connection so keep-alive clients do not linger.
  server.prependListener('request', (_req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
  });

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    logger.info({ signal, open: sockets.size }, 'stopping: no new connections');
    const forced = setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + 20_000);
    forced.unref();
    // close() stops accepting and ends idle keep-alive connections; in-flight requests finish.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => {
      logger.warn({ open: sockets.size }, 'grace period over: closing the remaining connections');
      server.closeAllConnections();
    }, config.SHUTDOWN_GRACE_MS);
    grace.unref();
    await closed;
    clearTimeout(grace);
    clearInterval(cleanup);
    // A job still running is not waited for: its lease runs out and an instance resumes it.
    void importJobs.stop();
    availability.close();
    await database.close();
    logger.info({ ms: Date.now() - started }, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
