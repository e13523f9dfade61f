import request from 'supertest';
import pino from 'pino';
import type { Driver } from 'neo4j-driver';
import { createApp } from '../server/app';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';

/**
 * NEO4J_URI=neo4j://… : the driver routes (routing table from the server), reads run in read
 * transactions (the server refuses a write in them), writes in write transactions, and every
 * session shares the process's bookmarks, so a read after a write sees it.
 */

let driver: Driver;
let db: Db;
const routingUri = () => process.env.TEST_DB_URI!.replace(/^bolt(\+s|\+ssc)?:/, 'neo4j$1:');

function target(uri: string) {
  return { uri, user: process.env.TEST_DB_USER!, password: process.env.TEST_DB_PASSWORD! };
}

beforeAll(() => {
  driver = createDriver(target(routingUri()));
  db = new Db(driver, new QueryStore(), process.env.TEST_DB_DATABASE || undefined);
});
afterAll(async () => {
  await db.autoCommit("MATCH (n:Entity {id: 'test:routing'}) DETACH DELETE n");
  await driver.close();
});

it('connects through a routing table the server hands out', async () => {
  expect(routingUri()).toMatch(/^neo4j(\+s|\+ssc)?:\/\//);
  await driver.verifyConnectivity();
  const table = await db.autoCommit(
    'CALL dbms.routing.getRoutingTable({}) YIELD servers RETURN servers',
  );
  const roles = (table.records[0].get('servers') as { role: string }[]).map((s) => s.role).sort();
  expect(roles).toEqual(['READ', 'ROUTE', 'WRITE']);
  // The driver keeps that table: it is a routing driver, not a direct connection.
  const provider = (
    driver as unknown as { _getOrCreateConnectionProvider(): object }
  )._getOrCreateConnectionProvider();
  expect(provider.constructor.name).toBe('RoutingConnectionProvider');
});

it('runs reads in read transactions and writes in write transactions', async () => {
  await expect(db.read('graph-has-nodes')).resolves.toBeDefined();
  // A write inside Db.read is refused by the server: the transaction really is READ.
  const writeInRead = db.readTx((tx) => tx.run("CREATE (:Entity {id: 'test:routing-read'})"));
  await expect(writeInRead).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  const stray = await db.readTx((tx) =>
    tx.run("MATCH (n:Entity {id: 'test:routing-read'}) RETURN count(n) AS c"),
  );
  expect(stray.records[0].get('c').toNumber()).toBe(0);
  await db.writeTx((tx) => tx.run("MERGE (:Entity {id: 'test:routing', name: 'Routing'})"));
});

it('a read after a write carries its bookmark and sees it', async () => {
  const manager = driver.executeQueryBookmarkManager;
  const before = new Set(await manager.getBookmarks());
  await db.writeTx((tx) =>
    tx.run("MATCH (n:Entity {id: 'test:routing'}) SET n.name = 'Routing 2'"),
  );
  const after = [...(await manager.getBookmarks())];
  expect(after.length).toBeGreaterThan(0);
  expect(after.some((b) => !before.has(b))).toBe(true);
  const seen = await db.readTx((tx) =>
    tx.run("MATCH (n:Entity {id: 'test:routing'}) RETURN n.name AS name"),
  );
  expect(seen.records[0].get('name')).toBe('Routing 2');

  // Reads wait on the shared bookmarks: one the server cannot know makes a read fail.
  const other = createDriver(target(routingUri()));
  try {
    const session = other.session();
    await session.close();
    await other.executeQueryBookmarkManager.updateBookmarks([], ['FB:not-a-real-bookmark']);
    const otherDb = new Db(other, new QueryStore(), process.env.TEST_DB_DATABASE || undefined);
    await expect(otherDb.read('graph-has-nodes')).rejects.toThrow(/bookmark/i);
  } finally {
    await other.close();
  }
});

it('the app answers through neo4j:// (health, an entity, search, the read-only console)', async () => {
  const app = createApp({ db, mode: 'external', logger: pino({ level: 'silent' }) });
  await request(app).get('/api/health').expect(200);
  await request(app).get('/api/ready').expect(200);
  const entity = await request(app).get('/api/entities/org:scale-ai').expect(200);
  expect(entity.body.id ?? entity.body.entity?.id).toBe('org:scale-ai');
  await request(app).get('/api/search?q=scale').expect(200);
  await request(app)
    .post('/api/cypher')
    .send({ query: 'MATCH (n:Entity) RETURN count(n) AS c' })
    .expect(200);
  await request(app)
    .post('/api/cypher')
    .send({ query: "CREATE (:Entity {id: 'test:routing-console'})" })
    .expect(403);
});
