import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../server/app';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';

/**
 * The real app in a process of its own (so its RSS is the server's alone, and autocannon does
 * not share its event loop). Env: BENCH_NEO4J_URI, BENCH_NEO4J_PASSWORD, BENCH_CLIENT_DIR
 * (optional). Prints `LISTENING <port>`. Rate limits are lifted: the bench is the only client.
 */
const driver = createDriver({
  uri: process.env.BENCH_NEO4J_URI!,
  user: 'neo4j',
  password: process.env.BENCH_NEO4J_PASSWORD!,
});
const app = createApp({
  db: new Db(driver, new QueryStore()),
  mode: 'external',
  logger: pino({ level: 'silent' }),
  clientDir: process.env.BENCH_CLIENT_DIR || undefined,
  limits: { searchPerMinute: 1e9, consolePerMinute: 1e9 },
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => {
  server.close();
  void driver.close().then(() => process.exit(0));
});
