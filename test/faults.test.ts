import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Driver, Session } from 'neo4j-driver';
import pino from 'pino';
import request from 'supertest';
import { seedGraph } from '../seed/data';
import { seedDatabase } from '../seed/loader';
import { createApp } from '../server/app';
import { ROOT_DIR } from '../server/config';
import { AuditLog } from '../server/console/audit';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { freePort } from './helpers/ports';
import {
  startTestNeo4j,
  TEST_DATA_ROOT,
  TEST_PASSWORD,
  type TestNeo4j,
} from './helpers/test-neo4j';

/**
 * Outages for real, on a Neo4j of this file's own (never the suite's): killed mid-request, down,
 * back. Times are printed and written to test/artifacts/faults.json, not asserted (CONTRIBUTING:
 * no timed assertions); what is asserted is the contract — a clean 503 with Retry-After, no crash,
 * no leaked driver session, recovery without a restart.
 */

let server: TestNeo4j;
let driver: Driver;
let db: Db;
let openSessions = 0;
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);
const timings: Record<string, number> = {};
const AUDIT_FILE = path.join(TEST_DATA_ROOT, `faults-audit-${process.pid}.log`);

/** Counts driver sessions opened and not yet closed. */
function countSessions(d: Driver): void {
  const open = d.session.bind(d);
  d.session = ((...args: Parameters<Driver['session']>) => {
    const s: Session = open(...args);
    openSessions++;
    const close = s.close.bind(s);
    let closed = false;
    s.close = async () => {
      if (!closed) {
        closed = true;
        openSessions--;
      }
      return close();
    };
    return s;
  }) as Driver['session'];
}

function appOn(d: Db) {
  return createApp({
    db: d,
    mode: 'bundled',
    logger: pino({ level: 'silent' }),
    console: {
      timeoutMs: 30_000,
      graceMs: 2_000,
      auditLog: new AuditLog(AUDIT_FILE),
    },
  });
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  server = await startTestNeo4j('faults');
  driver = createDriver({ uri: server.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  countSessions(driver);
  db = new Db(driver, new QueryStore());
  await seedDatabase(db, seedGraph, { reset: true });
}, 180000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await driver?.close();
  await server?.dispose();
  fs.rmSync(AUDIT_FILE, { force: true });
  const out = path.join(ROOT_DIR, 'test', 'artifacts');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'faults.json'), `${JSON.stringify(timings, null, 2)}\n`);
  process.stdout.write(`outage timings (ms): ${JSON.stringify(timings)}\n`);
}, 60000);

async function restart(): Promise<number> {
  const t = Date.now();
  server = await startTestNeo4j('faults', { dataDir: server.dataDir, port: server.port });
  return Date.now() - t;
}

/** Polls until the API answers 200; returns ms from the database being ready. */
async function untilRecovered(app: ReturnType<typeof appOn>, url: string): Promise<number> {
  const t = Date.now();
  for (;;) {
    const res = await request(app).get(url);
    if (res.status === 200) return Date.now() - t;
    expect(res.status).toBe(503);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the database killed in the middle of a console query', () => {
  it('answers a clean 503 with Retry-After, leaks no session, and recovers without a restart', async () => {
    const app = appOn(db);
    await request(app).get('/api/graph?limit=5').expect(200);
    const slow = request(app)
      .post('/api/cypher')
      .send({ query: 'UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(*)' })
      .then((r) => r);
    await new Promise((r) => setTimeout(r, 1000));
    expect(openSessions).toBeGreaterThan(0);
    const killedAt = Date.now();
    await server.neo4j.kill();
    const res = await slow;
    timings.killedMidQueryTo503 = Date.now() - killedAt;
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('5');
    expect(openSessions).toBe(0);

    // Down: every API call answers 503 at once, health says degraded.
    let t = Date.now();
    const down = await request(app).get('/api/entities/org:scale-ai');
    timings.whileDownApiTo503 = Date.now() - t;
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(down.headers['retry-after']).toBe('5');
    t = Date.now();
    const health = await request(app).get('/api/health');
    timings.whileDownHealth = Date.now() - t;
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', neo4j: 'down' });
    expect(openSessions).toBe(0);

    timings.restartNeo4j = await restart();
    timings.readyToFirst200 = await untilRecovered(app, '/api/entities/org:scale-ai');
    await request(app).get('/api/health').expect(200);
    expect(openSessions).toBe(0);
    expect(unhandled).toEqual([]);
  }, 180000);
});

