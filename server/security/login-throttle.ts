import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { AppError } from '../errors';

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

/** At most this many keys are remembered: a flood of names cannot grow memory without end. */
const MAX_KEYS = 100_000;

export class LoginThrottle {
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
    const e = this.entry(key);
    if (!e || e.failures < rule.free) return 0;
    const delay = Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (e.failures - rule.free));
    return Math.max(0, e.last + delay - this.now());
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

/** The account a login body names (lower-cased, bounded), or '' when it names none. */
function accountOf(req: Request): string {
  const name = (req.body as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name.slice(0, 64) : '';
}

/**
 * Middleware for POST /api/auth/login: 429 TOO_MANY_LOGIN_ATTEMPTS with Retry-After while the
 * account or the address must wait; counts the outcome (401 = failure, 200 = success).
 */
export function loginThrottle(throttle: LoginThrottle): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const account = accountOf(req);
    const address = ipKeyGenerator(req.ip ?? 'unknown');
    const wait = throttle.wait(account, address);
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
    res.once('finish', () => {
      if (res.statusCode === 401) throttle.failed(account, address);
      else if (res.statusCode === 200) throttle.succeeded(account, address);
    });
    next();
  };
}
