import session, { type SessionData } from 'express-session';
import type { StateDb } from './state-db';
import { num } from './state-db';

export interface SessionStoreOptions {
  /** A session read from Neo4j is reused this long before it is read again (default 1 s). */
  cacheMs?: number;
  /** Unchanged sessions push their expiry to Neo4j at most this often (default 60 s). */
  touchEveryMs?: number;
  /** Kept when a session carries no cookie expiry (default 30 min). */
  ttlMs?: number;
}

interface Cached {
  data: SessionData;
  until: number;
}

/** At most this many sessions cached per process. */
const MAX_CACHED = 10_000;

/**
 * express-session's store on Neo4j (`:AppSession`): a restart keeps users signed in and every
 * instance on the database sees the same sessions. The node holds an HMAC of the session id and
 * the session sealed (AES-GCM): reading the database reveals neither. Hot path: a session is
 * cached for `cacheMs`, then read again, so a sign-out on one instance reaches the others within
 * that time; an unchanged session writes its expiry at most every `touchEveryMs`.
 */
export class Neo4jSessionStore extends session.Store {
  private readonly cache = new Map<string, Cached>();
  private readonly touched = new Map<string, number>();
  private readonly cacheMs: number;
  private readonly touchEveryMs: number;
  private readonly ttlMs: number;

  constructor(
    private readonly state: StateDb,
    opts: SessionStoreOptions = {},
  ) {
    super();
    this.cacheMs = opts.cacheMs ?? 1000;
    this.touchEveryMs = opts.touchEveryMs ?? 60_000;
    this.ttlMs = opts.ttlMs ?? 30 * 60_000;
  }

  private id(sid: string): string {
    return this.state.keys.id(`sid:${sid}`);
  }

  private expiry(data: SessionData): number {
    const expires = data.cookie?.expires;
    const at = expires ? new Date(expires).getTime() : NaN;
    // The stored expiry may lag a touch interval behind the cookie's: keep the node that long more.
    return (Number.isFinite(at) ? at : Date.now() + this.ttlMs) + this.touchEveryMs;
  }

  private remember(sid: string, data: SessionData): void {
    this.cache.delete(sid);
    this.cache.set(sid, { data, until: Date.now() + this.cacheMs });
    while (this.cache.size > MAX_CACHED)
      this.cache.delete(this.cache.keys().next().value as string);
  }

  private forget(sid: string): void {
    this.cache.delete(sid);
    this.touched.delete(sid);
  }

  get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    const hit = this.cache.get(sid);
    if (hit && hit.until > Date.now()) return cb(null, structuredClone(hit.data));
    this.state
      .run('state-session-get', { id: this.id(sid), now: Date.now() })
      .then((records) => {
        const sealed = records[0]?.get('data') as string | undefined;
        const text = sealed ? this.state.keys.open(sealed) : undefined;
        if (!text) {
          this.forget(sid);
          return cb(null, null);
        }
        const data = JSON.parse(text) as SessionData;
        this.remember(sid, data);
        cb(null, structuredClone(data));
      })
      .catch((err: unknown) => cb(err));
  }

  set(sid: string, data: SessionData, cb?: (err?: unknown) => void): void {
    const plain = JSON.parse(JSON.stringify(data)) as SessionData;
    this.state
      .run('state-session-set', {
        id: this.id(sid),
        data: this.state.keys.seal(JSON.stringify(plain)),
        expiresAt: this.expiry(plain),
      })
      .then(() => {
        this.remember(sid, plain);
        this.touched.set(sid, Date.now());
        cb?.();
      })
      .catch((err: unknown) => cb?.(err));
  }

  touch(sid: string, data: SessionData, cb?: (err?: unknown) => void): void {
    const last = this.touched.get(sid) ?? 0;
    if (Date.now() - last < this.touchEveryMs) return cb?.();
    this.touched.set(sid, Date.now());
    this.state
      .run('state-session-touch', { id: this.id(sid), expiresAt: this.expiry(data) })
      .then(() => cb?.())
      .catch((err: unknown) => cb?.(err));
  }

  destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.forget(sid);
    this.state
      .run('state-session-destroy', { id: this.id(sid) })
      .then(() => cb?.())
      .catch((err: unknown) => cb?.(err));
  }
}

/** Sessions, counters and slots whose time is up, deleted in one pass (cypher/state-cleanup). */
export async function cleanupExpiredState(state: StateDb, now = Date.now()): Promise<number> {
  const records = await state.run('state-cleanup', { now });
  return num(records[0]?.get('deleted'));
}
