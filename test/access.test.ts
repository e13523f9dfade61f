import express from 'express';
import type { Driver } from 'neo4j-driver';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp, type AppDeps } from '../server/app';
import { hashPassword } from '../server/auth/passwords';
import type { UserRecord } from '../server/auth/users';
import { seedGraph } from '../seed/data';
import { AuditLog } from '../server/console/audit';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { requiredAccess } from '../server/security/policy';
import { graphCounts, suiteDb, suiteDriver } from './helpers/app';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

describe('the access policy (deny by default)', () => {
  it.each([
    ['GET', '/health', 'public'],
    ['HEAD', '/health', 'public'],
    ['GET', '/auth/me', 'public'],
    ['GET', '/auth/csrf', 'public'],
    ['POST', '/auth/login', 'public'],
    ['POST', '/auth/logout', 'public'],
    ['GET', '/graph', 'viewer'],
    ['GET', '/search', 'viewer'],
    ['GET', '/entities/org:meta/neighbors', 'viewer'],
    ['GET', '/openapi.json', 'viewer'],
    ['POST', '/cypher', 'viewer'],
    ['POST', '/queries/owners-of', 'viewer'],
    ['GET', '/admin/reseed', 'editor'],
    ['POST', '/admin/reseed', 'editor'],
    ['POST', '/admin', 'editor'],
    ['POST', '/graph', 'editor'],
    ['PUT', '/cypher', 'editor'],
    ['DELETE', '/entities/org:meta', 'editor'],
    ['POST', '/queries/a/b', 'editor'],
    ['POST', '/auth/register', 'editor'],
    ['GET', '/auth/users', 'viewer'],
  ])('%s %s needs %s', (method, p, access) => {
    expect(requiredAccess(method, p)).toBe(access);
  });
});

describe('res.locals.user', () => {
  const driver = suiteDriver();
  afterAll(() => driver.close());

  function appWith(deps: Partial<AppDeps>) {
    return createApp({
      db: suiteDb(driver),
      mode: 'external',
      logger: pino({ level: 'silent' }),
      ...deps,
    });
  }

  it('is the local editor in single-user local mode', async () => {
    const res = await request(appWith({})).get('/api/auth/me').expect(200);
    expect(res.body.user).toEqual({ name: 'local', role: 'editor' });
  });

  it('is the signed-in user, and the audit log of the console records that name', async () => {
    const users: UserRecord[] = [
      { name: 'alice', role: 'viewer', passwordHash: await hashPassword('alice-password-1') },
    ];
    const file = path.join(os.tmpdir(), `access-audit-${process.pid}.log`);
    const audit = new AuditLog(file);
    const app = appWith({ auth: { users }, console: { auditLog: audit } });
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
    const login = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrfToken)
      .send({ name: 'alice', password: 'alice-password-1' })
      .expect(200);
    const before = await graphCounts(suiteDb(driver));
    // A viewer uses the read-only console...
    const ok = await agent
      .post('/api/cypher')
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({ query: 'MATCH (n:Entity) RETURN count(n) AS n' })
      .expect(200);
    expect(ok.body.columns).toEqual(['n']);
    // ...which stays read-only for her too.
    const write = await agent
      .post('/api/cypher')
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({ query: "CREATE (:Entity {id: 'x:viewer-write'})" });
    expect(write.status).toBe(403);
    expect(await graphCounts(suiteDb(driver))).toEqual(before);
    await audit.flush();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    fs.rmSync(file, { force: true });
    expect(lines.map((l) => JSON.parse(l).user)).toEqual(['alice', 'alice']);
  });
});

describe('POST /api/admin/reseed on a database of its own', () => {
  let server: TestNeo4j;
  let driver: Driver;
  let db: Db;
  let users: UserRecord[];
  beforeAll(async () => {
    server = await startTestNeo4j('access-reseed');
    driver = createDriver({ uri: server.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
    db = new Db(driver, new QueryStore());
    users = [
      { name: 'erin', role: 'editor', passwordHash: await hashPassword('erin-password-12') },
      { name: 'vic', role: 'viewer', passwordHash: await hashPassword('vic-password-123') },
    ];
  }, 180000);
  afterAll(async () => {
    await driver?.close();
    await server?.dispose();
  }, 60000);

  async function signIn(app: express.Express, name: string, password: string) {
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
    const res = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrfToken)
      .send({ name, password })
      .expect(200);
    return { agent, token: res.body.csrfToken as string };
  }

  it('an editor rebuilds the graph from empty; a viewer cannot', async () => {
    const app = createApp({
      db,
      mode: 'bundled',
      logger: pino({ level: 'silent' }),
      auth: { users },
      seed: seedGraph,
    });
    await db.writeTx((tx) => tx.run("CREATE (:Stray {id: 'stray:1'})"));
    const vic = await signIn(app, 'vic', 'vic-password-123');
    const refused = await vic.agent
      .post('/api/admin/reseed')
      .set('X-CSRF-Token', vic.token)
      .send({});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('INSUFFICIENT_ROLE');

    const erin = await signIn(app, 'erin', 'erin-password-12');
    const res = await erin.agent
      .post('/api/admin/reseed')
      .set('X-CSRF-Token', erin.token)
      .send({})
      .expect(200);
    expect(res.body.reseeded).toBe(true);
    expect(res.body.counts.nodes).toBeGreaterThanOrEqual(25);
    const counts = await graphCounts(db);
    expect(counts).toEqual(res.body.counts);
    const stray = await db.readTx((tx) => tx.run('MATCH (s:Stray) RETURN count(s) AS c'));
    expect(stray.records[0].get('c').toNumber()).toBe(0);
  }, 120000);

  it('two reseeds at once: the second answers 409 RESEED_IN_PROGRESS', async () => {
    const app = createApp({
      db,
      mode: 'bundled',
      logger: pino({ level: 'silent' }),
      auth: { users },
      seed: seedGraph,
    });
    const erin = await signIn(app, 'erin', 'erin-password-12');
    const send = () =>
      erin.agent.post('/api/admin/reseed').set('X-CSRF-Token', erin.token).send({});
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((a.status === 409 ? a : b).body.error.code).toBe('RESEED_IN_PROGRESS');
  }, 120000);
});
