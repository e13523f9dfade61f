import request from 'supertest';
import { suiteApp, type TestApp } from './helpers/app';
import {
  allCounts,
  createEntity,
  createRelationship,
  PROV,
  removeEdits,
  yesterday,
} from './helpers/workspace';

let t: TestApp;
// P owns 60% of H, H owns all of T, T is a client of Meta; H is retracted.
let P: string;
let H: string;
let T: string;
let pOwnsH: string;
let hOwnsT: string;
let retraction: { status: number; body: Record<string, unknown> };
let countsBefore: { nodes: number; relationships: number; changes: number };

const ids = (nodes: Array<{ id: string }>) => nodes.map((n) => n.id);

beforeAll(async () => {
  t = suiteApp();
  P = (await createEntity(t.app, { kind: 'Person', name: 'Retraction Owner' })).entity.id;
  H = (await createEntity(t.app, { kind: 'Organization', name: 'Retraction Holding' })).entity.id;
  T = (await createEntity(t.app, { kind: 'Organization', name: 'Retraction Target' })).entity.id;
  pOwnsH = (await createRelationship(t.app, { type: 'OWNS', from: P, to: H, stake: 0.6 }))
    .relationship.id;
  hOwnsT = (await createRelationship(t.app, { type: 'OWNS', from: H, to: T, stake: 1 }))
    .relationship.id;
  await createRelationship(t.app, { type: 'CLIENT_OF', from: T, to: 'org:meta' });
  countsBefore = await allCounts(t.db);
  retraction = await request(t.app)
    .delete(`/api/entities/${H}`)
    .set('If-Match', '"1"')
    .send({ ...PROV, reason: 'H was a duplicate record' });
});
afterAll(async () => {
  await removeEdits(t.db);
  await t.close();
});

