import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import pino from 'pino';
import request from 'supertest';
import { createApp, type AppDeps } from '../server/app';
import { SESSION_COOKIE } from '../server/auth/auth';
import { hashPassword } from '../server/auth/passwords';
import type { UserRecord } from '../server/auth/users';
import { StateKeys } from '../server/state/keys';
import { BUFFER_FROM_LIMIT, FLUSH_MS, Neo4jRateStore } from '../server/state/rate-store';
import { StateDb } from '../server/state/state-db';
import { suiteDb, suiteDriver } from './helpers/app';
import { holdRequest, listen } from './helpers/raw-http';

/**
 * Two instances of the app on the one test database, each with its own driver (as two processes
 * would have), sharing the session secret: sessions, limits and the login throttle are one.
 */
const PASSWORD = 'alice-password-1';
const drivers: Driver[] = [];
let users: UserRecord[];
let secret: string;

beforeAll(async () => {
  users = [
    { name: 'alice', role: 'viewer', passwordHash: await hashPassword(PASSWORD) },
    { name: 'bob', role: 'viewer', passwordHash: await hashPassword('bob-password-12') },
  ];
});
beforeEach(() => {
  // A fresh secret per test: its state (counters, sessions) is its own.
  secret = `shared-state-${Math.random().toString(36).slice(2)}-${'x'.repeat(32)}`;
});
afterAll(async () => {
  await Promise.all(drivers.map((d) => d.close()));
});

/** One more instance of the app: its own driver and Db, the shared secret. */
function instance(extra: Partial<AppDeps> = {}, sessionCacheMs = 300): Express {
  const driver = suiteDriver();
  drivers.push(driver);
  return createApp({
    db: suiteDb(driver),
    mode: 'external',
    logger: pino({ level: 'silent' }),
    auth: { users, sessionSecret: secret, sessionCacheMs },
    ...extra,
  });
}

