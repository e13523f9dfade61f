import { isInt, type Record as Neo4jRecord } from 'neo4j-driver';
import type { Db } from '../db/db';
import { unavailable } from '../errors';
import type { StateKeys } from './keys';

/**
 * Runs the state's named queries (cypher/state-*.cypher). Always in write transactions: on a
 * cluster they go to the leader, so an instance never reads a session or a counter another
 * instance has just written from a member that lags behind. While the database breaker is open
 * they fail at once (503) instead of waiting on the driver per request.
 */
export class StateDb {
  constructor(
    readonly db: Db,
    readonly keys: StateKeys,
    private readonly isUp: () => boolean = () => true,
  ) {}

  async run(name: string, params: Record<string, unknown>): Promise<Neo4jRecord[]> {
    if (!this.isUp()) throw unavailable();
    const text = this.db.queries.get(name);
    const result = await this.db.writeTx((tx) => tx.run(text, params));
    return result.records;
  }
}

/** A number read back from Neo4j (integers arrive as Integer, floats as number). */
export function num(value: unknown, fallback = 0): number {
  if (isInt(value)) return value.toNumber();
  return typeof value === 'number' ? value : fallback;
}
