import type { Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import createMemoryStore from 'memorystore';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';
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
  /** Signs the session cookie; random per process when omitted. */
  sessionSecret?: string;
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
  /** express-session over memorystore; a no-op in local mode. */
  readonly sessions: RequestHandler;
  /** Local mode has no session: one token per process, handed out but not required. */
  private readonly localToken = newToken();

  constructor(opts: AuthOptions | undefined) {
    const users = opts?.users ?? [];
    this.mode = users.length > 0 ? 'users' : 'local';
    this.users = new Map(users.map((u) => [u.name, u]));
    this.idleTimeoutMs = opts?.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    this.absoluteTimeoutMs = opts?.absoluteTimeoutMs ?? DEFAULT_ABSOLUTE_MS;
    this.now = opts?.now ?? Date.now;
    if (this.mode === 'local') {
      this.sessions = (_req, _res, next) => next();
      return;
    }
    const MemoryStore = createMemoryStore(session);
    this.sessions = session({
      name: SESSION_COOKIE,
      secret: opts?.sessionSecret ?? newToken(),
      store: new MemoryStore({ checkPeriod: Math.min(this.idleTimeoutMs, 10 * 60 * 1000) }),
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
    s.lastSeen = now;
    return { user: { name: record.name, role: record.role } };
  }

  /** The synchronizer token of this session (created on first use). */
  csrfToken(req: Request): string {
    if (this.mode === 'local') return this.localToken;
    req.session.csrfToken ??= newToken();
    return req.session.csrfToken;
  }

  /** Users mode: the X-CSRF-Token header must match the session's token. */
  checkCsrf(req: Request): void {
    if (this.mode === 'local') return;
    const sent = req.get(CSRF_HEADER);
    if (!sameToken(sent, req.session?.csrfToken)) {
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
