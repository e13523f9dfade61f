import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../server/app';
import { hashPassword } from '../server/auth/passwords';
import { CYPHER_DIR, QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { schemaIndexNames } from '../server/services/ready-service';
import { suiteApp, suiteDb, suiteDriver, type TestApp } from './helpers/app';
import { freePort } from './helpers/ports';

let t: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'egx-ready-'));
beforeAll(() => {
  t = suiteApp();
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('GET /api/ready', () => {
  it('is 200 on the seeded database, with every schema index and constraint online', async () => {
    const res = await request(t.app).get('/api/ready').expect(200);
    const names = schemaIndexNames(t.db);
    expect(names).toEqual(expect.arrayContaining(['entity_id', 'entity_names', 'entity_name']));
    expect(res.body).toEqual({
      status: 'ready',
      neo4j: 'up',
      schema: { expected: names.length, online: names.length, missing: [], populating: [] },
    });
  });

  it('is 503 naming the index when the schema the app expects is not in the database', async () => {
    // The app's own query files, with one more index in schema.cypher than the database has.
    const dir = path.join(tmp, 'cypher');
    fs.cpSync(CYPHER_DIR, dir, { recursive: true });
    fs.appendFileSync(
      path.join(dir, 'schema.cypher'),
      '\nCREATE INDEX entity_not_created IF NOT EXISTS FOR (n:Entity) ON (n.notCreated);\n',
    );
    const driver = suiteDriver();
    try {
      const db = new Db(driver, new QueryStore(dir), process.env.TEST_DB_DATABASE || undefined);
      const app = createApp({ db, mode: 'external', logger: pino({ level: 'silent' }) });
      const res = await request(app).get('/api/ready').expect(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.status).toBe('not-ready');
      expect(res.body.neo4j).toBe('up');
      expect(res.body.schema.missing).toEqual(['entity_not_created']);
      // Liveness is unaffected: the process and the database are fine.
      await request(app).get('/api/health').expect(200);
    } finally {
      await driver.close();
    }
  });

  it('is 503 when the database cannot be reached, while /api/health still answers', async () => {
    const port = await freePort();
    const driver = createDriver({
      uri: `bolt://127.0.0.1:${port}`,
      user: 'neo4j',
      password: 'nothing-listens-here',
    });
    try {
      const app = createApp({
        db: new Db(driver, new QueryStore()),
        mode: 'external',
        logger: pino({ level: 'silent' }),
      });
      const res = await request(app).get('/api/ready').expect(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ status: 'not-ready', neo4j: 'down' });
      expect((await request(app).get('/api/health')).body.neo4j).toBe('down');
    } finally {
      await driver.close();
    }
  });

  it('needs no sign-in when users are configured, like /api/health', async () => {
    const driver = suiteDriver();
    try {
      const app = createApp({
        db: suiteDb(driver),
        mode: 'external',
        logger: pino({ level: 'silent' }),
        auth: {
          users: [
            { name: 'eve', role: 'viewer', passwordHash: await hashPassword('eve-password-1') },
          ],
        },
      });
      await request(app).get('/api/graph').expect(401);
      const res = await request(app).get('/api/ready').expect(200);
      expect(res.body.status).toBe('ready');
    } finally {
      await driver.close();
    }
  });
});
