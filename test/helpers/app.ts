import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import pino from 'pino';
import { createApp } from '../../server/app';
import { QueryStore } from '../../server/cypher';
import { createDriver } from '../../server/db/driver';
import { Db } from '../../server/db/db';

/** The suite's database, as global setup left it in the environment. */
export function suiteDriver(): Driver {
  return createDriver({
    uri: process.env.TEST_DB_URI!,
    user: process.env.TEST_DB_USER!,
    password: process.env.TEST_DB_PASSWORD!,
  });
}

export function suiteDb(driver: Driver): Db {
  return new Db(driver, new QueryStore(), process.env.TEST_DB_DATABASE || undefined);
}

export interface TestApp {
  app: Express;
  db: Db;
  driver: Driver;
  close(): Promise<void>;
}

/** The real app on the suite's database, silent logs, no client files. */
export function suiteApp(): TestApp {
  const driver = suiteDriver();
  const db = suiteDb(driver);
  const app = createApp({ db, mode: 'external', logger: pino({ level: 'silent' }) });
  return { app, db, driver, close: () => driver.close() };
}

/**
 * Node and relationship counts of the graph: tests compare them before and after to prove
 * nothing was written. The change log (:Change, one node per write, never part of the graph)
 * is counted apart by changeCount.
 */
export async function graphCounts(db: Db): Promise<{ nodes: number; relationships: number }> {
  return db.readTx(async (tx) => {
    const n = await tx.run('MATCH (n) WHERE NOT n:Change RETURN count(n) AS c');
    const r = await tx.run('MATCH ()-[r]->() RETURN count(r) AS c');
    return {
      nodes: n.records[0].get('c').toNumber(),
      relationships: r.records[0].get('c').toNumber(),
    };
  });
}

/** How many changes the log holds. */
export async function changeCount(db: Db): Promise<number> {
  const r = await db.readTx((tx) => tx.run('MATCH (c:Change) RETURN count(c) AS c'));
  return r.records[0].get('c').toNumber();
}
