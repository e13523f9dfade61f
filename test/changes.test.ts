import request from 'supertest';
import { importData } from '../server/ingest/import-service';
import { DatasetService } from '../server/services/dataset-service';
import { suiteApp, type TestApp } from './helpers/app';
import {
  allCounts,
  createEntity,
  createRelationship,
  PROV,
  removeEdits,
} from './helpers/workspace';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(async () => {
  await removeEdits(t.db);
  await t.close();
});

type ChangeJson = {
  id: string;
  at: string;
  action: string;
  user: string;
  target: string;
  version: number | null;
  before: Record<string, never> | null;
  after: Record<string, never> | null;
};

const history = async (query: Record<string, string | number>) =>
  (await request(t.app).get('/api/changes').query(query).expect(200)).body as {
    changes: ChangeJson[];
    next: number | null;
  };

const revert = (id: string, body: Record<string, unknown> = {}) =>
  request(t.app).post(`/api/changes/${id}/revert`).send(body);

describe('GET /api/changes', () => {
  it('lists every change newest first, with before and after as objects, filtered by element', async () => {
    const e = await createEntity(t.app, { kind: 'Organization', name: 'History Co' });
    const id = e.entity.id;
    for (const [v, name] of [
      [1, 'History Co (1)'],
      [2, 'History Co (2)'],
    ] as const) {
      await request(t.app)
        .patch(`/api/entities/${id}`)
        .set('If-Match', String(v))
        .send({ ...PROV, name })
        .expect(200);
    }
    const { changes, next } = await history({ entity: id });
    expect(changes.map((c) => [c.action, c.version])).toEqual([
      ['update', 3],
      ['update', 2],
      ['create', 1],
    ]);
    expect(next).toBeNull();
    const ats = changes.map((c) => c.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(changes[0]).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(/^change:[0-9a-f-]{36}$/),
        user: 'local',
        target: id,
        source: PROV.source,
        reason: null,
      }),
    );
    const before = changes[0].before as unknown as { entity: { properties: { name: string } } };
    expect(before.entity.properties.name).toBe('History Co (1)');
  });

  it('filters by user, by time and by relationship, and pages with limit and offset', async () => {
    const a = (await createEntity(t.app, { kind: 'Organization', name: 'Paging A' })).entity.id;
    const rel = await createRelationship(t.app, { type: 'CLIENT_OF', from: a, to: 'org:meta' });
    const byRel = await history({ relationship: rel.relationship.id });
    expect(byRel.changes.map((c) => c.action)).toEqual(['create']);
    // A relationship's changes also show in the history of its ends.
    expect((await history({ entity: a })).changes.map((c) => c.target)).toContain(
      rel.relationship.id,
    );

    expect((await history({ user: 'somebody-else' })).changes).toEqual([]);
    const all = await history({ user: 'local', limit: 1000 });
    expect(all.changes.length).toBeGreaterThanOrEqual(3);
    const page1 = await history({ limit: 2 });
    const page2 = await history({ limit: 2, offset: 2 });
    expect(page1.next).toBe(2);
    expect(page1.changes.map((c) => c.id)).toEqual(all.changes.slice(0, 2).map((c) => c.id));
    expect(page2.changes.map((c) => c.id)).toEqual(all.changes.slice(2, 4).map((c) => c.id));

    const newest = all.changes[0].at;
    const sinceNewest = await history({ since: newest });
    expect(sinceNewest.changes.map((c) => c.id)).toEqual([all.changes[0].id]);
    const untilNewest = await history({ until: newest, limit: 1000 });
    expect(untilNewest.changes.map((c) => c.id)).not.toContain(all.changes[0].id);
    expect((await history({ until: '2000-01-01' })).changes).toEqual([]);
  });

  it.each([
    [{ since: 'yesterday' }, /^since: /],
    [{ limit: 0 }, /^limit: /],
    [{ action: 'delete' }, /^action: /],
    [{ entity: 'org:a', relationship: 'x' }, /^relationship: /],
  ])('refuses %j naming the parameter', async (query, message) => {
    const res = await request(t.app).get('/api/changes').query(query).expect(400);
    expect(res.body.error.message).toMatch(message);
  });
});

