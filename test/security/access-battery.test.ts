import http from 'node:http';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp, type AppDeps } from '../../server/app';
import { hashPassword } from '../../server/auth/passwords';
import type { UserRecord } from '../../server/auth/users';
import { graphCounts, suiteDb, suiteDriver } from '../helpers/app';
import { holdRequest, listen } from '../helpers/raw-http';

/**
 * The access battery: every way in without the right session, role, token, origin or host, and
 * the limits. Each case asserts the exact status and error code; the graph is unchanged after.
 */

const driver = suiteDriver();
const db = suiteDb(driver);
const PASSWORDS = { alice: 'alice-password-1', erin: 'erin-password-12', vic: 'vic-password-123' };
let users: UserRecord[];
let before: { nodes: number; relationships: number };
/** Every answer the battery saw, searched at the end for the database password. */
const seen: string[] = [];

function record(res: request.Response): request.Response {
  seen.push(JSON.stringify(res.headers), res.text ?? '');
  return res;
}

function appWith(extra: Partial<AppDeps> = {}): Express {
  return createApp({
    db,
    mode: 'external',
    logger: pino({ level: 'silent' }),
    auth: { users },
    ...extra,
  });
}

/** An agent signed in as `name`, with its CSRF token. */
async function signIn(app: Express, name: keyof typeof PASSWORDS) {
  const agent = request.agent(app);
  const csrf = record(await agent.get('/api/auth/csrf').expect(200)).body.csrfToken as string;
  const res = record(
    await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ name, password: PASSWORDS[name] })
      .expect(200),
  );
  return { agent, token: res.body.csrfToken as string };
}

function expectError(res: request.Response, status: number, code: string): void {
  record(res);
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(typeof res.body.error.message).toBe('string');
}

let app: Express;
beforeAll(async () => {
  users = [
    { name: 'alice', role: 'viewer', passwordHash: await hashPassword(PASSWORDS.alice) },
    { name: 'erin', role: 'editor', passwordHash: await hashPassword(PASSWORDS.erin) },
    { name: 'vic', role: 'viewer', passwordHash: await hashPassword(PASSWORDS.vic) },
  ];
  before = await graphCounts(db);
  app = appWith();
});
afterAll(async () => {
  try {
    expect(await graphCounts(db)).toEqual(before);
    const password = process.env.TEST_DB_PASSWORD!;
    expect(password.length).toBeGreaterThan(0);
    for (const text of seen) expect(text).not.toContain(password);
    expect(seen.length).toBeGreaterThan(60);
  } finally {
    await driver.close();
  }
});

const PROTECTED_GETS = [
  '/api/graph',
  '/api/search?q=scale',
  '/api/entities/org:scale-ai',
  '/api/entities/org:scale-ai/neighbors',
  '/api/paths?from=org:meta&to=org:scale-ai',
  '/api/ownership/org:scale-ai',
  '/api/beneficial-owners/org:scale-ai',
  '/api/schema',
  '/api/queries',
  '/api/openapi.json',
  '/api/admin/reseed',
  '/api/anything-else',
];
const PROTECTED_POSTS = [
  '/api/cypher',
  '/api/queries/anything',
  '/api/admin/reseed',
  '/api/graph',
  '/api/anything-else',
];

