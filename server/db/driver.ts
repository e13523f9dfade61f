import neo4j, { type Driver } from 'neo4j-driver';
import type { DatabaseTarget } from '../config';

/**
 * The one driver of the process. Timeouts are short on purpose: an unreachable database must
 * turn into a 503 within 2 s, not the driver's 60 s defaults. Measured against a killed bundled
 * Neo4j (connection refused): a read fails in ~1 s with a retry budget of 0 or 500 ms, but in
 * 1.2–3.1 s with 1000 ms and 3–7 s with 3000 ms, because managed transactions keep retrying
 * ServiceUnavailable with a 1 s initial back-off. After the first 503 the breaker
 * (server/security/availability.ts) answers at once until the database is back.
 */
export function createDriver(target: DatabaseTarget): Driver {
  const driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), {
    connectionAcquisitionTimeout: 2000,
    connectionTimeout: 2000,
    maxTransactionRetryTime: 500,
    maxConnectionPoolSize: 50,
    disableLosslessIntegers: false,
    userAgent: 'entity-graph-explorer',
    logging: { level: 'error', logger: () => undefined },
  });
  return withSharedBookmarks(driver);
}

/**
 * Causal consistency for the whole process: every session (services, console, loader, backup)
 * and executeQuery share the driver's one bookmark manager, so a read that starts after a write
 * has committed waits for a cluster member that has that write (a user reads their own writes
 * through `neo4j://` routing to secondaries). A session may still pass its own manager.
 */
function withSharedBookmarks(driver: Driver): Driver {
  const open = driver.session.bind(driver);
  driver.session = (config = {}) =>
    open({ bookmarkManager: driver.executeQueryBookmarkManager, ...config });
  return driver;
}
