import type { Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';
import { Neo4jSessionStore } from '../state/session-store';
import type { StateDb } from '../state/state-db';
import { LOCAL_USER, type SessionUser, type UserRecord } from './users';

declare module 'express-session' {
  interface SessionData {
    user?: SessionUser;
    csrfToken?: string;
    createdAt?: number;
    lastSeen?: number;
  }
}

/** How the app authenticates; createApp builds it from `deps.auth`. */
export interface AuthOptions {
  /** Empty (or auth omitted): single-user local mode, allowed on loopback only. */
  users: UserRecord[];
  /**
   * Signs the session cookie and keys the state in Neo4j; random per process when omitted (then
   * a restart signs everyone out and no other instance shares the sessions).
   */
  sessionSecret?: string;
  /** How long an instance reuses a session it read before reading it again (default 1 s). */
  sessionCacheMs?: number;
  /** A session unused this long ends (default 30 min). */
  idleTimeoutMs?: number;
  /** A session ends this long after login whatever its use (default 12 h). */
  absoluteTimeoutMs?: number;
  /** Send the cookie over HTTPS only (set when TLS terminates in front of the app). */
  cookieSecure?: boolean;
  /** Clock, injectable so tests can expire sessions without waiting. */
  now?: () => number;
}

export const SESSION_COOKIE = 'egx.sid';
export const CSRF_HEADER = 'x-csrf-token';
/** Anonymous visitors' CSRF nonce: a cookie, so that asking for a token stores no session. */
export const CSRF_COOKIE = 'egx.csrf';
const DEFAULT_IDLE_MS = 30 * 60 * 1000;
const DEFAULT_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function promisify(fn: (cb: (err?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
}

/** Who is asking, sessions, CSRF tokens: one object shared by the guards and the auth routes. */
export class Auth {
  readonly mode: 'users' | 'local';
  readonly users: ReadonlyMap<string, UserRecord>;
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
  readonly now: () => number;
  /** express-session over Neo4j (`:AppSession`); a no-op in local mode. */
  readonly sessions: RequestHandler;
  /** Local mode has no session: one token per process, handed out but not required. */
  private readonly localToken = newToken();
  /** Signs anonymous CSRF tokens (HMAC of the visitor's nonce cookie). */
  private readonly csrfSecret: string;
  private readonly cookieSecure: boolean;

  /** lastSeen is written back at most this often (a session changed on every request is a write). */
  private readonly touchEveryMs: number;

  constructor(opts: AuthOptions | undefined, state: StateDb, secret: string) {
    const users = opts?.users ?? [];
    this.mode = users.length > 0 ? 'users' : 'local';
    this.users = new Map(users.map((u) => [u.name, u]));
    this.idleTimeoutMs = opts?.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    this.absoluteTimeoutMs = opts?.absoluteTimeoutMs ?? DEFAULT_ABSOLUTE_MS;
    this.now = opts?.now ?? Date.now;
    this.csrfSecret = secret;
    this.touchEveryMs = Math.min(60_000, Math.floor(this.idleTimeoutMs / 10));
    this.cookieSecure = opts?.cookieSecure ?? false;
    if (this.mode === 'local') {
      this.sessions = (_req, _res, next) => next();
      return;
    }
    this.sessions = session({
      name: SESSION_COOKIE,
      secret: this.csrfSecret,
      store: new Neo4jSessionStore(state, {
        cacheMs: opts?.sessionCacheMs,
        ttlMs: this.idleTimeoutMs,
        touchEveryMs: this.touchEveryMs,
      }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      unset: 'destroy',
      cookie: {
        httpOnly: true,
        sameSite: 'strict',
        secure: opts?.cookieSecure ?? false,
        path: '/',
        maxAge: this.idleTimeoutMs,
      },
    });
  }

  /**
   * The signed-in user, after the idle and absolute expiry checks (an expired session is
   * emptied and `expired` says so). Local mode: always the local editor.
   */
  currentUser(req: Request): { user?: SessionUser; expired?: boolean } {
    if (this.mode === 'local') return { user: LOCAL_USER };
    const s = req.session;
    if (!s?.user) return {};
    const now = this.now();
    const createdAt = s.createdAt ?? 0;
    const lastSeen = s.lastSeen ?? 0;
    if (now - createdAt > this.absoluteTimeoutMs || now - lastSeen > this.idleTimeoutMs) {
      delete s.user;
      delete s.createdAt;
      delete s.lastSeen;
      s.csrfToken = newToken();
      return { expired: true };
    }
    // Only the user record of this process counts: a user removed from the file loses access.
    const record = this.users.get(s.user.name);
    if (!record) return {};
    // Idle time is measured to within a tenth of the idle limit; writing it every request would not pay.
    if (now - lastSeen >= this.touchEveryMs) s.lastSeen = now;
    return { user: { name: record.name, role: record.role } };
  }

  /**
   * The CSRF token. Signed in: the session's synchronizer token. Anonymous (before sign-in): an
   * HMAC of a random nonce kept in an HttpOnly SameSite=Strict cookie, so handing out a token
   * stores nothing on the server (a flood of GET /api/auth/csrf creates no sessions).
   */
  csrfToken(req: Request, res: Response): string {
    if (this.mode === 'local') return this.localToken;
    if (req.session?.user) {
      req.session.csrfToken ??= newToken();
      return req.session.csrfToken;
    }
    let nonce = this.nonceCookie(req);
    if (!nonce) {
      nonce = newToken();
      res.cookie(CSRF_COOKIE, nonce, {
        httpOnly: true,
        sameSite: 'strict',
        secure: this.cookieSecure,
        path: '/api/auth',
      });
    }
    return this.sign(nonce);
  }

  private sign(nonce: string): string {
    return createHmac('sha256', this.csrfSecret).update(nonce).digest('base64url');
  }

  private nonceCookie(req: Request): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === CSRF_COOKIE) {
        const v = part.slice(eq + 1).trim();
        return /^[\w-]{20,100}$/.test(v) ? v : undefined;
      }
    }
    return undefined;
  }

  /** Users mode: the X-CSRF-Token header must match the session's (or the anonymous) token. */
  checkCsrf(req: Request): void {
    if (this.mode === 'local') return;
    const sent = req.get(CSRF_HEADER);
    const nonce = this.nonceCookie(req);
    const ok = req.session?.user
      ? sameToken(sent, req.session.csrfToken)
      : nonce !== undefined && sameToken(sent, this.sign(nonce));
    if (!ok) {
      throw new AppError(
        403,
        'CSRF_TOKEN_INVALID',
        'Missing or stale X-CSRF-Token header: fetch /api/auth/csrf and send it back',
      );
    }
  }

  /** New session id (no fixation), the user, fresh timestamps and a fresh CSRF token. */
  async login(req: Request, user: SessionUser): Promise<string> {
    await promisify((cb) => req.session.regenerate(cb));
    const now = this.now();
    req.session.user = { name: user.name, role: user.role };
    req.session.createdAt = now;
    req.session.lastSeen = now;
    req.session.csrfToken = newToken();
    await promisify((cb) => req.session.save(cb));
    return req.session.csrfToken;
  }

  async logout(req: Request, res: Response): Promise<void> {
    if (this.mode === 'local' || !req.session) return;
    await promisify((cb) => req.session.destroy(cb));
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
  }
}
