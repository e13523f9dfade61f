import neo4j, { type Driver } from 'neo4j-driver';
import type { DatabaseTarget } from '../config';

/**
 * The one driver of the process. Timeouts are short on purpose: an unreachable database must
 * turn into a 503 within seconds, not the driver's 60 s defaults.
 */
export function createDriver(target: DatabaseTarget): Driver {
  return neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), {
    connectionAcquisitionTimeout: 2000,
    connectionTimeout: 2000,
    maxTransactionRetryTime: 3000,
    maxConnectionPoolSize: 50,
    disableLosslessIntegers: false,
    userAgent: 'entity-graph-explorer',
    logging: { level: 'error', logger: () => undefined },
  });
}

/** Resolves true when the database answers within the driver's connection timeout. */
export async function isReachable(driver: Driver, database?: string): Promise<boolean> {
  try {
    await driver.verifyConnectivity({ database });
    return true;
  } catch {
    return false;
  }
}
