import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import neo4j from 'neo4j-driver';
import { num, type StateDb } from './state-db';

/** How long far-from-the-limit hits wait in memory before they are added to the shared count. */
export const FLUSH_MS = 500;

/**
 * Limits below this are always counted exactly: a few hits buffered on one instance would be a
 * large share of them (the console's 60 a minute, the tests' 2 or 4).
 */
export const BUFFER_FROM_LIMIT = 100;

/** What this instance knows of one key's window. */
interface Window {
  /** The shared count the database last returned (every instance's hits). */
  known: number;
  resetAt: number;
  /** Hits counted here and not yet sent. */
  pending: number;
  /** Hits sent in the flush now in flight. */
  sending: number;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
}

/**
 * express-rate-limit's store on Neo4j (`:AppCounter`): a fixed window per key, counted in one
 * atomic query, so every instance on the database counts against the same limit.
 *
 * Far from the limit (the count this instance knows, plus its own unsent hits, at most half the
 * limit, and a limit of at least BUFFER_FROM_LIMIT), hits are counted in memory and added to the
 * shared count in one write every FLUSH_MS: a search then costs no write of its own, and 16
 * concurrent searches do not queue on one counter's lock. The first hit of a window and every hit
 * in the upper half are counted in the database at once, so the limit itself is enforced exactly
 * up to the hits other instances have not yet sent (at most FLUSH_MS of them).
 */
export class Neo4jRateStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private budget = 0;
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly state: StateDb,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
    const limit = options.limit;
    this.budget = typeof limit === 'number' && limit >= BUFFER_FROM_LIMIT ? limit / 2 : 0;
  }

  private id(key: string): string {
    return this.state.keys.id(`rate:${this.prefix}:${key}`);
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = Date.now();
    const w = this.windows.get(key);
    if (w && now < w.resetAt && w.known + w.sending + w.pending + 1 <= this.budget) {
      w.pending++;
      w.timer ??= setTimeout(() => this.flush(key, w), FLUSH_MS).unref();
      return { totalHits: w.known + w.sending + w.pending, resetTime: new Date(w.resetAt) };
    }
    // Counted exactly: with this instance's unsent hits of the same window, after its flush lands.
    let hits = 1;
    if (w) {
      if (w.timer) clearTimeout(w.timer);
      w.timer = undefined;
      if (now < w.resetAt) hits += w.pending;
      w.pending = 0;
      await w.flushing;
    }
    const { known, resetAt } = await this.hit(key, hits, now);
    // Hits buffered on the old window while this one was in flight move to the new one.
    const late = w && this.windows.get(key) === w ? w.pending : 0;
    if (w?.timer) clearTimeout(w.timer);
    const next: Window = { known, resetAt, pending: late, sending: 0 };
    this.remember(key, next);
    if (late > 0) next.timer = setTimeout(() => this.flush(key, next), FLUSH_MS).unref();
    return { totalHits: known, resetTime: new Date(resetAt) };
  }

  async decrement(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.pending > 0) {
      w.pending--;
      return;
    }
    await this.state.run('state-counter-unhit', { id: this.id(key) });
  }

  async resetKey(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w?.timer) clearTimeout(w.timer);
    this.windows.delete(key);
    await this.state.run('state-counter-delete', { ids: [this.id(key)] });
  }

  /** Sends the unsent hits of a window; on failure they stay unsent for the next hit to carry. */
  private flush(key: string, w: Window): void {
    w.timer = undefined;
    const hits = w.pending;
    if (hits === 0 || this.windows.get(key) !== w) return;
    w.pending = 0;
    w.sending = hits;
    w.flushing = this.hit(key, hits, Date.now()).then(
      ({ known, resetAt }) => {
        w.known = known;
        w.resetAt = resetAt;
        w.sending = 0;
      },
      () => {
        w.pending += hits;
        w.sending = 0;
      },
    );
  }

  private async hit(key: string, hits: number, now: number) {
    const [rec] = await this.state.run('state-counter-hit', {
      id: this.id(key),
      now,
      windowMs: this.windowMs,
      hits: neo4j.int(hits),
    });
    return { known: num(rec.get('hits')), resetAt: num(rec.get('resetAt')) };
  }

  /** Keeps a key's window, dropping windows that have ended with nothing unsent. */
  private remember(key: string, w: Window): void {
    if (this.windows.size >= 10_000) {
      const now = Date.now();
      for (const [k, old] of this.windows) {
        if (old.resetAt <= now && old.pending === 0 && old.sending === 0) this.windows.delete(k);
      }
    }
    this.windows.set(key, w);
  }
}
