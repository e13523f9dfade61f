import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../server/app';
import { hashPassword } from '../server/auth/passwords';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { importData } from '../server/ingest/import-service';
import { applySchema } from '../server/ingest/loader';
import { propertiesToJson, type JsonValue } from '../server/mapper';
import type { DecisionResult, DuplicatesView } from '../server/model/duplicates';
import { seedGraph } from '../seed/data';
import { seedDatabase } from '../seed/loader';
import { graphCounts } from './helpers/app';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

/** The two registries of test/fixtures/duplicates on top of the article's seed. */
const FIXTURES = path.resolve(__dirname, 'fixtures/duplicates');

let neo: TestNeo4j;
let driver: Driver;
let db: Db;
let app: Express;

beforeAll(async () => {
  neo = await startTestNeo4j('merge');
  driver = createDriver({ uri: neo.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  db = new Db(driver, new QueryStore());
  await seedDatabase(db, seedGraph, { reset: true });
  await applySchema(db);
  for (const [file, dataset] of [
    ['registry-a.ftm.json', 'Registry A'],
    ['registry-b.ftm.json', 'Registry B'],
  ]) {
    await importData(db, fs.readFileSync(path.join(FIXTURES, file)), { dataset, format: 'ftm' });
  }
  app = createApp({ db, mode: 'external', logger: pino({ level: 'silent' }) });
}, 240_000);

afterAll(async () => {
  await driver?.close();
  await neo?.dispose();
});

interface RelState {
  id: string;
  type: string;
  from: string;
  to: string;
  properties: Record<string, JsonValue>;
}

/** Everything about an entity: its labels, properties and relationships (by claim id). */
async function state(id: string) {
  const res = await db.readTx((tx) =>
    tx.run(
      `OPTIONAL MATCH (e:Entity {id: $id}) OPTIONAL MATCH (m:Merged {id: $id})
       WITH coalesce(e, m) AS n
       RETURN labels(n) AS labels, properties(n) AS properties,
              COLLECT { MATCH (n)-[r]-() RETURN DISTINCT {id: r.id, type: type(r),
                from: startNode(r).id, to: endNode(r).id, properties: properties(r)} } AS rels`,
      { id },
    ),
  );
  const rec = res.records[0];
  const rels = (rec.get('rels') as Array<RelState & { properties: Record<string, unknown> }>)
    .map((r) => ({ ...r, properties: propertiesToJson(r.properties) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    labels: [...(rec.get('labels') as string[])].sort(),
    properties: propertiesToJson(rec.get('properties') as Record<string, unknown>),
    relationships: rels,
  };
}

/** A state with versions aside: an unmerge moves versions forward, never back. */
function withoutVersions(s: Awaited<ReturnType<typeof state>>) {
  const strip = (p: Record<string, JsonValue>) =>
    Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'version'));

  return {
    labels: s.labels,
    properties: strip(s.properties),
    relationships: s.relationships.map((r) => ({ ...r, properties: strip(r.properties) })),
  };
}

async function changes(target: string) {
  const res = await db.readTx((tx) =>
    tx.run(
      'MATCH (c:Change) WHERE c.target = $target OR $target IN c.targets RETURN properties(c) AS c ORDER BY c.at',
      { target },
    ),
  );
  return res.records.map((r) => propertiesToJson(r.get('c') as Record<string, unknown>));
}

const decide = (body: Record<string, unknown>) =>
  request(app).post('/api/duplicates/decisions').send(body);

describe('merging "Scale AI" and "SCALE AI, INC."', () => {
  let result: DecisionResult;
  let beforeA: Awaited<ReturnType<typeof state>>;
  let beforeB: Awaited<ReturnType<typeof state>>;

  beforeAll(async () => {
    beforeA = await state('ftm:a-scale');
    beforeB = await state('ftm:b-scale');
    const res = await decide({ a: 'ftm:a-scale', b: 'ftm:b-scale', decision: 'same' }).expect(201);
    result = res.body as DecisionResult;
  });

  it('keeps the id of the better connected entity and stores the decision', () => {
    // a-scale has Meta's stake and Wang's directorship; b-scale the same two: a tie keeps a.
    expect(result.merge).toMatchObject({ canonical: 'ftm:a-scale', merged: 'ftm:b-scale' });
    expect(result.decision).toMatchObject({
      pair: 'ftm:a-scale|ftm:b-scale',
      decision: 'same',
      user: 'local',
    });
    expect(result.merge!.moved).toEqual(['ftm:b-dir-wang', 'ftm:b-own-meta-scale']);
  });

  it('moves every relationship with its id and provenance, saying where it came from', async () => {
    const now = await state('ftm:a-scale');
    for (const old of beforeB.relationships) {
      const moved = now.relationships.find((r) => r.id === old.id)!;
      expect(moved).toBeDefined();
      expect(moved.type).toBe(old.type);
      expect(moved.from).toBe(old.from === 'ftm:b-scale' ? 'ftm:a-scale' : old.from);
      expect(moved.to).toBe(old.to === 'ftm:b-scale' ? 'ftm:a-scale' : old.to);
      for (const k of ['source', 'evidence', 'confidence', 'dataset', 'since', 'stake'])
        expect(moved.properties[k]).toEqual(old.properties[k]);
      expect(moved.properties.movedFrom).toBe('ftm:b-scale');
      expect(moved.properties.version).toBe(2);
    }
    expect(now.relationships).toHaveLength(beforeA.relationships.length + 2);
    expect(now.properties.aliases).toEqual(expect.arrayContaining(['SCALE AI, INC.']));
    expect(now.properties.datasets).toEqual(['registry-a', 'registry-b']);
    expect(now.properties.mergedFrom).toEqual(['ftm:b-scale']);
    const merged = await state('ftm:b-scale');
    expect(merged.labels).toEqual(['Merged']);
    expect(merged.properties.mergedInto).toBe('ftm:a-scale');
    expect(merged.relationships).toEqual([]);
  });

  it('old ids keep resolving: the entity, its neighbours, ownership and paths', async () => {
    const res = await request(app).get('/api/entities/ftm:b-scale').expect(200);
    expect(res.body.entity.id).toBe('ftm:a-scale');
    expect(res.body.mergedFrom).toEqual(['ftm:b-scale']);
    expect(res.body.resolvedFrom).toBe('ftm:b-scale');
    const direct = await request(app).get('/api/entities/ftm:a-scale').expect(200);
    expect(direct.body.mergedFrom).toEqual(['ftm:b-scale']);
    expect(direct.body.resolvedFrom).toBeUndefined();
    const nb = await request(app).get('/api/entities/ftm:b-scale/neighbors').expect(200);
    expect(nb.body.center).toBe('ftm:a-scale');
    expect(nb.body.nodes.map((n: { id: string }) => n.id)).toEqual(
      expect.arrayContaining(['ftm:dup-meta', 'ftm:a-wang', 'ftm:b-wang']),
    );
    const own = await request(app).get('/api/ownership/ftm:b-scale').expect(200);
    expect(JSON.stringify(own.body)).toContain('ftm:a-scale');
    const paths = await request(app).get('/api/paths?from=ftm:b-wang&to=ftm:b-scale').expect(200);
    expect(JSON.stringify(paths.body)).toContain('ftm:a-scale');
  });

  it('is one merge change holding both entities and every moved relationship', async () => {
    const log = (await changes('ftm:b-scale')).filter((c) => c.action === 'merge');
    expect(log).toHaveLength(1);
    const change = log[0];
    expect(change).toMatchObject({ target: 'ftm:a-scale', targetType: 'entity', user: 'local' });
    expect(change.id).toBe(result.merge!.change);
    const before = JSON.parse(change.before as string);
    expect(before.merged.id).toBe('ftm:b-scale');
    expect(before.relationships.map((r: { id: string }) => r.id).sort()).toEqual(
      result.merge!.moved,
    );
  });

  it('takes the merged entity out of duplicates, search and the graph', async () => {
    const dup = (await request(app).get('/api/duplicates?limit=500').expect(200))
      .body as DuplicatesView;
    expect(dup.pairs.some((p) => p.pair.includes('ftm:b-scale'))).toBe(false);
    const search = await request(app).get('/api/search?q=SCALE%20AI%20INC').expect(200);
    const ids = JSON.stringify(search.body);
    expect(ids).not.toContain('ftm:b-scale');
    expect(ids).toContain('ftm:a-scale');
  });

  it('a second decision on a merged entity is a 409 naming where it went', async () => {
    const res = await decide({ a: 'ftm:b-scale', b: 'org:scale-ai', decision: 'same' }).expect(409);
    expect(res.body.error.code).toBe('ALREADY_MERGED');
    expect(res.body.error.message).toContain('ftm:a-scale');
  });

  it('unmerge restores both entities and every relationship exactly (versions move on)', async () => {
    const res = await request(app)
      .post('/api/duplicates/unmerge')
      .send({ canonical: 'ftm:a-scale', merged: 'ftm:b-scale' })
      .expect(200);
    expect(res.body).toMatchObject({
      canonical: 'ftm:a-scale',
      merged: 'ftm:b-scale',
      revertOf: result.merge!.change,
    });
    const a = await state('ftm:a-scale');
    const b = await state('ftm:b-scale');
    expect(withoutVersions(a)).toEqual(withoutVersions(beforeA));
    expect(withoutVersions(b)).toEqual(withoutVersions(beforeB));
    expect(a.properties.version).toBe(3);
    expect(b.relationships.every((r) => r.properties.version === 3)).toBe(true);
    const log = await changes('ftm:b-scale');
    expect(log.map((c) => c.action)).toEqual(['merge', 'unmerge']);
    expect(log[1].revertOf).toBe(result.merge!.change);
    // The pair is proposed again, and the old id is an entity of its own once more.
    const entity = await request(app).get('/api/entities/ftm:b-scale').expect(200);
    expect(entity.body.entity.id).toBe('ftm:b-scale');
    expect(entity.body.resolvedFrom).toBeUndefined();
    const dup = (await request(app).get('/api/duplicates?limit=500').expect(200))
      .body as DuplicatesView;
    expect(dup.pairs.map((p) => p.pair)).toContain('ftm:a-scale|ftm:b-scale');
    // Undone once is undone.
    const again = await request(app)
      .post('/api/duplicates/unmerge')
      .send({ change: result.merge!.change })
      .expect(409);
    expect(again.body.error.code).toBe('ALREADY_UNDONE');
  });
});

describe('decisions', () => {
  it('"different" is stored and the pair is never proposed again; "unsure" stays listed', async () => {
    const before = (await request(app).get('/api/duplicates?limit=500').expect(200))
      .body as DuplicatesView;
    expect(before.pairs.map((p) => p.pair)).toContain('ftm:a-wang|ftm:b-wang');
    const res = await decide({ a: 'ftm:b-wang', b: 'ftm:a-wang', decision: 'different' }).expect(
      200,
    );
    expect(res.body.decision).toMatchObject({
      pair: 'ftm:a-wang|ftm:b-wang',
      a: 'ftm:a-wang',
      b: 'ftm:b-wang',
      decision: 'different',
    });
    expect(res.body.merge).toBeUndefined();
    const after = (await request(app).get('/api/duplicates?limit=500&minScore=0').expect(200))
      .body as DuplicatesView;
    expect(after.pairs.map((p) => p.pair)).not.toContain('ftm:a-wang|ftm:b-wang');
    const one = (await request(app).get('/api/duplicates?entity=ftm:a-wang&minScore=0').expect(200))
      .body as DuplicatesView;
    expect(one.pairs.map((p) => p.pair)).not.toContain('ftm:a-wang|ftm:b-wang');

    await decide({ a: 'ftm:a-scale', b: 'ftm:b-scale', decision: 'unsure' }).expect(200);
    const unsure = (await request(app).get('/api/duplicates?limit=500').expect(200))
      .body as DuplicatesView;
    expect(unsure.pairs.find((p) => p.pair === 'ftm:a-scale|ftm:b-scale')?.decision).toBe('unsure');
  });

  it('bad input: a 400 naming the field, nothing written', async () => {
    const counts = await graphCounts(db);
    const bad = await decide({ a: 'ftm:a-acme', b: 'ftm:b-acme', decision: 'maybe' }).expect(400);
    expect(bad.body.error.message).toMatch(/^decision:/);
    const self = await decide({ a: 'ftm:a-acme', b: 'ftm:a-acme', decision: 'same' }).expect(400);
    expect(self.body.error.message).toMatch(/^b:/);
    const canonical = await decide({
      a: 'ftm:a-acme',
      b: 'ftm:b-acme',
      decision: 'same',
      canonical: 'org:meta',
    }).expect(400);
    expect(canonical.body.error.message).toMatch(/^canonical:/);
    await decide({ a: 'ftm:a-acme', b: 'ftm:nobody', decision: 'same' }).expect(404);
    expect(await graphCounts(db)).toEqual(counts);
  });
});

describe('concurrency and chains', () => {
  it('a merge of an entity that moved on since it was read is a 409 with its current state', async () => {
    const counts = await graphCounts(db);
    const res = await decide({
      a: 'ftm:a-acme',
      b: 'ftm:b-acme',
      decision: 'same',
      versions: { 'ftm:a-acme': 1, 'ftm:b-acme': 7 },
    }).expect(409);
    expect(res.body.error.code).toBe('VERSION_CONFLICT');
    expect(res.body.current.version).toBe(1);
    expect(res.body.current.entity.id).toBe('ftm:b-acme');
    expect(await graphCounts(db)).toEqual(counts);
    expect((await state('ftm:b-acme')).labels).toContain('Entity');
  });

  it('merges chain (old ids follow them), and an unmerge under a later merge is a 409', async () => {
    // Registry B's Acme into Registry A's, then Registry A's into a new canonical by choice.
    const first = await decide({
      a: 'ftm:a-acme',
      b: 'ftm:b-acme',
      decision: 'same',
      canonical: 'ftm:a-acme',
      versions: { 'ftm:a-acme': 1, 'ftm:b-acme': 1 },
    }).expect(201);
    expect(first.body.merge.canonical).toBe('ftm:a-acme');
    const second = await decide({
      a: 'ftm:a-acme',
      b: 'ftm:a-remo-sub',
      decision: 'same',
      canonical: 'ftm:a-remo-sub',
    }).expect(201);
    expect(second.body.merge.merged).toBe('ftm:a-acme');
    const res = await request(app).get('/api/entities/ftm:b-acme').expect(200);
    expect(res.body.entity.id).toBe('ftm:a-remo-sub');
    expect(res.body.mergedFrom).toEqual(expect.arrayContaining(['ftm:a-acme', 'ftm:b-acme']));
    const blocked = await request(app)
      .post('/api/duplicates/unmerge')
      .send({ canonical: 'ftm:a-acme', merged: 'ftm:b-acme' })
      .expect(409);
    expect(blocked.body.error.code).toBe('MERGE_CHANGED');
    expect(blocked.body.error.message).toContain('ftm:a-remo-sub');
    // Undone in order, both come back.
    await request(app)
      .post('/api/duplicates/unmerge')
      .send({ change: second.body.merge.change })
      .expect(200);
    await request(app)
      .post('/api/duplicates/unmerge')
      .send({ change: first.body.merge.change })
      .expect(200);
    for (const id of ['ftm:a-acme', 'ftm:b-acme', 'ftm:a-remo-sub']) {
      const e = await request(app).get(`/api/entities/${id}`).expect(200);
      expect(e.body.entity.id).toBe(id);
    }
  });
});

describe('the change log', () => {
  it('lists the merge under either id, and reverting the merge change unmerges', async () => {
    const merged = await decide({ a: 'ftm:a-wang', b: 'person:alexandr-wang', decision: 'same' })
      .expect(201)
      .then((r) => r.body as DecisionResult);
    const canonical = merged.merge!.canonical;
    const other = merged.merge!.merged;
    const log = await request(app).get(`/api/changes?entity=${other}`).expect(200);
    const change = log.body.changes.find((c: { action: string }) => c.action === 'merge');
    expect(change).toMatchObject({ id: merged.merge!.change, target: canonical, user: 'local' });
    expect(change.before.merged.id).toBe(other);
    const revert = await request(app)
      .post(`/api/changes/${merged.merge!.change}/revert`)
      .send({ reason: 'two people' })
      .expect(201);
    expect(revert.body.change).toMatchObject({
      action: 'unmerge',
      revertOf: merged.merge!.change,
      reason: 'two people',
    });
    const back = await request(app).get(`/api/entities/${other}`).expect(200);
    expect(back.body.entity.id).toBe(other);
  });
});

describe('roles', () => {
  it('viewers may list candidates but not decide or unmerge (403, nothing written)', async () => {
    const users = [
      {
        name: 'vic',
        role: 'viewer' as const,
        passwordHash: await hashPassword('vic-password-123'),
      },
    ];
    const guarded = createApp({
      db,
      mode: 'external',
      logger: pino({ level: 'silent' }),
      auth: { users },
    });
    const agent = request.agent(guarded);
    const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
    const login = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrfToken)
      .send({ name: 'vic', password: 'vic-password-123' })
      .expect(200);
    const token = login.body.csrfToken as string;
    await agent.get('/api/duplicates').expect(200);
    const counts = await graphCounts(db);
    const refused = await agent
      .post('/api/duplicates/decisions')
      .set('X-CSRF-Token', token)
      .send({ a: 'ftm:a-wang', b: 'ftm:b-wang', decision: 'same' });
    expect(refused.status).toBe(403);
    const unmerge = await agent
      .post('/api/duplicates/unmerge')
      .set('X-CSRF-Token', token)
      .send({ canonical: 'ftm:a-wang', merged: 'ftm:b-wang' });
    expect(unmerge.status).toBe(403);
    expect(await graphCounts(db)).toEqual(counts);
  });
});
