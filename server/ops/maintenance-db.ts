import type { AppConfig } from '../config';
import { QueryStore } from '../cypher';
import { openDatabase } from '../db/database';
import { createDriver } from '../db/driver';
import { localPassword } from '../db/local-password';
import { Db } from '../db/db';

export interface MaintenanceDb {
  db: Db;
  /** Where it came from: NEO4J_URI, the app's running bundled Neo4j, or one started for this. */
  how: 'external' | 'running' | 'started';
  close(): Promise<void>;
}

/**
 * The database a maintenance command (backup, restore) works on: NEO4J_URI when set; otherwise
 * the bundled Neo4j, online through Bolt when the app has it running, else started here on its
 * data directory and stopped afterwards.
 */
export async function openMaintenanceDb(
  config: AppConfig,
  log: (line: string) => void,
): Promise<MaintenanceDb> {
  const queries = new QueryStore();
  if (!config.NEO4J_URI) {
    const driver = createDriver({
      uri: `bolt://127.0.0.1:${config.NEO4J_LOCAL_PORT}`,
      user: 'neo4j',
      password: config.NEO4J_PASSWORD ?? localPassword(config.NEO4J_DATA_DIR),
    });
    try {
      await driver.getServerInfo();
      return {
        db: new Db(driver, queries, config.NEO4J_DATABASE),
        how: 'running',
        close: () => driver.close(),
      };
    } catch (err) {
      await driver.close();
      if ((err as { code?: string }).code !== 'ServiceUnavailable') throw err;
    }
  }
  const database = await openDatabase(config, log);
  return {
    db: new Db(database.driver, queries, database.target.database),
    how: database.mode === 'external' ? 'external' : 'started',
    close: () => database.close(),
  };
}
