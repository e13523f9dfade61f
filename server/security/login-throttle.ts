import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { AppError } from '../errors';
import { num, type StateDb } from '../state/state-db';

/**
 * Failed sign-ins slow down, per account and per client address, with growing delays rather than
 * a lock: after `free` failures each further attempt must wait `baseDelayMs · 2^(n − free − 1)`,
 * capped at `maxDelayMs`, so guessing gets slow from any number of addresses while a stranger can
 * keep the real user out for at most the cap. A success clears both counts; failures are
 * forgotten `forgetAfterMs` after the last one.
 */
export interface ThrottleRule {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface LoginThrottleOptions {
  account: ThrottleRule;
  address: ThrottleRule;
  forgetAfterMs: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  last: number;
}

/** Milliseconds `entry` must still wait under `rule` at `now` (0: may try now). */
function delayOf(entry: Entry | undefined, rule: ThrottleRule, now: number): number {
  if (!entry || entry.failures < rule.free) return 0;
  const delay = Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (entry.failures - rule.free));
  return Math.max(0, entry.last + delay - now);
}

/** Where failures are counted: one process's memory, or Neo4j for every instance. */
export interface ThrottleCounts {
  wait(account: string, address: string): number | Promise<number>;
  failed(account: string, address: string): void | Promise<void>;
  succeeded(account: string, address: string): void | Promise<void>;
}

/** At most this many keys are remembered: a flood of names cannot grow memory without end. */
const MAX_KEYS = 100_000;

/** The throttle in one process's memory (unit tests with an injected clock). */
export class LoginThrottle implements ThrottleCounts {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly opts: LoginThrottleOptions) {
    this.now = opts.now ?? Date.now;
  }

  private entry(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && this.now() - e.last > this.opts.forgetAfterMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Milliseconds to wait before `key` may try again (0: now). */
  private waitFor(key: string, rule: ThrottleRule): number {
    return delayOf(this.entry(key), rule, this.now());
  }

  /** Milliseconds before this account from this address may try again. */
  wait(account: string, address: string): number {
    return Math.max(
      this.waitFor(`acct:${account}`, this.opts.account),
      this.waitFor(`ip:${address}`, this.opts.address),
    );
  }

  failed(account: string, address: string): void {
    for (const key of [`acct:${account}`, `ip:${address}`]) {
      const e = this.entry(key) ?? { failures: 0, last: 0 };
      e.failures++;
      e.last = this.now();
      this.entries.delete(key); // re-insert: the map stays in least-recently-failed order
      this.entries.set(key, e);
    }
    while (this.entries.size > MAX_KEYS) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  succeeded(account: string, address: string): void {
    this.entries.delete(`acct:${account}`);
    this.entries.delete(`ip:${address}`);
  }
}

/**
 * The same throttle with its counts in Neo4j (`:AppCounter`, keys HMAC'd): failures from every
 * instance on the database count together; a failure is recorded before its 401 goes out.
 */
export class SharedLoginThrottle implements ThrottleCounts {
  constructor(
    private readonly state: StateDb,
    private readonly opts: LoginThrottleOptions,
  ) {}

  private ids(account: string, address: string): [string, string] {
    return [this.state.keys.id(`login:acct:${account}`), this.state.keys.id(`login:ip:${address}`)];
  }

  async wait(account: string, address: string): Promise<number> {
    const now = Date.now();
    const [acct, ip] = this.ids(account, address);
    const records = await this.state.run('state-throttle-read', { ids: [acct, ip] });
    const entries = new Map<string, Entry | undefined>();
    for (const rec of records) {
      const last = num(rec.get('last'), NaN);
      const fresh = Number.isFinite(last) && now - last <= this.opts.forgetAfterMs;
      entries.set(
        rec.get('id') as string,
        fresh ? { failures: num(rec.get('failures')), last } : undefined,
      );
    }
    return Math.max(
      delayOf(entries.get(acct), this.opts.account, now),
      delayOf(entries.get(ip), this.opts.address, now),
    );
  }

  async failed(account: string, address: string): Promise<void> {
    await this.state.run('state-throttle-fail', {
      ids: this.ids(account, address),
      now: Date.now(),
      forgetMs: this.opts.forgetAfterMs,
    });
  }

  async succeeded(account: string, address: string): Promise<void> {
    await this.state.run('state-counter-delete', { ids: this.ids(account, address) });
  }
}

/** Set by the throttle on a login request: the route reports its outcome before answering. */
export type LoginOutcome = (ok: boolean) => Promise<void>;

/** The account a login body names (lower-cased, bounded), or '' when it names none. */
function accountOf(req: Request): string {
  const name = (req.body as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name.slice(0, 64) : '';
}

/**
 * Middleware for POST /api/auth/login: 429 TOO_MANY_LOGIN_ATTEMPTS with Retry-After while the
 * account or the address must wait; counts the outcome (401 = failure, 200 = success).
 */
export function loginThrottle(throttle: ThrottleCounts): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const account = accountOf(req);
    const address = ipKeyGenerator(req.ip ?? 'unknown');
    let wait: number;
    try {
      wait = await throttle.wait(account, address);
    } catch (err) {
      return next(err);
    }
    if (wait > 0) {
      return next(
        new AppError(
          429,
          'TOO_MANY_LOGIN_ATTEMPTS',
          'Too many failed sign-ins for this account or from this address; try again shortly',
          undefined,
          Math.ceil(wait / 1000),
        ),
      );
    }
    let reported = false;
    const outcome: LoginOutcome = async (ok) => {
      reported = true;
      if (ok) await throttle.succeeded(account, address);
      else await throttle.failed(account, address);
    };
    res.locals.loginOutcome = outcome;
    // A 401 or 200 the route did not report (it always does) still counts, after the fact.
    res.once('finish', () => {
      if (reported) return;
      if (res.statusCode === 401)
        void Promise.resolve(throttle.failed(account, address)).catch(() => undefined);
      else if (res.statusCode === 200)
        void Promise.resolve(throttle.succeeded(account, address)).catch(() => undefined);
    });
    next();
  };
}
