import { QueryStore } from '../../server/cypher';
import { createDriver } from '../../server/db/driver';
import { Db } from '../../server/db/db';
import { seedGraph } from '../../seed/data';
import { seedDatabase } from '../../seed/loader';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from '../helpers/test-neo4j';

declare global {
  var __TEST_NEO4J__: TestNeo4j | undefined;
}

/**
 * Tests never touch the analyst's data: TEST_NEO4J_URI when set, otherwise a bundled Neo4j of
 * their own on a free port with a throwaway data directory. Either way it is reseeded from empty.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_NEO4J_URI) {
    process.env.TEST_DB_URI = process.env.TEST_NEO4J_URI;
    process.env.TEST_DB_USER = process.env.TEST_NEO4J_USER ?? 'neo4j';
    process.env.TEST_DB_PASSWORD = process.env.TEST_NEO4J_PASSWORD ?? '';
    process.env.TEST_DB_DATABASE = process.env.TEST_NEO4J_DATABASE ?? '';
  } else {
    const local = await startTestNeo4j('suite');
    globalThis.__TEST_NEO4J__ = local;
    process.env.TEST_DB_URI = local.neo4j.uri;
    process.env.TEST_DB_USER = 'neo4j';
    process.env.TEST_DB_PASSWORD = TEST_PASSWORD;
    process.env.TEST_DB_DATABASE = '';
    // Tests that measure the database's CPU time read /proc/<pid>/stat.
    process.env.TEST_DB_PID = String(local.neo4j.pid);
  }
  const driver = createDriver({
    uri: process.env.TEST_DB_URI,
    user: process.env.TEST_DB_USER,
    password: process.env.TEST_DB_PASSWORD,
  });
  try {
    const db = new Db(driver, new QueryStore(), process.env.TEST_DB_DATABASE || undefined);
    await seedDatabase(db, seedGraph, { reset: true });
  } finally {
    await driver.close();
  }
}