/** Signs in on `app`; returns the session cookie and the CSRF token (usable on any instance). */
async function signIn(app: Express, name = 'alice', password = PASSWORD) {
  const agent = request.agent(app);
  const { csrfToken } = (await agent.get('/api/auth/csrf').expect(200)).body;
  const res = await agent
    .post('/api/auth/login')
    .set('X-CSRF-Token', csrfToken)
    .send({ name, password })
    .expect(200);
  const cookie = ((res.headers['set-cookie'] as unknown as string[]) ?? [])
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    .split(';')[0];
  return { cookie, token: res.body.csrfToken as string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sessions are shared and survive a restart', () => {
  it('signed in on one instance → signed in on the other', async () => {
    const a = instance();
    const b = instance();
    const { cookie } = await signIn(a);
    const me = await request(b).get('/api/auth/me').set('Cookie', cookie).expect(200);
    expect(me.body.user).toEqual({ name: 'alice', role: 'viewer' });
    await request(b).get('/api/graph').set('Cookie', cookie).expect(200);
  });

  it('signed out on one → out on both (the other within its session cache, 300 ms here)', async () => {
    const a = instance();
    const b = instance();
    const { cookie, token } = await signIn(a);
    await request(b).get('/api/auth/me').set('Cookie', cookie).expect(200);
    await request(a)
      .post('/api/auth/logout')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', token)
      .send({})
      .expect(204);
    const onA = await request(a).get('/api/graph').set('Cookie', cookie);
    expect([onA.status, onA.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    await sleep(400);
    const onB = await request(b).get('/api/graph').set('Cookie', cookie);
    expect([onB.status, onB.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('a restart keeps the session: a new instance (new driver) on the same database and secret', async () => {
    const before = instance();
    const { cookie, token } = await signIn(before);
    await drivers[drivers.length - 1].close();
    const after = instance();
    const me = await request(after).get('/api/auth/me').set('Cookie', cookie).expect(200);
    expect(me.body.user.name).toBe('alice');
    expect(me.body.csrfToken).toBe(token);
    // The CSRF token of the session works on the restarted instance too.
    const run = await request(after)
      .post('/api/cypher')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', token)
      .send({ query: 'RETURN 1 AS one' })
      .expect(200);
    expect(run.body.rows).toEqual([[1]]);
  });

  it('an instance with another secret does not know the session', async () => {
    const a = instance();
    const { cookie } = await signIn(a);
    secret = `another-secret-${'y'.repeat(32)}`;
    const stranger = instance();
    const res = await request(stranger).get('/api/auth/me').set('Cookie', cookie);
    expect(res.status).toBe(401);
  });

  it('the database holds no readable session: no session id, user name or token in it', async () => {
    const a = instance();
    const { cookie, token } = await signIn(a);
    const sid = decodeURIComponent(cookie.split('=')[1]).replace(/^s:/, '').split('.')[0];
    const db = suiteDb(drivers[0]);
    const stored = await db.readTx(async (tx) =>
      (await tx.run('MATCH (s:AppSession) RETURN properties(s) AS p')).records.map((r) =>
        JSON.stringify(r.get('p')),
      ),
    );
    expect(stored.length).toBeGreaterThan(0);
    for (const text of stored) {
      expect(text).not.toContain(sid);
      expect(text).not.toContain(token);
      expect(text).not.toContain('alice');
    }
  });
});

describe('limits hold across instances', () => {
  it('the per-user console rate counts runs on both instances', async () => {
    const limits = { consolePerMinute: 4 };
    const a = instance({ limits });
    const b = instance({ limits });
    const { cookie, token } = await signIn(a);
    const run = (app: Express) =>
      request(app)
        .post('/api/cypher')
        .set('Cookie', cookie)
        .set('X-CSRF-Token', token)
        .send({ query: 'RETURN 1' });
    const statuses = [];
    for (const app of [a, b, a, b]) statuses.push((await run(app)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const fifth = await run(b);
    expect([fifth.status, fifth.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
    // Another user has their own count.
    const bob = await signIn(b, 'bob', 'bob-password-12');
    await request(a)
      .post('/api/cypher')
      .set('Cookie', bob.cookie)
      .set('X-CSRF-Token', bob.token)
      .send({ query: 'RETURN 1' })
      .expect(200);
  });

  it('the per-user concurrency cap counts runs in flight on both instances', async () => {
    const limits = { consoleConcurrent: 1 };
    const a = instance({ limits });
    const b = instance({ limits });
    const { cookie, token } = await signIn(a);
    const la = await listen(a);
    try {
      const headers = {
        Host: `127.0.0.1:${la.port}`,
        Cookie: cookie,
        'X-CSRF-Token': token,
        'Content-Type': 'application/json',
      };
      // A run on A whose body is still arriving holds alice's one slot.
      const held = holdRequest(la.port, '/api/cypher', headers);
      const run = () =>
        request(b)
          .post('/api/cypher')
          .set('Cookie', cookie)
          .set('X-CSRF-Token', token)
          .send({ query: 'RETURN 1' });
      let onB = await run();
      for (let i = 0; i < 40 && onB.status !== 429; i++) {
        await sleep(50);
        onB = await run();
      }
      expect([onB.status, onB.body.error.code]).toEqual([429, 'TOO_MANY_CONCURRENT_QUERIES']);
      // The slot frees when the held run ends: B runs again.
      held.abort();
      await held.closed;
      let after = await run();
      for (let i = 0; i < 40 && after.status !== 200; i++) {
        await sleep(50);
        after = await run();
      }
      expect(after.status).toBe(200);
    } finally {
      la.server.closeAllConnections();
      la.server.close();
    }
  });

  it('failed sign-ins on both instances count against one account', async () => {
    const limits = { loginFailuresPerAccount: 2 };
    const a = instance({ limits, trustProxy: 'loopback' });
    const b = instance({ limits, trustProxy: 'loopback' });
    const attempt = async (app: Express, ip: string, password: string) => {
      const agent = request.agent(app);
      const { csrfToken } = (await agent.get('/api/auth/csrf').set('X-Forwarded-For', ip)).body;
      return agent
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip)
        .set('X-CSRF-Token', csrfToken)
        .send({ name: 'alice', password });
    };
    expect((await attempt(a, '10.1.0.1', 'wrong-guess')).status).toBe(401);
    expect((await attempt(b, '10.1.0.2', 'wrong-guess')).status).toBe(401);
    // The third, on A from yet another address, waits: two failures were counted, one per instance.
    const third = await attempt(a, '10.1.0.3', 'wrong-guess');
    expect([third.status, third.body.error.code]).toEqual([429, 'TOO_MANY_LOGIN_ATTEMPTS']);
    const onB = await attempt(b, '10.1.0.4', PASSWORD);
    expect(onB.status).toBe(429);
    expect(Number(onB.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('a shared rate counts far-from-the-limit hits in memory, the rest exactly', () => {
  /** One instance's search counter (its own driver), with every database write it makes counted. */
  function store(limit: number) {
    const driver = suiteDriver();
    drivers.push(driver);
    const state = new StateDb(suiteDb(driver), new StateKeys(secret));
    const writes = jest.spyOn(state, 'run');
    const s = new Neo4jRateStore(state, 'search');
    s.init({ windowMs: 60_000, limit } as Parameters<Neo4jRateStore['init']>[0]);
    return { s, writes };
  }
  const flushed = () => sleep(FLUSH_MS + 300);
  /** The totals `n` hits in a row on one store report. */
  async function hits(s: Neo4jRateStore, n: number): Promise<number[]> {
    const totals = [];
    for (let i = 0; i < n; i++) totals.push((await s.increment('user:alice')).totalHits);
    return totals;
  }
  const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('hits in the lower half cost one write per flush, and the other instance sees them', async () => {
    const a = store(200);
    expect(await hits(a.s, 50)).toEqual(oneTo(50));
    // The window's first hit went to the database; the other 49 wait for the flush.
    expect(a.writes).toHaveBeenCalledTimes(1);
    await flushed();
    expect(a.writes).toHaveBeenCalledTimes(2);
    const b = store(200);
    expect((await b.s.increment('user:alice')).totalHits).toBe(51);
  });

  it('in the upper half every hit is counted at once on both instances, so the limit holds', async () => {
    const a = store(200);
    const b = store(200);
    await hits(a.s, 100);
    await flushed();
    const totals = [];
    for (let i = 0; i < 101; i++) {
      totals.push((await (i % 2 ? a : b).s.increment('user:alice')).totalHits);
    }
    // 101 … 201: each instance saw the other's hits; the 201st is over the limit of 200.
    expect(totals).toEqual(Array.from({ length: 101 }, (_, i) => i + 101));
  });

  it('a small limit is never buffered: every hit is one write', async () => {
    const a = store(BUFFER_FROM_LIMIT - 1);
    await hits(a.s, 5);
    expect(a.writes).toHaveBeenCalledTimes(5);
  });

  it('the hit that crosses the half carries the unsent hits with it, in one write', async () => {
    const a = store(200);
    expect(await hits(a.s, 101)).toEqual(oneTo(101));
    // The first hit, then the 101st with the 99 before it: no flush was due in between.
    expect(a.writes).toHaveBeenCalledTimes(2);
    const b = store(200);
    expect((await b.s.increment('user:alice')).totalHits).toBe(102);
  });

  it('hits buffered while an exact hit is in flight are still sent', async () => {
    const a = store(200);
    await hits(a.s, 100);
    // The 101st goes to the database; five more arrive before it returns and are buffered.
    const crossing = a.s.increment('user:alice');
    const late = await Promise.all(Array.from({ length: 5 }, () => a.s.increment('user:alice')));
    expect((await crossing).totalHits).toBe(101);
    expect(late.every((r) => r.totalHits <= 101)).toBe(true);
    await flushed();
    const b = store(200);
    expect((await b.s.increment('user:alice')).totalHits).toBe(107);
  });
});
