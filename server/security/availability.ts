import { EventEmitter } from 'node:events';
import type { RequestHandler } from 'express';
import type { Driver } from 'neo4j-driver';
import { unavailable } from '../errors';
import { needsDatabase } from './policy';

/**
 * A circuit breaker in front of the database. Any 503 marks it down; while down, API calls that
 * need the database answer 503 + Retry-After at once (no driver timeouts per request) and a probe
 * checks the database every `probeIntervalMs`; the first success closes the breaker again and
 * emits 'up'. Nothing to restart.
 */
export class DatabaseAvailability extends EventEmitter {
  private state: 'up' | 'down' = 'up';
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private closed = false;
  downSince: number | undefined;

  constructor(
    private readonly driver: Driver,
    private readonly database?: string,
    private readonly probeIntervalMs = 1000,
  ) {
    super();
  }

  get isUp(): boolean {
    return this.state === 'up';
  }

  /** Something answered 503: open the breaker and start probing. */
  reportFailure(): void {
    if (this.closed || this.state === 'down') return;
    this.state = 'down';
    this.downSince = Date.now();
    this.emit('down');
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.probe();
    }, ms);
    this.timer.unref();
  }

  /** Resolves true when the database answers a query now; closes the breaker when it does. */
  async probe(): Promise<boolean> {
    if (this.probing) return false;
    this.probing = true;
    try {
      await this.driver.executeQuery('RETURN 1', {}, { database: this.database, routing: 'READ' });
      if (this.state === 'down') {
        const downMs = this.downSince ? Date.now() - this.downSince : 0;
        this.state = 'up';
        this.downSince = undefined;
        this.emit('up', downMs);
      }
      return true;
    } catch {
      if (this.state === 'up') this.reportFailure();
      else this.schedule(this.probeIntervalMs);
      return false;
    } finally {
      this.probing = false;
    }
  }

  /** API middleware: fail fast while down, and learn from every 503 that goes out. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      res.once('finish', () => {
        if (res.statusCode === 503) this.reportFailure();
      });
      if (this.state === 'down' && needsDatabase(req.path)) return next(unavailable());
      next();
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.removeAllListeners();
  }
}