describe('the database stopped between requests', () => {
  it('the first call after the outage answers 503 with Retry-After, the next ones at once', async () => {
    const app = appOn(db);
    await request(app).get('/api/graph?limit=5').expect(200);
    await server.neo4j.stop();

    let t = Date.now();
    const first = await request(app).get('/api/graph?limit=5');
    timings.stoppedFirstCallTo503 = Date.now() - t;
    expect(first.status).toBe(503);
    expect(first.body).toEqual({
      error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) },
    });
    expect(first.headers['retry-after']).toBe('5');

    t = Date.now();
    const second = await request(app).get('/api/search?q=scale');
    timings.stoppedSecondCallTo503 = Date.now() - t;
    expect(second.status).toBe(503);
    expect(second.headers['retry-after']).toBe('5');
    // Routes that do not need the database still answer.
    await request(app).get('/api/auth/me').expect(200);

    timings.restartNeo4j2 = await restart();
    timings.readyToFirst200b = await untilRecovered(app, '/api/search?q=scale');
    expect(openSessions).toBe(0);
    expect(unhandled).toEqual([]);
  }, 180000);
});

describe('an external database unreachable when the app starts', () => {
  let app: ChildProcess | undefined;
  let neo4j: TestNeo4j | undefined;
  afterAll(async () => {
    if (app && app.exitCode === null) app.kill('SIGKILL');
    await neo4j?.dispose();
  }, 60000);

  it('starts degraded, answers 503, and seeds the empty database once it appears', async () => {
    const boltPort = await freePort();
    const webPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TS_NODE_TRANSPILE_ONLY: 'true',
      NEO4J_URI: `bolt://127.0.0.1:${boltPort}`,
      NEO4J_PASSWORD: TEST_PASSWORD,
      PORT: String(webPort),
      USERS_FILE: path.join(TEST_DATA_ROOT, `no-users-${webPort}.json`),
      LOG_LEVEL: 'info',
      AUDIT_LOG: path.join(TEST_DATA_ROOT, `audit-${webPort}.log`),
    };
    delete env.USERS_JSON;
    const t0 = Date.now();
    app = spawn(process.execPath, ['-r', 'ts-node/register', 'scripts/serve.ts'], {
      cwd: ROOT_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: string[] = [];
    const listening = new Promise<void>((resolve, reject) => {
      readline.createInterface({ input: app!.stdout! }).on('line', (line) => {
        log.push(line);
        if (line.includes('Entity Graph Explorer on')) resolve();
      });
      app!.stderr!.on('data', (c) => log.push(String(c)));
      app!.once('exit', (code) => reject(new Error(`exited ${code}: ${log.join('\n')}`)));
    });
    await listening;
    timings.externalDownStartToListening = Date.now() - t0;
    const base = `http://127.0.0.1:${webPort}`;

    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', neo4j: 'down' });
    const t = Date.now();
    const api = await fetch(`${base}/api/graph`);
    timings.externalDownApiTo503 = Date.now() - t;
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe(
      'DATABASE_UNAVAILABLE',
    );

    neo4j = await startTestNeo4j('faults-external', { port: boltPort });
    const ready = Date.now();
    // The app notices the database, seeds it (it is empty) and answers from it.
    while (!log.some((l) => l.includes('empty database: seeded the article graph'))) {
      await new Promise((r) => setTimeout(r, 200));
    }
    timings.externalReadyToSeeded = Date.now() - ready;
    const res = await fetch(`${base}/api/entities/org:scale-ai`);
    expect(res.status).toBe(200);

    const exited = new Promise<number | null>((resolve) => app!.once('exit', resolve));
    app.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 240000);
});
