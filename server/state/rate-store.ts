import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { num, type StateDb } from './state-db';

/**
 * express-rate-limit's store on Neo4j (`:AppCounter`): a fixed window per key, counted in one
 * atomic query, so every instance on the database counts against the same limit.
 */
export class Neo4jRateStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly state: StateDb,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private id(key: string): string {
    return this.state.keys.id(`rate:${this.prefix}:${key}`);
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const [rec] = await this.state.run('state-counter-hit', {
      id: this.id(key),
      now: Date.now(),
      windowMs: this.windowMs,
    });
    return { totalHits: num(rec.get('hits')), resetTime: new Date(num(rec.get('resetAt'))) };
  }

  async decrement(key: string): Promise<void> {
    await this.state.run('state-counter-unhit', { id: this.id(key) });
  }

  async resetKey(key: string): Promise<void> {
    await this.state.run('state-counter-delete', { ids: [this.id(key)] });
  }
}
