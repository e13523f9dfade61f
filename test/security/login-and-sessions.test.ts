import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../server/app';
import { SESSION_COOKIE } from '../../server/auth/auth';
import { hashPassword } from '../../server/auth/passwords';
import type { UserRecord } from '../../server/auth/users';
import { LoginThrottle } from '../../server/security/login-throttle';
import { suiteDb, suiteDriver } from '../helpers/app';

/**
 * Findings 6 and 10 of the penetration test: the login limiter counted per address only (and
 * locked a whole address out for 15 minutes), and every GET /api/auth/csrf stored a session.
 */
const driver = suiteDriver();
const db = suiteDb(driver);
const PASSWORD = 'alice-password-1';
let users: UserRecord[];
beforeAll(async () => {
  users = [{ name: 'alice', role: 'viewer', passwordHash: await hashPassword(PASSWORD) }];
});
afterAll(() => driver.close());

const appWith = (trustProxy?: string): Express =>
  createApp({
    db,
    mode: 'external',
    logger: pino({ level: 'silent' }),
    auth: { users },
    trustProxy,
  });

const sessionCookies = (res: request.Response): string[] =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).filter((c) =>
    c.startsWith(`${SESSION_COOKIE}=`),
  );

describe('finding 10: asking for a CSRF token stores no session', () => {
  it('150 anonymous GET /api/auth/csrf set no session cookie', async () => {
    const app = appWith();
    for (let i = 0; i < 150; i++) {
      const res = await request(app).get('/api/auth/csrf').expect(200);
      expect(typeof res.body.csrfToken).toBe('string');
      expect(sessionCookies(res)).toEqual([]);
    }
  });

  it('the anonymous token signs in, bound to its own cookie only', async () => {
    const app = appWith();
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf').expect(200)).body;
    // Another browser (no cookie, or its own) cannot use this token.
    const stranger = request.agent(app);
    await stranger.get('/api/auth/csrf').expect(200);
    const stolen = await stranger
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrfToken)
      .send({ name: 'alice', password: PASSWORD });
    expect([stolen.status, stolen.body.error.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const bare = await request(app)
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrfToken)
      .send({ name: 'alice', password: PASSWORD });
    expect(bare.status).toBe(403);
    const ok = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrfToken)
      .send({ name: 'alice', password: PASSWORD })
      .expect(200);
    expect(sessionCookies(ok)).toHaveLength(1);
    await agent.get('/api/graph').expect(200);
  });
});

describe('finding 6: failed sign-ins slow down per account and per address, never lock', () => {
  async function attempt(app: Express, ip: string, password: string, name = 'alice') {
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf').set('X-Forwarded-For', ip)).body;
    return agent
      .post('/api/auth/login')
      .set('X-Forwarded-For', ip)
      .set('X-CSRF-Token', csrfToken)
      .send({ name, password });
  }

  it('guesses spread over many addresses are slowed per account', async () => {
    const app = appWith('loopback');
    const statuses: number[] = [];
    for (let i = 2; i < 42; i++)
      statuses.push((await attempt(app, `10.0.0.${i}`, 'wrong-guess')).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);
    const blocked = await attempt(app, '10.0.1.1', 'wrong-guess');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('delays grow, are capped, and a success clears them (clock injected)', () => {
    let now = 0;
    const throttle = new LoginThrottle({
      account: { free: 5, baseDelayMs: 1000, maxDelayMs: 60_000 },
      address: { free: 10, baseDelayMs: 1000, maxDelayMs: 300_000 },
      forgetAfterMs: 15 * 60_000,
      now: () => now,
    });
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      now += throttle.wait('alice', `10.0.0.${i}`); // a patient attacker, a new address each time
      throttle.failed('alice', `10.0.0.${i}`);
      waits.push(throttle.wait('alice', '10.9.9.9'));
    }
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(waits.slice(4, 9)).toEqual([1000, 2000, 4000, 8000, 16_000]);
    expect(Math.max(...waits)).toBe(60_000); // never a long lock-out of the real user
    now += 60_000;
    expect(throttle.wait('alice', '10.9.9.9')).toBe(0);
    throttle.succeeded('alice', '10.9.9.9');
    throttle.failed('alice', '10.9.9.9');
    expect(throttle.wait('alice', '10.9.9.9')).toBe(0);
    now += 16 * 60_000;
    expect(throttle.wait('bob', '10.0.0.1')).toBe(0);
  });

  it("one address's failures do not lock the other users of that address out for long", async () => {
    const app = appWith('loopback');
    // Twelve different (unknown) accounts: only the address accumulates failures.
    for (let i = 0; i < 12; i++) await attempt(app, '127.0.0.9', 'wrong-guess', `user-${i}`);
    const res = await attempt(app, '127.0.0.9', PASSWORD);
    expect(res.status).toBe(429);
    // Bounded by the address cap (5 min), not 15 minutes as before; and only while it grows.
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(300);
  });
});
