import request from 'supertest';
import pino from 'pino';
import { createApp } from '../server/app';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

// These tests own a bundled Neo4j of their own, so they can stop and restart it for real.
let server: TestNeo4j;
beforeAll(async () => {
  server = await startTestNeo4j('restart');
}, 120000);
afterAll(async () => {
  await server.dispose();
}, 60000);

function appOn(uri: string) {
  const driver = createDriver({ uri, user: 'neo4j', password: TEST_PASSWORD });
  const db = new Db(driver, new QueryStore());
  return { driver, db, app: createApp({ db, mode: 'bundled', logger: pino({ level: 'silent' }) }) };
}

describe('the bundled Neo4j', () => {
  it('listens on loopback only', () => {
    expect(server.neo4j.uri).toBe(`bolt://127.0.0.1:${server.port}`);
  });

  it('refuses to start a second instance on a port that is taken, with a clear message', async () => {
    await expect(startTestNeo4j('port-taken', { port: server.port })).rejects.toThrow(
      /already in use/,
    );
  }, 60000);

  it('refuses to start on a data directory another instance holds, leaving the data intact', async () => {
    const { driver, db } = appOn(server.neo4j.uri);
    await db.writeTx((tx) => tx.run(`MERGE (:Probe {id: 'probe:lock'})`));
    await expect(startTestNeo4j('locked', { dataDir: server.dataDir })).rejects.toThrow(
      /in use by another Neo4j process/,
    );
    const still = await db.readTx((tx) =>
      tx.run(`MATCH (p:Probe {id: 'probe:lock'}) RETURN count(p) AS c`),
    );
    expect(still.records[0].get('c').toNumber()).toBe(1);
    await driver.close();
  }, 60000);

  it('keeps the graph across a restart, and health goes 503 while it is down and 200 once it is back', async () => {
    const { driver, db, app } = appOn(server.neo4j.uri);
    await db.writeTx((tx) =>
      tx.run(`MERGE (:Probe {id: 'probe:persist', note: 'written before the restart'})`),
    );
    await request(app).get('/api/health').expect(200);

    await server.neo4j.stop();
    const down = await request(app).get('/api/health').expect(503);
    expect(down.body).toMatchObject({ status: 'degraded', neo4j: 'down' });
    expect(down.headers['retry-after']).toBe('5');

    server = await startTestNeo4j('restart', { dataDir: server.dataDir, port: server.port });
    const up = await request(app).get('/api/health').expect(200);
    expect(up.body.neo4j).toBe('up');
    const kept = await db.readTx((tx) =>
      tx.run(`MATCH (p:Probe {id: 'probe:persist'}) RETURN p.note AS note`),
    );
    expect(kept.records[0].get('note')).toBe('written before the restart');
    await driver.close();
  }, 180000);
});
