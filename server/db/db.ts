import type { Driver, ManagedTransaction, QueryResult, RecordShape } from 'neo4j-driver';
import { QueryStore } from '../cypher';
import { fromNeo4jError } from '../errors';

/** The driver, the database name and the query store: what every service needs to run a named query. */
export class Db {
  constructor(
    readonly driver: Driver,
    readonly queries: QueryStore,
    readonly database?: string,
  ) {}

  /** Runs a named query in a read transaction; driver failures become AppErrors. */
  async read<T extends RecordShape = RecordShape>(
    name: string,
    params: Record<string, unknown> = {},
    timeoutMs = 15000,
  ): Promise<QueryResult<T>> {
    return this.readTx((tx) => tx.run<T>(this.queries.get(name), params), timeoutMs);
  }

  async readTx<R>(work: (tx: ManagedTransaction) => Promise<R>, timeoutMs = 15000): Promise<R> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: 'READ' });
    try {
      return await session.executeRead(work, { timeout: timeoutMs });
    } catch (err) {
      throw fromNeo4jError(err);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  async writeTx<R>(work: (tx: ManagedTransaction) => Promise<R>): Promise<R> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: 'WRITE' });
    try {
      return await session.executeWrite(work);
    } catch (err) {
      throw fromNeo4jError(err);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  /** Auto-commit run, needed for schema commands and CALL {} IN TRANSACTIONS. */
  async autoCommit(text: string, params: Record<string, unknown> = {}): Promise<QueryResult> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: 'WRITE' });
    try {
      return await session.run(text, params);
    } catch (err) {
      throw fromNeo4jError(err);
    } finally {
      await session.close().catch(() => undefined);
    }
  }
}
