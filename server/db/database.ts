import type { Driver } from 'neo4j-driver';
import type { AppConfig, DatabaseTarget } from '../config';
import { createDriver } from './driver';
import { startLocalNeo4j, type LocalNeo4j } from './local-neo4j';
import { localPassword } from './local-password';

export interface OpenDatabase {
  target: DatabaseTarget;
  driver: Driver;
  mode: 'bundled' | 'external';
  local?: LocalNeo4j;
  close(): Promise<void>;
}

/**
 * With NEO4J_URI: that server, as is, starting nothing. Without: the bundled Neo4j, started
 * here and stopped by close().
 */
export async function openDatabase(
  config: AppConfig,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<OpenDatabase> {
  let local: LocalNeo4j | undefined;
  let target: DatabaseTarget;
  if (config.NEO4J_URI) {
    if (!config.NEO4J_PASSWORD) throw new Error('NEO4J_URI is set: NEO4J_PASSWORD is required too');
    target = {
      uri: config.NEO4J_URI,
      user: config.NEO4J_USER,
      password: config.NEO4J_PASSWORD,
      database: config.NEO4J_DATABASE,
    };
  } else {
    const password = config.NEO4J_PASSWORD ?? localPassword(config.NEO4J_DATA_DIR);
    local = await startLocalNeo4j({
      port: config.NEO4J_LOCAL_PORT,
      dataDir: config.NEO4J_DATA_DIR,
      password,
      heap: config.NEO4J_HEAP,
      log: (line) => log(`[neo4j] ${line}`),
    });
    target = { uri: local.uri, user: 'neo4j', password, database: config.NEO4J_DATABASE };
  }
  const driver = createDriver(target);
  return {
    target,
    driver,
    mode: local ? 'bundled' : 'external',
    local,
    async close() {
      // Bounded: a connection stuck on a busy server must not hold the shutdown.
      await Promise.race([
        driver.close(),
        new Promise((resolve) => setTimeout(resolve, 3000).unref()),
      ]);
      await local?.stop();
    },
  };
}
