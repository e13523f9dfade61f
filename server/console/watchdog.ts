/**
 * The console watchdog: every console transaction (the EXPLAIN gate's and the run's) carries
 * transaction metadata `{egxConsole: <tag>}`; when a request's time is up or its client leaves,
 * the watchdog lists what Neo4j still runs under that tag (`SHOW TRANSACTIONS`) and ends it there
 * (`TERMINATE TRANSACTIONS`), instead of trusting the driver-side timeout and connection reset.
 *
 * Measured on Neo4j 5.26: TERMINATE marks the transaction, and everything that checks it stops
 * (row operators: UNWIND, MATCH, expands). A single expression that loops inside one row
 * (`=~` backtracking, `reduce`/list comprehension over a huge `range()`) never checks and keeps
 * its core busy whatever is done from outside — closing the connection does not stop it either —
 * which is why server/console/shapes.ts refuses those shapes before they run.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db';

export const CONSOLE_META_KEY = 'egxConsole';

export interface TaggedTransaction {
  transactionId: string;
  status: string;
}

export class ConsoleWatchdog {
  /** Terminations in flight, so shutdown can wait for them. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Db,
    /** Re-checks after the first termination, for a transaction not yet listed at the time. */
    private readonly recheckMs: readonly number[] = [1000, 3000],
  ) {}

  /** A new tag for one console request. */
  tag(): string {
    return randomUUID();
  }

  metadata(tag: string): Record<string, string> {
    return { [CONSOLE_META_KEY]: tag };
  }

  /** What Neo4j still runs under this tag (terminated ones included until they really end). */
  async running(tag: string): Promise<TaggedTransaction[]> {
    const session = this.db.driver.session({ database: this.db.database });
    try {
      const r = await session.run(this.db.queries.get('console-transactions'), { tag });
      return r.records.map((rec) => ({
        transactionId: String(rec.get('transactionId')),
        status: String(rec.get('status')),
      }));
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  /** Terminates every transaction of `tag` still running; resolves with how many it ended. */
  async terminate(tag: string): Promise<number> {
    const live = (await this.running(tag)).filter((t) => !t.status.startsWith('Terminated'));
    if (live.length === 0) return 0;
    const session = this.db.driver.session({ database: this.db.database });
    try {
      const r = await session.run(this.db.queries.get('console-terminate'), {
        ids: live.map((t) => t.transactionId),
      });
      return r.records.length;
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  /** Ends the request's transactions now and again shortly after; never throws. */
  stop(tag: string): void {
    const attempt = () => {
      const p = this.terminate(tag).catch(() => 0);
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    };
    attempt();
    for (const ms of this.recheckMs) setTimeout(attempt, ms).unref();
  }

  /** Resolves once terminations in flight are done. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
