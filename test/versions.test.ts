import request from 'supertest';
import { suiteApp, type TestApp } from './helpers/app';
import {
  allCounts,
  createEntity,
  createRelationship,
  PROV,
  removeEdits,
} from './helpers/workspace';

let t: TestApp;
let xaiProps: Record<string, unknown>;
beforeAll(async () => {
  t = suiteApp();
  const r = await t.db.read('entity-by-id', { id: 'org:xai', at: null });
  xaiProps = r.records[0].get('properties') as Record<string, unknown>;
});
afterAll(async () => {
  await removeEdits(t.db);
  // The seed entity edited below goes back to its seed properties exactly.
  await t.db.writeTx((tx) =>
    tx.run('MATCH (n:Entity {id: "org:xai"}) SET n = $p', { p: xaiProps }),
  );
  await t.close();
});

describe('versions and If-Match', () => {
  it('reads a seed entity (no version property) as version 1 and accepts If-Match 1', async () => {
    const got = await request(t.app).get('/api/entities/org:xai').expect(200);
    expect(got.body.version).toBe(1);
    expect(got.headers.etag).toBe('"1"');
    const res = await request(t.app)
      .patch('/api/entities/org:xai')
      .set('If-Match', got.headers.etag)
      .send({ ...PROV, description: 'Edited by the versions test.' })
      .expect(200);
    expect(res.body.version).toBe(2);
    const again = await request(t.app).get('/api/entities/org:xai').expect(200);
    expect(again.headers.etag).toBe('"2"');
    expect(again.body.entity.properties.name).toBe(xaiProps.name);
  });

  it('answers 428 PRECONDITION_REQUIRED to a write without If-Match, and writes nothing', async () => {
    const e = await createEntity(t.app, { kind: 'Organization', name: 'No Precondition' });
    const rel = await createRelationship(t.app, {
      type: 'CLIENT_OF',
      from: e.entity.id,
      to: 'org:meta',
    });
    const before = await allCounts(t.db);
    const relPath = `/api/relationships/${encodeURIComponent(rel.relationship.id)}`;
    for (const [method, path] of [
      ['patch', `/api/entities/${e.entity.id}`],
      ['delete', `/api/entities/${e.entity.id}`],
      ['patch', relPath],
      ['delete', relPath],
    ] as const) {
      const res = await request(t.app)
        [method](path)
        .send({ ...PROV, name: 'x', role: 'x' });
      expect([path, res.status, res.body.error.code]).toEqual([path, 428, 'PRECONDITION_REQUIRED']);
    }
    expect(await allCounts(t.db)).toEqual(before);
    expect((await request(t.app).get(`/api/entities/${e.entity.id}`)).body.version).toBe(1);
  });

  it('refuses a malformed If-Match with a 400 naming the header', async () => {
    const e = await createEntity(t.app, { kind: 'Organization', name: 'Bad Header' });
    const res = await request(t.app)
      .patch(`/api/entities/${e.entity.id}`)
      .set('If-Match', '*')
      .send({ ...PROV, name: 'x' })
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_IF_MATCH' });
    expect(res.body.error.message).toMatch(/^If-Match: /);
  });

  it('answers 409 VERSION_CONFLICT with the current state to a stale version, writing nothing', async () => {
    const e = await createEntity(t.app, { kind: 'Organization', name: 'Contested Co' });
    const id = e.entity.id;
    await request(t.app)
      .patch(`/api/entities/${id}`)
      .set('If-Match', '"1"')
      .send({ ...PROV, name: 'Contested Co (Alice)' })
      .expect(200);
    const before = await allCounts(t.db);
    const stale = await request(t.app)
      .patch(`/api/entities/${id}`)
      .set('If-Match', '"1"')
      .send({ ...PROV, name: 'Contested Co (Bob)' })
      .expect(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect(stale.body.current).toMatchObject({
      version: 2,
      entity: { id, properties: { name: 'Contested Co (Alice)', version: 2 } },
    });
    expect(await allCounts(t.db)).toEqual(before);
    const got = await request(t.app).get(`/api/entities/${id}`);
    expect(got.body.entity.properties.name).toBe('Contested Co (Alice)');
    const changes = (await request(t.app).get('/api/changes').query({ entity: id })).body.changes;
    expect(changes.map((c: { action: string }) => c.action)).toEqual(['update', 'create']);
  });

  it('answers 409 with the current relationship to a stale relationship write', async () => {
    const e = await createEntity(t.app, { kind: 'Organization', name: 'Rel Conflict' });
    const rel = await createRelationship(t.app, {
      type: 'OWNS',
      from: e.entity.id,
      to: 'org:openai',
      stake: 0.01,
    });
    const path = `/api/relationships/${encodeURIComponent(rel.relationship.id)}`;
    await request(t.app)
      .patch(path)
      .set('If-Match', '1')
      .send({ ...PROV, stake: 0.02 })
      .expect(200);
    const res = await request(t.app).delete(path).set('If-Match', '1').send(PROV).expect(409);
    expect(res.body.current).toMatchObject({
      version: 2,
      relationship: { id: rel.relationship.id, properties: { stake: 0.02 } },
    });
  });

  it('lets exactly one of three concurrent writers of the same version win; the others get 409', async () => {
    const e = await createEntity(t.app, { kind: 'Organization', name: 'Race Co' });
    const id = e.entity.id;
    const write = (name: string) =>
      request(t.app)
        .patch(`/api/entities/${id}`)
        .set('If-Match', '1')
        .send({ ...PROV, name });
    const results = await Promise.all([write('Race A'), write('Race B'), write('Race C')]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.body.entity.properties.name;
    const got = await request(t.app).get(`/api/entities/${id}`);
    expect(got.body).toMatchObject({ version: 2, entity: { properties: { name: winner } } });
    const changes = (await request(t.app).get('/api/changes').query({ entity: id })).body.changes;
    expect(changes.filter((c: { action: string }) => c.action === 'update')).toHaveLength(1);
  });
});