describe('DELETE /api/entities/:id (retraction)', () => {
  it('answers 200 with the new version and the relationships retracted with it', () => {
    expect(retraction.status).toBe(200);
    expect(retraction.body).toMatchObject({ version: 2, entity: { id: H } });
    expect((retraction.body.relationships as string[]).sort()).toEqual([hOwnsT, pOwnsH].sort());
  });

  it('deletes nothing: every node and relationship is still stored, one change more', async () => {
    expect(await allCounts(t.db)).toEqual({ ...countsBefore, changes: countsBefore.changes + 1 });
  });

  it('logs one retract change with the entity and its relationships before and after', async () => {
    const { changes } = (await request(t.app).get('/api/changes').query({ entity: H })).body;
    expect(changes[0]).toMatchObject({
      action: 'retract',
      target: H,
      reason: 'H was a duplicate record',
      version: 2,
    });
    expect(changes[0].before.entity.properties.retractedAt).toBeUndefined();
    expect(changes[0].after.entity.properties.retractedBy).toBe('local');
    expect(changes[0].after.relationships).toHaveLength(2);
    // The relationship's own history shows the same change.
    const rel = (await request(t.app).get('/api/changes').query({ relationship: hOwnsT })).body;
    expect(rel.changes[0].id).toBe(changes[0].id);
  });

  it('answers 410 ENTITY_RETRACTED for the entity, and shows it as of the day before', async () => {
    const gone = await request(t.app).get(`/api/entities/${H}`).expect(410);
    expect(gone.body.error.code).toBe('ENTITY_RETRACTED');
    expect(gone.body.error.message).toMatch(/retracted on \d{4}-\d{2}-\d{2}.* by local/);
    const before = await request(t.app).get(`/api/entities/${H}`).query({ at: yesterday() });
    expect(before.status).toBe(200);
    expect(before.body.entity.id).toBe(H);
    expect(before.body.relationships.total).toBe(2);
  });

  it('answers 410 for its relationships, and shows them as of the day before', async () => {
    const path = `/api/relationships/${encodeURIComponent(hOwnsT)}`;
    expect((await request(t.app).get(path).expect(410)).body.error.code).toBe(
      'RELATIONSHIP_RETRACTED',
    );
    await request(t.app).get(path).query({ at: yesterday() }).expect(200);
  });

  it('leaves the graph, and comes back in the graph as of the day before', async () => {
    const now = (await request(t.app).get('/api/graph').query({ limit: 20000 })).body;
    expect(ids(now.nodes)).not.toContain(H);
    expect(ids(now.nodes)).toContain(T);
    expect(ids(now.edges)).not.toContain(hOwnsT);
    const then = (await request(t.app).get('/api/graph').query({ limit: 20000, at: yesterday() }))
      .body;
    expect(ids(then.nodes)).toContain(H);
    expect(ids(then.edges)).toEqual(expect.arrayContaining([hOwnsT, pOwnsH]));
  });

  it('leaves search', async () => {
    const res = await request(t.app).get('/api/search').query({ q: 'Retraction Holding' });
    expect(ids(res.body.results)).not.toContain(H);
    const other = await request(t.app).get('/api/search').query({ q: 'Retraction Target' });
    expect(ids(other.body.results)).toContain(T);
  });

  it('leaves neighbours (depth 1 and 2) and comes back as of the day before', async () => {
    for (const depth of [1, 2]) {
      const now = await request(t.app).get(`/api/entities/${T}/neighbors`).query({ depth });
      expect(ids(now.body.nodes)).not.toContain(H);
      expect(ids(now.body.nodes)).toContain('org:meta');
      const then = await request(t.app)
        .get(`/api/entities/${T}/neighbors`)
        .query({ depth, at: yesterday() });
      expect(ids(then.body.nodes)).toContain(H);
    }
    const center = await request(t.app).get(`/api/entities/${H}/neighbors`);
    expect(center.status).toBe(404);
  });

  it('leaves paths, and the path through it is back as of the day before', async () => {
    const now = await request(t.app).get('/api/paths').query({ from: P, to: T }).expect(200);
    expect(now.body.paths).toHaveLength(0);
    const then = await request(t.app)
      .get('/api/paths')
      .query({ from: P, to: T, at: yesterday() })
      .expect(200);
    expect(then.body.paths.length).toBeGreaterThan(0);
  });

  it('leaves ownership and beneficial owners, and counts again as of the day before', async () => {
    const own = await request(t.app).get(`/api/ownership/${T}`).expect(200);
    expect(JSON.stringify(own.body)).not.toContain(P);
    expect(JSON.stringify(own.body)).not.toContain(H);
    const ownThen = await request(t.app).get(`/api/ownership/${T}`).query({ at: yesterday() });
    expect(JSON.stringify(ownThen.body)).toContain(P);

    const bo = await request(t.app).get(`/api/beneficial-owners/${T}`).expect(200);
    expect(JSON.stringify(bo.body)).not.toContain(P);
    const boThen = await request(t.app)
      .get(`/api/beneficial-owners/${T}`)
      .query({ at: yesterday() })
      .expect(200);
    expect(boThen.body.owners.map((o: { id: string }) => o.id)).toContain(P);
    await request(t.app).get(`/api/ownership/${H}`).expect(404);
  });

  it('leaves the export', async () => {
    const res = await request(t.app)
      .get('/api/export')
      .query({ ids: [P, H, T].join(',') })
      .expect(200);
    expect(res.text).not.toContain(`"${H}"`);
    expect(res.text).toContain(`"${T}"`);
  });

  it('refuses to edit or retract it again: 410 at its current version, 409 at an old one', async () => {
    const again = await request(t.app)
      .patch(`/api/entities/${H}`)
      .set('If-Match', '2')
      .send({ ...PROV, name: 'Back from the dead' })
      .expect(410);
    expect(again.body.error.code).toBe('ENTITY_RETRACTED');
    const stale = await request(t.app)
      .delete(`/api/entities/${H}`)
      .set('If-Match', '1')
      .send(PROV)
      .expect(409);
    expect(stale.body.current).toMatchObject({ version: 2, retracted: true });
  });

  it('refuses a relationship to a retracted entity', async () => {
    const res = await request(t.app)
      .post('/api/relationships')
      .send({ ...PROV, type: 'OWNS', from: P, to: H, stake: 0.1 })
      .expect(400);
    expect(res.body.error.message).toMatch(/^to: the entity .* was retracted/);
  });
});

describe('DELETE /api/relationships/:id (retraction)', () => {
  it('removes one claim from ownership, keeps its ends, and shows it as of the day before', async () => {
    const a = (await createEntity(t.app, { kind: 'Person', name: 'Claim Owner' })).entity.id;
    const b = (await createEntity(t.app, { kind: 'Organization', name: 'Claim Asset' })).entity.id;
    const rel = await createRelationship(t.app, { type: 'OWNS', from: a, to: b, stake: 0.4 });
    const res = await request(t.app)
      .delete(`/api/relationships/${encodeURIComponent(rel.relationship.id)}`)
      .set('If-Match', '1')
      .send(PROV)
      .expect(200);
    expect(res.body).toMatchObject({ version: 2, relationship: { id: rel.relationship.id } });
    expect(res.body.relationship.properties.retractedBy).toBe('local');
    const own = await request(t.app).get(`/api/ownership/${b}`).expect(200);
    expect(JSON.stringify(own.body)).not.toContain(a);
    const ownThen = await request(t.app).get(`/api/ownership/${b}`).query({ at: yesterday() });
    expect(JSON.stringify(ownThen.body)).toContain(a);
    await request(t.app).get(`/api/entities/${a}`).expect(200);
    const details = await request(t.app).get(`/api/entities/${b}`).expect(200);
    expect(details.body.relationships.total).toBe(0);
  });
});