describe('without a session', () => {
  it.each(PROTECTED_GETS)('GET %s → 401 UNAUTHENTICATED', async (url) => {
    expectError(await request(app).get(url), 401, 'UNAUTHENTICATED');
  });

  it.each(PROTECTED_POSTS)('POST %s → 401 UNAUTHENTICATED', async (url) => {
    expectError(
      await request(app).post(url).send({ query: 'MATCH (n) DETACH DELETE n' }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('GET /api/auth/me → 401 UNAUTHENTICATED', async () => {
    expectError(await request(app).get('/api/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('a forged or unsigned session cookie → 401 UNAUTHENTICATED', async () => {
    expectError(
      await request(app).get('/api/graph').set('Cookie', 'egx.sid=s%3Aforged.signature'),
      401,
      'UNAUTHENTICATED',
    );
    expectError(
      await request(app).get('/api/graph').set('Cookie', 'egx.sid=plain-session-id'),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('health stays public and says nothing secret', async () => {
    const res = record(await request(app).get('/api/health').expect(200));
    expect(res.body.status).toBe('ok');
  });

  it('page navigations go to the sign-in page; the sign-in page and its script are served', async () => {
    const res = record(await request(app).get('/explore').expect(303));
    expect(res.headers.location).toBe('/login?next=%2Fexplore');
    const page = record(await request(app).get('/login').expect(200));
    expect(page.text).toContain('<script src="/auth-assets/login.js"');
    expect(page.text).not.toMatch(/<script>/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    record(await request(app).get('/auth-assets/login.js').expect(200));
  });
});

describe('signing in', () => {
  it('wrong password → 401 INVALID_CREDENTIALS', async () => {
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
    expectError(
      await agent
        .post('/api/auth/login')
        .set('X-CSRF-Token', csrfToken)
        .send({ name: 'alice', password: 'not-her-password' }),
      401,
      'INVALID_CREDENTIALS',
    );
  });

  it('unknown user → the same 401 INVALID_CREDENTIALS', async () => {
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
    expectError(
      await agent
        .post('/api/auth/login')
        .set('X-CSRF-Token', csrfToken)
        .send({ name: 'mallory', password: 'whatever-password' }),
      401,
      'INVALID_CREDENTIALS',
    );
  });

  it('login without a CSRF token → 403 CSRF_TOKEN_INVALID (no login CSRF)', async () => {
    expectError(
      await request(app).post('/api/auth/login').send({ name: 'alice', password: PASSWORDS.alice }),
      403,
      'CSRF_TOKEN_INVALID',
    );
  });

  it('a malformed login body → 400 INVALID_REQUEST', async () => {
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
    expectError(
      await agent.post('/api/auth/login').set('X-CSRF-Token', csrfToken).send({ name: 42 }),
      400,
      'INVALID_REQUEST',
    );
  });

  it('sets an HttpOnly SameSite=Strict cookie and me answers name and role only', async () => {
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
    const res = record(
      await agent
        .post('/api/auth/login')
        .set('X-CSRF-Token', csrfToken)
        .send({ name: 'alice', password: PASSWORDS.alice })
        .expect(200),
    );
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/egx\.sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = record(await agent.get('/api/auth/me').expect(200));
    expect(me.body.user).toEqual({ name: 'alice', role: 'viewer' });
    expect(JSON.stringify(me.body)).not.toContain('passwordHash');
  });

  it('too many failed sign-ins from one address → 429 TOO_MANY_LOGIN_ATTEMPTS with Retry-After', async () => {
    const limited = appWith({ limits: { loginFailuresPer15Minutes: 3 } });
    const agent = request.agent(limited);
    const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
    const attempt = () =>
      agent
        .post('/api/auth/login')
        .set('X-CSRF-Token', csrfToken)
        .send({ name: 'alice', password: 'guess-guess-guess' });
    for (let i = 0; i < 3; i++) expectError(await attempt(), 401, 'INVALID_CREDENTIALS');
    const res = await attempt();
    expectError(res, 429, 'TOO_MANY_LOGIN_ATTEMPTS');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('roles', () => {
  it('a viewer explores: GET /api/graph → 200', async () => {
    const { agent } = await signIn(app, 'alice');
    record(await agent.get('/api/graph').expect(200));
  });

  it('a viewer may not reseed: POST /api/admin/reseed → 403 INSUFFICIENT_ROLE', async () => {
    const { agent, token } = await signIn(app, 'alice');
    expectError(
      await agent.post('/api/admin/reseed').set('X-CSRF-Token', token).send({}),
      403,
      'INSUFFICIENT_ROLE',
    );
  });

  it('a viewer may not read under /api/admin either → 403 INSUFFICIENT_ROLE', async () => {
    const { agent } = await signIn(app, 'alice');
    expectError(await agent.get('/api/admin/reseed'), 403, 'INSUFFICIENT_ROLE');
  });

  it.each(['/api/graph', '/api/entities/org:scale-ai', '/api/anything-else'])(
    'a viewer may not POST to a route not listed as read-only: %s → 403 INSUFFICIENT_ROLE',
    async (url) => {
      const { agent, token } = await signIn(app, 'alice');
      expectError(
        await agent.post(url).set('X-CSRF-Token', token).send({}),
        403,
        'INSUFFICIENT_ROLE',
      );
    },
  );

  it('an editor passes the role check on /api/admin (GET has no route: 404 NOT_FOUND)', async () => {
    const { agent } = await signIn(app, 'erin');
    expectError(await agent.get('/api/admin/reseed'), 404, 'NOT_FOUND');
  });
});

describe('CSRF', () => {
  it('a signed-in POST without the token → 403 CSRF_TOKEN_INVALID', async () => {
    const { agent } = await signIn(app, 'erin');
    expectError(await agent.post('/api/admin/reseed').send({}), 403, 'CSRF_TOKEN_INVALID');
  });

  it('a wrong token → 403 CSRF_TOKEN_INVALID', async () => {
    const { agent } = await signIn(app, 'erin');
    expectError(
      await agent.post('/api/admin/reseed').set('X-CSRF-Token', 'x'.repeat(43)).send({}),
      403,
      'CSRF_TOKEN_INVALID',
    );
  });

  it("another session's token → 403 CSRF_TOKEN_INVALID", async () => {
    const { agent } = await signIn(app, 'erin');
    const other = await signIn(app, 'vic');
    expectError(
      await agent.post('/api/admin/reseed').set('X-CSRF-Token', other.token).send({}),
      403,
      'CSRF_TOKEN_INVALID',
    );
  });

  it('the token from before sign-in is void after it → 403 CSRF_TOKEN_INVALID', async () => {
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
    await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrfToken)
      .send({ name: 'erin', password: PASSWORDS.erin })
      .expect(200);
    expectError(
      await agent.post('/api/admin/reseed').set('X-CSRF-Token', csrfToken).send({}),
      403,
      'CSRF_TOKEN_INVALID',
    );
  });

  it('logout without the token → 403 CSRF_TOKEN_INVALID, and the session survives', async () => {
    const { agent } = await signIn(app, 'alice');
    expectError(await agent.post('/api/auth/logout').send({}), 403, 'CSRF_TOKEN_INVALID');
    record(await agent.get('/api/auth/me').expect(200));
  });
});

describe('cross-origin and content type', () => {
  it('Origin of another site → 403 CROSS_ORIGIN_REQUEST, even with a valid session and token', async () => {
    const { agent, token } = await signIn(app, 'erin');
    expectError(
      await agent
        .post('/api/admin/reseed')
        .set('Origin', 'https://evil.example')
        .set('X-CSRF-Token', token)
        .send({}),
      403,
      'CROSS_ORIGIN_REQUEST',
    );
  });

  it('Origin: null → 403 CROSS_ORIGIN_REQUEST', async () => {
    expectError(
      await request(app).post('/api/cypher').set('Origin', 'null').send({}),
      403,
      'CROSS_ORIGIN_REQUEST',
    );
  });

  it('Sec-Fetch-Site: cross-site → 403 CROSS_ORIGIN_REQUEST', async () => {
    const { agent, token } = await signIn(app, 'alice');
    expectError(
      await agent
        .post('/api/cypher')
        .set('Sec-Fetch-Site', 'cross-site')
        .set('X-CSRF-Token', token)
        .send({ query: 'RETURN 1' }),
      403,
      'CROSS_ORIGIN_REQUEST',
    );
  });

  it('Sec-Fetch-Site: same-site (a sibling subdomain) → 403 CROSS_ORIGIN_REQUEST', async () => {
    expectError(
      await request(app).post('/api/auth/login').set('Sec-Fetch-Site', 'same-site').send({}),
      403,
      'CROSS_ORIGIN_REQUEST',
    );
  });

  it('a form post (urlencoded) → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const { agent, token } = await signIn(app, 'erin');
    expectError(
      await agent
        .post('/api/admin/reseed')
        .set('X-CSRF-Token', token)
        .type('form')
        .send('confirm=yes'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('text/plain (the other CORS-simple type) → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectError(
      await request(app)
        .post('/api/auth/login')
        .set('Content-Type', 'text/plain')
        .send('{"name":"alice"}'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('CORS is off: another origin gets no Access-Control-Allow-Origin, preflight included', async () => {
    const { agent } = await signIn(app, 'alice');
    const res = record(
      await agent.get('/api/graph').set('Origin', 'https://evil.example').expect(200),
    );
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await request(app)
      .options('/api/cypher')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    record(pre);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a configured CORS origin gets its preflight and may post', async () => {
    const withCors = appWith({ corsOrigins: ['https://analyst.example'] });
    const pre = record(
      await request(withCors)
        .options('/api/cypher')
        .set('Origin', 'https://analyst.example')
        .set('Access-Control-Request-Method', 'POST')
        .expect(204),
    );
    expect(pre.headers['access-control-allow-origin']).toBe('https://analyst.example');
    expect(pre.headers['access-control-allow-headers']).toMatch(/X-CSRF-Token/);
    // Past the origin guard, the request still needs a session.
    expectError(
      await request(withCors)
        .post('/api/cypher')
        .set('Origin', 'https://analyst.example')
        .set('Sec-Fetch-Site', 'cross-site')
        .send({ query: 'RETURN 1' }),
      401,
      'UNAUTHENTICATED',
    );
  });
});

describe('DNS rebinding (Host header)', () => {
  it.each([
    ['evil.example:PORT'],
    ['evil.example'],
    ['127.0.0.1:1'],
    ['localhost.evil.example:PORT'],
    ['127.0.0.1.nip.io:PORT'],
    ['user@127.0.0.1:PORT'],
  ])('Host %s → 421 HOST_NOT_ALLOWED', async (host) => {
    const { server, port } = await listen(app);
    try {
      const res = await rawRequest(port, 'GET', '/api/health', {
        Host: host.replace('PORT', String(port)),
      });
      expect({ status: res.status, code: res.json?.error?.code }).toEqual({
        status: 421,
        code: 'HOST_NOT_ALLOWED',
      });
      seen.push(res.body);
    } finally {
      server.close();
    }
  });

  it.each([['localhost:PORT'], ['127.0.0.1:PORT'], ['[::1]:PORT']])(
    'Host %s is served',
    async (host) => {
      const { server, port } = await listen(app);
      try {
        const res = await rawRequest(port, 'GET', '/api/health', {
          Host: host.replace('PORT', String(port)),
        });
        expect(res.status).toBe(200);
      } finally {
        server.close();
      }
    },
  );

  it('a name in ALLOWED_HOSTS is served, on any port', async () => {
    const named = appWith({ allowedHosts: ['explorer.example.org'] });
    record(
      await request(named).get('/api/health').set('Host', 'explorer.example.org:8443').expect(200),
    );
    expectError(
      await request(named).get('/api/health').set('Host', 'other.example.org'),
      421,
      'HOST_NOT_ALLOWED',
    );
  });
});

describe('sessions', () => {
  it('sign-in issues a new session id: the pre-login cookie is not signed in (no fixation)', async () => {
    const agent = request.agent(app);
    const first = await agent.get('/api/auth/csrf');
    const preLogin = String(first.headers['set-cookie']).split(';')[0];
    const res = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', first.body.csrfToken)
      .send({ name: 'alice', password: PASSWORDS.alice })
      .expect(200);
    const postLogin = String(res.headers['set-cookie']).split(';')[0];
    expect(postLogin).not.toBe(preLogin);
    expectError(
      await request(app).get('/api/graph').set('Cookie', preLogin),
      401,
      'UNAUTHENTICATED',
    );
    record(await request(app).get('/api/graph').set('Cookie', postLogin).expect(200));
  });

  it('after logout the old cookie → 401 UNAUTHENTICATED', async () => {
    const { agent, token } = await signIn(app, 'alice');
    const me = await agent.get('/api/auth/me').expect(200);
    const cookie = String(me.headers['set-cookie']).split(';')[0];
    record(await agent.post('/api/auth/logout').set('X-CSRF-Token', token).send({}).expect(204));
    expectError(await request(app).get('/api/graph').set('Cookie', cookie), 401, 'UNAUTHENTICATED');
  });

  it('idle past the limit → 401 SESSION_EXPIRED, then UNAUTHENTICATED', async () => {
    let now = Date.now();
    const clocked = appWith({ auth: { users, idleTimeoutMs: 60_000, now: () => now } });
    const { agent } = await signIn(clocked, 'alice');
    now += 59_000;
    record(await agent.get('/api/graph').expect(200));
    now += 61_000;
    expectError(await agent.get('/api/graph'), 401, 'SESSION_EXPIRED');
    expectError(await agent.get('/api/graph'), 401, 'UNAUTHENTICATED');
  });

  it('past the absolute limit → 401 SESSION_EXPIRED however active', async () => {
    let now = Date.now();
    const clocked = appWith({
      auth: { users, idleTimeoutMs: 60_000, absoluteTimeoutMs: 180_000, now: () => now },
    });
    const { agent } = await signIn(clocked, 'alice');
    for (let i = 0; i < 3; i++) {
      now += 50_000;
      record(await agent.get('/api/auth/me').expect(200));
    }
    now += 50_000;
    expectError(await agent.get('/api/graph'), 401, 'SESSION_EXPIRED');
  });

  it('a user removed from the configuration loses access at once → 401 UNAUTHENTICATED', async () => {
    // Two apps over the same cookie secret: the second no longer lists alice.
    const secret = 's'.repeat(40);
    const a = appWith({ auth: { users, sessionSecret: secret } });
    const { agent } = await signIn(a, 'alice');
    record(await agent.get('/api/graph').expect(200));
    const b = appWith({
      auth: { users: users.filter((u) => u.name !== 'alice'), sessionSecret: secret },
    });
    expectError(await request(b).get('/api/graph'), 401, 'UNAUTHENTICATED');
  });
});

describe('limits', () => {
  it('console runs past the per-user rate → 429 RATE_LIMITED with Retry-After; other users unaffected', async () => {
    const limited = appWith({ limits: { consolePerMinute: 3 } });
    const alice = await signIn(limited, 'alice');
    const vic = await signIn(limited, 'vic');
    const run = (s: typeof alice) =>
      s.agent.post('/api/cypher').set('X-CSRF-Token', s.token).send({ query: 'RETURN 1' });
    for (let i = 0; i < 3; i++) {
      const res = record(await run(alice));
      expect(res.status).not.toBe(429);
    }
    const res = await run(alice);
    expectError(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(record(await run(vic)).status).not.toBe(429);
  });

  it('search past the per-user rate → 429 RATE_LIMITED with Retry-After', async () => {
    const limited = appWith({ limits: { searchPerMinute: 2 } });
    const { agent } = await signIn(limited, 'alice');
    record(await agent.get('/api/search?q=scale').expect(200));
    record(await agent.get('/api/search?q=meta').expect(200));
    const res = await agent.get('/api/search?q=wang');
    expectError(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a third console run in flight → 429 TOO_MANY_CONCURRENT_QUERIES; a slot frees when one ends', async () => {
    const capped = appWith({ limits: { consoleConcurrent: 2 } });
    const { agent, token } = await signIn(capped, 'alice');
    const me = await agent.get('/api/auth/me');
    const cookie = String(me.headers['set-cookie']).split(';')[0];
    const { server, port } = await listen(capped);
    const headers = {
      Host: `127.0.0.1:${port}`,
      Cookie: cookie,
      'X-CSRF-Token': token,
      'Content-Type': 'application/json',
    };
    let arrived = 0;
    server.on('request', () => arrived++);
    try {
      // Two runs whose bodies are still arriving hold both slots.
      const held = [holdRequest(port, '/api/cypher', headers)];
      held.push(holdRequest(port, '/api/cypher', headers));
      while (arrived < 2) await new Promise((r) => setTimeout(r, 20));
      // The heads have arrived; the slots are taken a few middleware steps later.
      let third = await rawRequest(port, 'POST', '/api/cypher', headers, '{"query":"RETURN 1"}');
      for (let i = 0; i < 20 && third.status !== 429; i++) {
        await new Promise((r) => setTimeout(r, 50));
        third = await rawRequest(port, 'POST', '/api/cypher', headers, '{"query":"RETURN 1"}');
      }
      expect({ status: third.status, code: third.json?.error?.code }).toEqual({
        status: 429,
        code: 'TOO_MANY_CONCURRENT_QUERIES',
      });
      expect(third.headers['retry-after']).toBe('1');
      seen.push(third.body);
      // Another user is not capped by alice's runs.
      const vic = await signIn(capped, 'vic');
      expect(
        record(
          await vic.agent
            .post('/api/cypher')
            .set('X-CSRF-Token', vic.token)
            .send({ query: 'RETURN 1' }),
        ).status,
      ).not.toBe(429);
      held[0].abort();
      await held[0].closed;
      await new Promise((r) => setTimeout(r, 50));
      const fourth = await rawRequest(port, 'POST', '/api/cypher', headers, '{"query":"RETURN 1"}');
      expect(fourth.status).not.toBe(429);
      held[1].abort();
      await held[1].closed;
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('single-user local mode (no users configured)', () => {
  const local = () => createApp({ db, mode: 'external', logger: pino({ level: 'silent' }) });

  it('everyone is the local editor', async () => {
    const res = record(await request(local()).get('/api/auth/me').expect(200));
    expect(res.body.user).toEqual({ name: 'local', role: 'editor' });
    expect(res.body.mode).toBe('local');
  });

  it('a cross-origin POST → 403 CROSS_ORIGIN_REQUEST', async () => {
    expectError(
      await request(local())
        .post('/api/admin/reseed')
        .set('Origin', 'http://evil.example')
        .send({}),
      403,
      'CROSS_ORIGIN_REQUEST',
    );
  });

  it('a cross-site fetch → 403 CROSS_ORIGIN_REQUEST', async () => {
    expectError(
      await request(local()).post('/api/admin/reseed').set('Sec-Fetch-Site', 'cross-site').send({}),
      403,
      'CROSS_ORIGIN_REQUEST',
    );
  });

  it('a form post → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectError(
      await request(local()).post('/api/admin/reseed').type('form').send('a=1'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('DNS rebinding is refused here too → 421 HOST_NOT_ALLOWED', async () => {
    expectError(
      await request(local()).get('/api/graph').set('Host', 'rebind.evil.example:3000'),
      421,
      'HOST_NOT_ALLOWED',
    );
  });

  it('sign-in is not offered → 404 AUTH_NOT_CONFIGURED', async () => {
    expectError(
      await request(local()).post('/api/auth/login').send({ name: 'a', password: 'b' }),
      404,
      'AUTH_NOT_CONFIGURED',
    );
  });
});

// --- raw HTTP, for Host headers supertest would rewrite and for requests held open ---

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json?: { error?: { code?: string } };
}

function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers, setHost: false, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
