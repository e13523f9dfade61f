import type express from 'express';
import request from 'supertest';
import type { Investigation, InvestigationState } from '../server/model/investigations';
import { suiteApp, type TestApp } from './helpers/app';
import { appWithUsers, signIn } from './helpers/sign-in';

let t: TestApp;
let users: express.Express;

const STATE: InvestigationState = {
  view: {
    focus: 'org:scale-ai',
    families: ['ownership', 'leadership'],
    at: '2025-07-01',
    layout: 'concentric',
    expanded: ['org:scale-ai', 'person:alexandr-wang'],
    groups: [{ name: 'Subsidiaries', members: ['org:remotasks', 'org:outlier'], open: false }],
  },
  nodes: ['org:scale-ai', 'org:meta', 'person:alexandr-wang'],
  edges: ['OWNS:org:meta->org:scale-ai'],
  positions: {
    'org:scale-ai': { x: 12.5, y: -40.25 },
    'org:meta': { x: -210, y: 98.125 },
    'person:alexandr-wang': { x: 301.75, y: 0 },
  },
  selection: ['org:meta', 'OWNS:org:meta->org:scale-ai'],
  viewport: { zoom: 1.25, pan: { x: 40, y: -12 } },
  compare: { from: '2025-01-01', to: '2025-12-31', recorded: false },
};

beforeAll(async () => {
  t = suiteApp();
  users = await appWithUsers(t.db);
});

afterAll(async () => {
  await t.db.writeTx((tx) =>
    tx.run("MATCH (i:Investigation) WHERE i.name STARTS WITH 'test:' DELETE i"),
  );
  await t.close();
});

async function save(body: Record<string, unknown>): Promise<Investigation> {
  const res = await request(t.app).post('/api/investigations').send(body).expect(201);
  return res.body.investigation as Investigation;
}

