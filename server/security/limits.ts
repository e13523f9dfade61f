import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { AppError } from '../errors';
import { SharedSlots } from '../state/slots';
import { Neo4jRateStore } from '../state/rate-store';
import type { StateDb } from '../state/state-db';
import { loginThrottle, SharedLoginThrottle } from './login-throttle';
import { isConsoleRun, isSearch } from './policy';

export interface Limits {
  /** Console runs (POST /api/cypher) per user per minute. */
  consolePerMinute: number;
  /** Search requests per user per minute. */
  searchPerMinute: number;
  /** Console runs one user may have in flight at once. */
  consoleConcurrent: number;
  /** Failed logins from one client address before each further attempt waits (growing delays). */
  loginFailuresPer15Minutes: number;
  /** Failed logins for one account before each further attempt waits (growing delays). */
  loginFailuresPerAccount: number;
}

export const DEFAULT_LIMITS: Limits = {
  consolePerMinute: 60,
  searchPerMinute: 300,
  consoleConcurrent: 2,
  loginFailuresPer15Minutes: 10,
  loginFailuresPerAccount: 5,
};

/** Per user when signed in (local mode: the one local user), per client address otherwise. */
function userKey(req: Request, res: Response): string {
  const name = (res.locals.user as { name?: string } | undefined)?.name;
  return name ? `user:${name}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
}

function limiter(
  windowMs: number,
  limit: number,
  code: string,
  message: string,
  store: Neo4jRateStore,
  extra: { keyGenerator?: (req: Request, res: Response) => string; skipSuccessful?: boolean } = {},
): RequestHandler {
  return rateLimit({
    store,
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: extra.keyGenerator ?? userKey,
    skipSuccessfulRequests: extra.skipSuccessful ?? false,
    // The key generator is ours (user first, then ipKeyGenerator): nothing to warn about.
    validate: { keyGeneratorIpFallback: false },
    handler: (req: Request, _res: Response, next: NextFunction) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
      next(new AppError(429, code, message, undefined, seconds));
    },
  });
}

/** A slot left by an instance that died frees itself this long after it was taken. */
const SLOT_LEASE_MS = 60_000;

/**
 * Caps console runs in flight per user across every instance on the database (slots in Neo4j);
 * the slot frees when the answer ends or the client leaves.
 */
function concurrencyCap(max: number, slots: SharedSlots): RequestHandler {
  return async (req, res, next) => {
    const key = userKey(req, res);
    let slot: string | undefined;
    try {
      slot = await slots.acquire(key, max);
    } catch (err) {
      return next(err);
    }
    if (!slot) {
      return next(
        new AppError(
          429,
          'TOO_MANY_CONCURRENT_QUERIES',
          `At most ${max} console queries may run at once; wait for one to finish`,
          undefined,
          1,
        ),
      );
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      // The database is gone (503): a release would only hang on it; the slot ends with its lease.
      if (res.statusCode === 503) return;
      slots.release(slot).catch(() => undefined);
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}

/** Console and search limits, applied by path under /api (after the user is known). */
export function apiLimits(limits: Limits, state: StateDb): RequestHandler {
  const consoleRate = limiter(
    60_000,
    limits.consolePerMinute,
    'RATE_LIMITED',
    `At most ${limits.consolePerMinute} console queries a minute; try again shortly`,
    new Neo4jRateStore(state, 'console'),
  );
  const consoleCap = concurrencyCap(
    limits.consoleConcurrent,
    new SharedSlots(state, 'console', SLOT_LEASE_MS),
  );
  const searchRate = limiter(
    60_000,
    limits.searchPerMinute,
    'RATE_LIMITED',
    `At most ${limits.searchPerMinute} searches a minute; try again shortly`,
    new Neo4jRateStore(state, 'search'),
  );
  return (req, res, next) => {
    if (isConsoleRun(req.method, req.path)) {
      return consoleRate(req, res, (err?: unknown) =>
        err ? next(err) : consoleCap(req, res, next),
      );
    }
    if (isSearch(req.path)) return searchRate(req, res, next);
    return next();
  };
}

/**
 * Failed logins per account and per client address, counted in Neo4j for every instance: growing delays, not a lock (see
 * login-throttle.ts). An account waits at most a minute, an address at most five.
 */
export function loginLimiter(limits: Limits, state: StateDb): RequestHandler {
  return loginThrottle(
    new SharedLoginThrottle(state, {
      account: { free: limits.loginFailuresPerAccount, baseDelayMs: 1000, maxDelayMs: 60_000 },
      address: { free: limits.loginFailuresPer15Minutes, baseDelayMs: 1000, maxDelayMs: 300_000 },
      forgetAfterMs: 15 * 60_000,
    }),
  );
}