describe('POST /api/changes/:id/revert', () => {
  it('undoes an update as a new revert change, restoring the values with their types', async () => {
    const e = await createEntity(t.app, {
      kind: 'Event',
      name: 'Revert Event',
      properties: { date: '2025-06-01', attendees: 40, tags: ['a', 'b'] },
    });
    const id = e.entity.id;
    const upd = await request(t.app)
      .patch(`/api/entities/${id}`)
      .set('If-Match', '1')
      .send({ ...PROV, name: 'Renamed Event', properties: { date: '2025-07-01', attendees: null } })
      .expect(200);
    const res = await revert(upd.body.change, { reason: 'wrong event' }).expect(201);
    expect(res.body.change).toMatchObject({
      action: 'revert',
      revertOf: upd.body.change,
      reason: 'wrong event',
      target: id,
      version: 3,
    });
    expect(res.body.version).toBe(3);
    const got = await request(t.app).get(`/api/entities/${id}`).expect(200);
    expect(got.body.version).toBe(3);
    expect(got.body.entity.properties).toMatchObject({
      name: 'Revert Event',
      date: '2025-06-01',
      attendees: 40,
      tags: ['a', 'b'],
    });
    // Types are restored, not just text: the date is a Date again, the count an Integer.
    const typed = await t.db.read('edit-entity-state', { id });
    const props = typed.records[0].get('properties') as Record<string, unknown>;
    expect(props.date?.constructor.name).toBe('Date');
    expect(props.attendees?.constructor.name).toBe('Integer');
  });

  it('undoes a retraction: the entity and the relationships retracted with it come back', async () => {
    const a = (await createEntity(t.app, { kind: 'Organization', name: 'Comeback Co' })).entity.id;
    const rel = await createRelationship(t.app, {
      type: 'OWNS',
      from: 'org:meta',
      to: a,
      stake: 0.2,
    });
    const del = await request(t.app)
      .delete(`/api/entities/${a}`)
      .set('If-Match', '1')
      .send(PROV)
      .expect(200);
    await request(t.app).get(`/api/entities/${a}`).expect(410);
    await revert(del.body.change).expect(201);
    const back = await request(t.app).get(`/api/entities/${a}`).expect(200);
    expect(back.body.version).toBe(3);
    expect(back.body.entity.properties.retractedAt).toBeUndefined();
    const relBack = await request(t.app)
      .get(`/api/relationships/${encodeURIComponent(rel.relationship.id)}`)
      .expect(200);
    expect(relBack.body.version).toBe(3);
    const own = await request(t.app).get(`/api/ownership/${a}`).expect(200);
    expect(JSON.stringify(own.body)).toContain('org:meta');
  });

  it('undoes a create by retracting what it created, and a revert of that revert restores it', async () => {
    const a = (await createEntity(t.app, { kind: 'Organization', name: 'Undo Create' })).entity;
    const created = (await history({ entity: a.id })).changes[0];
    const undo = await revert(created.id).expect(201);
    await request(t.app).get(`/api/entities/${a.id}`).expect(410);
    await revert(undo.body.change.id).expect(201);
    const got = await request(t.app).get(`/api/entities/${a.id}`).expect(200);
    expect(got.body).toMatchObject({ version: 3, entity: { properties: { name: 'Undo Create' } } });
  });

  it('answers 409 when the element moved on since the change, writing nothing', async () => {
    const a = (await createEntity(t.app, { kind: 'Organization', name: 'Moved On' })).entity.id;
    const first = await request(t.app)
      .patch(`/api/entities/${a}`)
      .set('If-Match', '1')
      .send({ ...PROV, name: 'Moved On (2)' })
      .expect(200);
    await request(t.app)
      .patch(`/api/entities/${a}`)
      .set('If-Match', '2')
      .send({ ...PROV, name: 'Moved On (3)' })
      .expect(200);
    const before = await allCounts(t.db);
    const res = await revert(first.body.change).expect(409);
    expect(res.body.error.code).toBe('VERSION_CONFLICT');
    expect(res.body.current).toMatchObject({
      version: 3,
      entity: { properties: { name: 'Moved On (3)' } },
    });
    expect(await allCounts(t.db)).toEqual(before);
  });

  it('answers 404 for an unknown change and 400 for a malformed id', async () => {
    await revert('change:00000000-0000-0000-0000-000000000000').expect(404);
    const bad = await revert('nope').expect(400);
    expect(bad.body.error.message).toMatch(/^id: /);
  });
});

describe('imports and dataset deletions in the log', () => {
  it('logs one import change per dataset import and one dataset-delete on deletion', async () => {
    const lines = [
      { id: 'org:changes-import-co', kind: 'Organization', name: 'Import Co', description: 'x' },
      { id: 'org:changes-import-two', kind: 'Organization', name: 'Import Two', description: 'y' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const report = await importData(t.db, Buffer.from(lines), {
      format: 'jsonl',
      dataset: 'changes test',
      importedBy: 'imp',
    });
    expect(report.entities).toBe(2);
    const [imp] = (await history({ user: 'imp' })).changes;
    expect(imp).toMatchObject({
      action: 'import',
      targetType: 'dataset',
      target: 'changes-test',
      before: null,
      after: { dataset: 'changes-test', format: 'jsonl', entities: 2, rejected: 0 },
    });
    await new DatasetService(t.db).remove('changes-test', 'deleter');
    const [del] = (await history({ user: 'deleter' })).changes;
    expect(del).toMatchObject({
      action: 'dataset-delete',
      target: 'changes-test',
      before: { id: 'changes-test', entities: 2 },
    });
    expect((await history({ action: 'import', limit: 1000 })).changes.map((c) => c.id)).toContain(
      imp.id,
    );
  });
});