describe('saved investigations', () => {
  it('reopens exactly as saved: view, elements, positions, selection, viewport, compare dates', async () => {
    const saved = await save({
      name: 'test: Meta stake',
      description: 'Who decides at Scale AI now?',
      state: STATE,
    });
    expect(saved).toMatchObject({
      name: 'test: Meta stake',
      owner: 'local',
      role: 'editor',
      version: 1,
    });
    expect(saved.id).toMatch(/^investigation:[0-9a-f-]{36}$/);
    const res = await request(t.app).get(`/api/investigations/${saved.id}`).expect(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.investigation.state).toEqual(STATE);
    expect(res.body.investigation.description).toBe('Who decides at Scale AI now?');
  });

  it('is listed, newest change first, without its state', async () => {
    const a = await save({ name: 'test: older', state: STATE });
    const b = await save({ name: 'test: newer', state: STATE });
    const res = await request(t.app).get('/api/investigations').expect(200);
    const ids = (res.body.investigations as Investigation[]).map((i) => i.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    expect(res.body.investigations[0]).not.toHaveProperty('state');
  });

  it('PUT needs If-Match: none is 428, a stale one 409 with the current investigation, the right one a new version', async () => {
    const saved = await save({ name: 'test: versioned', state: STATE });
    const next = { name: 'test: versioned', state: { ...STATE, selection: ['org:scale-ai'] } };
    const none = await request(t.app).put(`/api/investigations/${saved.id}`).send(next).expect(428);
    expect(none.body.error.code).toBe('PRECONDITION_REQUIRED');
    const ok = await request(t.app)
      .put(`/api/investigations/${saved.id}`)
      .set('If-Match', '"1"')
      .send(next)
      .expect(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.body.investigation).toMatchObject({ version: 2, updatedBy: 'local' });
    expect(ok.body.investigation.state.selection).toEqual(['org:scale-ai']);
    // A second analyst still holding version 1 does not overwrite the first one's save.
    const stale = await request(t.app)
      .put(`/api/investigations/${saved.id}`)
      .set('If-Match', '1')
      .send({ name: 'test: versioned', state: STATE })
      .expect(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect(stale.body.current).toMatchObject({ version: 2, investigation: { id: saved.id } });
    expect(stale.body.current.investigation.state.selection).toEqual(['org:scale-ai']);
    const staleDelete = await request(t.app)
      .delete(`/api/investigations/${saved.id}`)
      .type('json')
      .set('If-Match', '"1"')
      .expect(409);
    expect(staleDelete.body.current.version).toBe(2);
    await request(t.app)
      .delete(`/api/investigations/${saved.id}`)
      .type('json')
      .set('If-Match', '"2"')
      .expect(200);
    await request(t.app).get(`/api/investigations/${saved.id}`).expect(404);
  });

  it('refuses a malformed view with the field named', async () => {
    const bad = await request(t.app)
      .post('/api/investigations')
      .send({
        name: 'test: bad',
        state: { ...STATE, positions: { 'org:meta': { x: 'left', y: 0 } } },
      })
      .expect(400);
    expect(bad.body.error.message).toMatch(/^state\.positions\.org:meta\.x/);
    const noName = await request(t.app)
      .post('/api/investigations')
      .send({ name: ' ', state: STATE })
      .expect(400);
    expect(noName.body.error.message).toMatch(/^name: the name is empty/);
    const date = await request(t.app)
      .post('/api/investigations')
      .send({ name: 'test: bad date', state: { ...STATE, view: { at: '2025-02-30' } } })
      .expect(400);
    expect(date.body.error.message).toMatch(/^state\.view\.at/);
    await request(t.app).get('/api/investigations/investigation:nope').expect(400);
  });
});

describe('who may open and write saved investigations', () => {
  it('viewers are refused to write; they open investigations shared with viewers, not editor-only ones', async () => {
    const erin = await signIn(users, 'erin');
    const vic = await signIn(users, 'vic');
    const shared = await erin.agent
      .post('/api/investigations')
      .set('X-CSRF-Token', erin.token)
      .send({ name: 'test: for everyone', role: 'viewer', state: STATE })
      .expect(201);
    const editorsOnly = await erin.agent
      .post('/api/investigations')
      .set('X-CSRF-Token', erin.token)
      .send({ name: 'test: editors only', state: STATE })
      .expect(201);
    expect(editorsOnly.body.investigation.role).toBe('editor');

    const write = await vic.agent
      .post('/api/investigations')
      .set('X-CSRF-Token', vic.token)
      .send({ name: 'test: viewer', state: STATE })
      .expect(403);
    expect(write.body.error.code).toBe('INSUFFICIENT_ROLE');
    await vic.agent
      .put(`/api/investigations/${shared.body.investigation.id}`)
      .set('X-CSRF-Token', vic.token)
      .set('If-Match', '"1"')
      .send({ name: 'test: hijacked', state: STATE })
      .expect(403);

    const open = await vic.agent
      .get(`/api/investigations/${shared.body.investigation.id}`)
      .expect(200);
    expect(open.body.investigation.state).toEqual(STATE);
    const refused = await vic.agent
      .get(`/api/investigations/${editorsOnly.body.investigation.id}`)
      .expect(403);
    expect(refused.body.error.code).toBe('INVESTIGATION_FORBIDDEN');
    const listed = (await vic.agent.get('/api/investigations').expect(200)).body
      .investigations as Investigation[];
    expect(listed.map((i) => i.id)).toContain(shared.body.investigation.id);
    expect(listed.map((i) => i.id)).not.toContain(editorsOnly.body.investigation.id);
  });

  it('another editor may save a new version but only the owner deletes', async () => {
    const erin = await signIn(users, 'erin');
    const ed = await signIn(users, 'ed');
    const made = await erin.agent
      .post('/api/investigations')
      .set('X-CSRF-Token', erin.token)
      .send({ name: 'test: shared work', state: STATE })
      .expect(201);
    const id = made.body.investigation.id as string;
    const saved = await ed.agent
      .put(`/api/investigations/${id}`)
      .set('X-CSRF-Token', ed.token)
      .set('If-Match', '"1"')
      .send({ name: 'test: shared work', state: STATE })
      .expect(200);
    expect(saved.body.investigation).toMatchObject({ owner: 'erin', updatedBy: 'ed', version: 2 });
    const del = await ed.agent
      .delete(`/api/investigations/${id}`)
      .type('json')
      .set('X-CSRF-Token', ed.token)
      .set('If-Match', '"2"')
      .expect(403);
    expect(del.body.error.code).toBe('NOT_INVESTIGATION_OWNER');
  });
});
