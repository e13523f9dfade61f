import express, { type RequestHandler } from 'express';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Auth, type AuthOptions } from '../auth/auth';
import type { Db } from '../db/db';
import { StateKeys } from '../state/keys';
import { StateDb } from '../state/state-db';
import { roleAtLeast } from '../auth/users';
import { AppError } from '../errors';
import { authRoutes } from '../routes/auth';
import { isTypedMediaType } from '../typed-json';
import type { DatabaseAvailability } from './availability';
import { apiLimits, DEFAULT_LIMITS, loginLimiter, type Limits } from './limits';
import { cors, originGuard } from './origin';
import { isUnsafeMethod, isUpload, requiredAccess } from './policy';
import { strictRouter } from '../routes/router';

export { DatabaseAvailability } from './availability';
export { hostCheck } from './host-check';
export type { AuthOptions } from '../auth/auth';
export type { Limits } from './limits';

export interface SecurityOptions {
  auth?: AuthOptions;
  corsOrigins?: readonly string[];
  limits?: Partial<Limits>;
  availability: DatabaseAvailability;
  /** Where sessions, limits and the login throttle are kept (server/state). */
  db: Db;
}

const PUBLIC_DIR = path.join(__dirname, '..', 'auth', 'public');

/**
 * The access layers, in order. App level: sessions, the sign-in page. Under /api: CORS, the
 * origin/content-type guard (403/415), who is asking (401) + CSRF token + role (403), rate and
 * concurrency limits (429), body parsing, the auth routes, the database breaker (503).
 */
export function createSecurity(opts: SecurityOptions) {
  const secret = opts.auth?.sessionSecret ?? randomBytes(32).toString('base64url');
  const state = new StateDb(opts.db, new StateKeys(secret), () => opts.availability.isUp);
  const auth = new Auth(opts.auth, state, secret);
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const corsOrigins = opts.corsOrigins ?? [];

  const access: RequestHandler = (req, res, next) => {
    const needed = requiredAccess(req.method, req.path);
    const { user, expired } = auth.currentUser(req);
    if (user) res.locals.user = user;
    if (needed === 'public') return next();
    if (!user) {
      return next(
        expired
          ? new AppError(401, 'SESSION_EXPIRED', 'Your session has ended; sign in again')
          : new AppError(401, 'UNAUTHENTICATED', 'Sign in first'),
      );
    }
    try {
      if (isUnsafeMethod(req.method)) auth.checkCsrf(req);
    } catch (err) {
      return next(err);
    }
    if (!roleAtLeast(user.role, needed)) {
      return next(
        new AppError(
          403,
          'INSUFFICIENT_ROLE',
          `This needs the ${needed} role; you are a ${user.role}`,
        ),
      );
    }
    next();
  };

  const noStore: RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };

  const api = strictRouter();
  api.use(noStore);
  api.use(cors(corsOrigins));
  api.use(originGuard(corsOrigins));
  api.use(access);
  // Limits count from the request head: a slot is held while the body streams in.
  api.use(apiLimits(limits, state));
  const json = express.json({
    limit: '64kb',
    // Neo4j's typed JSON (console params) is parsed like application/json.
    type: (req) =>
      /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '') ||
      isTypedMediaType(req.headers['content-type']),
  });
  // An upload's body is the file: its route reads it raw, with its own size limit.
  api.use((req, res, next) => (isUpload(req.method, req.path) ? next() : json(req, res, next)));
  api.use(authRoutes(auth, loginLimiter(limits, state)));
  api.use(opts.availability.middleware());

  /** The sign-in page, and unauthenticated page navigations sent to it (users mode). */
  const pages = strictRouter();
  pages.use('/auth-assets', express.static(PUBLIC_DIR, { index: false, maxAge: '1h' }));
  pages.get('/login', (req, res) => {
    if (auth.mode === 'local' || auth.currentUser(req).user) return res.redirect(303, '/');
    res.set('Cache-Control', 'no-store');
    res.sendFile(path.join(PUBLIC_DIR, 'login.html'));
  });
  pages.get(/^\/(?!api\/|auth-assets\/)[^.]*$/, (req, res, next) => {
    if (auth.mode === 'local' || auth.currentUser(req).user) return next();
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  });

  return { auth, limits, state, sessions: auth.sessions, api, pages };
}
