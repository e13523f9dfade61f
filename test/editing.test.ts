import pino from 'pino';
import request from 'supertest';
import { createApp } from '../server/app';
import { hashPassword } from '../server/auth/passwords';
import type { UserRecord } from '../server/auth/users';
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

const changesOf = async (id: string) =>
  (await request(t.app).get('/api/changes').query({ entity: id }).expect(200)).body.changes;

describe('POST /api/entities', () => {
  it('creates an entity with a slug id from kind and name, version 1, and its create change', async () => {
    const res = await request(t.app)
      .post('/api/entities')
      .send({
        ...PROV,
        kind: 'Organization',
        name: 'Ëditing Test Holdings',
        aliases: ['ETH Ltd'],
        description: 'A holding created by the editing test.',
        properties: { country: 'FR', employees: 12, founded: '2019-04-01' },
        reason: 'found in a filing',
      })
      .expect(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.version).toBe(1);
    expect(res.body.entity).toMatchObject({
      id: 'org:editing-test-holdings',
      labels: ['Entity', 'Organization'],
      properties: {
        name: 'Ëditing Test Holdings',
        aliases: ['ETH Ltd'],
        country: 'FR',
        employees: 12,
        founded: '2019-04-01',
        version: 1,
        createdBy: 'local',
      },
    });

    const got = await request(t.app).get('/api/entities/org:editing-test-holdings').expect(200);
    expect(got.body.version).toBe(1);
    expect(got.headers.etag).toBe('"1"');

    const search = await request(t.app).get('/api/search').query({ q: 'Editing Test Holdings' });
    expect(search.body.results.map((r: { id: string }) => r.id)).toContain(
      'org:editing-test-holdings',
    );

    const [change] = await changesOf('org:editing-test-holdings');
    expect(change).toMatchObject({
      id: res.body.change,
      user: 'local',
      action: 'create',
      targetType: 'entity',
      target: 'org:editing-test-holdings',
      before: null,
      source: PROV.source,
      evidence: PROV.evidence,
      confidence: 0.9,
      reason: 'found in a filing',
      version: 1,
    });
    expect(change.after.entity.properties.name).toBe('Ëditing Test Holdings');
  });

  it('de-duplicates a taken slug with a suffix and transliterates names in other scripts', async () => {
    const a = await createEntity(t.app, { kind: 'Person', name: 'Анна Петрова' });
    const b = await createEntity(t.app, { kind: 'Person', name: 'Anna Petrova' });
    const c = await createEntity(t.app, { kind: 'Person', name: 'Anna  PETROVA' });
    expect([a.entity.id, b.entity.id, c.entity.id]).toEqual([
      'person:anna-petrova',
      'person:anna-petrova-2',
      'person:anna-petrova-3',
    ]);
  });

  it('records a new source given as {title,url,date} as a Source entity, and reuses it by url', async () => {
    const source = {
      title: 'Companies House filing, Test Holdings',
      url: 'https://example.org/filing/123',
      date: '2025-07-14',
    };
    const first = await createEntity(t.app, { kind: 'Organization', name: 'Sourced Co', source });
    const change = (await changesOf(first.entity.id))[0];
    expect(change.source).toBe('source:companies-house-filing-test-holdings');
    expect(change.after.source.properties).toMatchObject({
      name: source.title,
      url: source.url,
      date: '2025-07-14',
    });
    const src = await request(t.app)
      .get('/api/entities/source:companies-house-filing-test-holdings')
      .expect(200);
    expect(src.body.entity.labels).toEqual(['Entity', 'Source']);

    const second = await createEntity(t.app, { kind: 'Organization', name: 'Sourced Two', source });
    expect((await changesOf(second.entity.id))[0].source).toBe(
      'source:companies-house-filing-test-holdings',
    );
  });

  it.each([
    [{ kind: 'Company', name: 'X' }, /^kind: /],
    [{ kind: 'Organization', name: '  ' }, /^name: must not be empty/],
    [{ kind: 'Organization', name: 'X', confidence: 1.5 }, /^confidence: must be in 0\.\.1/],
    [{ kind: 'Organization', name: 'X', evidence: undefined }, /^evidence: /],
    [{ kind: 'Organization', name: 'X', source: undefined }, /^source: /],
    [{ kind: 'Organization', name: 'X', source: { url: 'https://x.org' } }, /^source/],
    [{ kind: 'Organization', name: 'X', properties: { version: 7 } }, /^properties\.version: /],
    [{ kind: 'Organization', name: 'X', properties: { 'a b': 1 } }, /^properties\.a b: /],
    [
      { kind: 'Organization', name: 'X', properties: { nested: { a: 1 } } },
      /^properties\.nested: /,
    ],
    [{ kind: 'Organization', name: 'X', colour: 'red' }, /colour/],
  ])('refuses %j with a 400 naming the field', async (body, message) => {
    const before = await allCounts(t.db);
    const res = await request(t.app)
      .post('/api/entities')
      .send({ ...PROV, ...body })
      .expect(400);
    expect(res.body.error.code).toBe('INVALID_REQUEST');
    expect(res.body.error.message).toMatch(message);
    expect(await allCounts(t.db)).toEqual(before);
  });

  it('refuses an unknown source id, writing nothing', async () => {
    const before = await allCounts(t.db);
    const res = await request(t.app)
      .post('/api/entities')
      .send({ ...PROV, source: 'source:no-such-source', kind: 'Organization', name: 'Nope' })
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'UNKNOWN_SOURCE' });
    expect(res.body.error.message).toMatch(/^source: /);
    expect(await allCounts(t.db)).toEqual(before);
  });
});

describe('POST /api/relationships', () => {
  let owner: string;
  let asset: string;
  beforeAll(async () => {
    owner = (await createEntity(t.app, { kind: 'Organization', name: 'Rel Owner' })).entity.id;
    asset = (await createEntity(t.app, { kind: 'Organization', name: 'Rel Asset' })).entity.id;
  });

  it('creates an exact stake with its bounds, a claim id, version 1 and provenance', async () => {
    const res = await request(t.app)
      .post('/api/relationships')
      .send({ ...PROV, type: 'OWNS', from: owner, to: asset, stake: 0.3, since: '2024-01-01' })
      .expect(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.relationship).toMatchObject({
      id: `OWNS:${owner}->${asset}`,
      type: 'OWNS',
      family: 'ownership',
      from: owner,
      to: asset,
      source: owner,
      target: asset,
      properties: {
        stake: 0.3,
        stakeMin: 0.3,
        stakeMax: 0.3,
        since: '2024-01-01',
        source: PROV.source,
        evidence: PROV.evidence,
        confidence: 0.9,
        version: 1,
      },
    });
    const got = await request(t.app)
      .get(`/api/relationships/${encodeURIComponent(res.body.relationship.id)}`)
      .expect(200);
    expect(got.headers.etag).toBe('"1"');
    expect(got.body.relationship.properties.stakeMax).toBe(0.3);
    const ownership = await request(t.app).get(`/api/ownership/${asset}`).expect(200);
    expect(JSON.stringify(ownership.body)).toContain(owner);
  });

  it('keeps a second claim on the same pair apart, with a range and no exact stake', async () => {
    const res = await createRelationship(t.app, {
      type: 'OWNS',
      from: owner,
      to: asset,
      stakeMin: 0.25,
      stakeMax: 0.5,
      stakeMinExclusive: true,
    });
    expect(res.relationship.id).toBe(`OWNS:${owner}->${asset}#2`);
    expect(res.relationship.properties).toMatchObject({
      stakeMin: 0.25,
      stakeMax: 0.5,
      stakeMinExclusive: true,
    });
    expect(res.relationship.properties.stake).toBeUndefined();
  });

  it('writes an unknown stake on OWNS as [0, 1], never as 0 or 1', async () => {
    const res = await createRelationship(t.app, { type: 'CONTROLS', from: owner, to: asset });
    expect(res.relationship.properties).toMatchObject({ stakeMin: 0, stakeMax: 1 });
    expect(res.relationship.properties.stake).toBeUndefined();
  });

  it.each([
    [{ type: 'OWNS', to: 'org:meta' }, 400, /^from: no entity/, 'UNKNOWN_ENTITY'],
    [{ type: 'OWNS', stake: 0.3, stakeMin: 0.1 }, 400, /^stake: /, 'INVALID_REQUEST'],
    [{ type: 'OWNS', stakeMin: 0.6, stakeMax: 0.4 }, 400, /^stakeMax: /, 'INVALID_REQUEST'],
    [
      { type: 'OWNS', since: '2025-01-01', until: '2024-01-01' },
      400,
      /^until: /,
      'INVALID_REQUEST',
    ],
    [{ type: 'OWNS', since: '2025-02-30' }, 400, /^since: not a calendar date/, 'INVALID_REQUEST'],
    [{ type: 'OWNES' }, 400, /^type: /, 'INVALID_REQUEST'],
    [{ type: 'OWNS', stake: 1.2 }, 400, /^stake: must be in 0\.\.1/, 'INVALID_REQUEST'],
  ])('refuses %j naming the field, writing nothing', async (body, status, message, code) => {
    const before = await allCounts(t.db);
    const res = await request(t.app)
      .post('/api/relationships')
      .send({ ...PROV, from: 'to' in body ? 'org:nobody-here' : owner, to: asset, ...body })
      .expect(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(await allCounts(t.db)).toEqual(before);
  });

  it('GET /api/relationships/:id answers 404 for an unknown claim', async () => {
    const res = await request(t.app).get('/api/relationships/OWNS:org:x->org:y').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('PATCH', () => {
  it('edits an entity: name, aliases, a property set and one removed, version 2, change with before and after', async () => {
    const created = await createEntity(t.app, {
      kind: 'Organization',
      name: 'Patch Me',
      properties: { country: 'DE', sector: 'AI' },
    });
    const id = created.entity.id;
    const res = await request(t.app)
      .patch(`/api/entities/${id}`)
      .set('If-Match', '"1"')
      .send({
        ...PROV,
        name: 'Patched Name GmbH',
        aliases: ['Patch Me'],
        properties: { country: 'AT', sector: null },
      })
      .expect(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body.version).toBe(2);
    expect(res.body.entity.id).toBe(id);
    expect(res.body.entity.properties).toMatchObject({
      name: 'Patched Name GmbH',
      aliases: ['Patch Me'],
      country: 'AT',
      updatedBy: 'local',
    });
    expect(res.body.entity.properties.sector).toBeUndefined();
    const [change] = await changesOf(id);
    expect(change).toMatchObject({ action: 'update', version: 2 });
    expect(change.before.entity.properties.name).toBe('Patch Me');
    expect(change.after.entity.properties.name).toBe('Patched Name GmbH');
  });

  it('edits a relationship stake: the bounds follow and the provenance is the new one', async () => {
    const a = (await createEntity(t.app, { kind: 'Person', name: 'Stake Holder' })).entity.id;
    const b = (await createEntity(t.app, { kind: 'Organization', name: 'Staked Co' })).entity.id;
    const rel = await createRelationship(t.app, { type: 'OWNS', from: a, to: b, stake: 0.1 });
    const res = await request(t.app)
      .patch(`/api/relationships/${encodeURIComponent(rel.relationship.id)}`)
      .set('If-Match', '1')
      .send({ ...PROV, evidence: 'Annual report 2025', stakeMin: 0.2, stakeMax: 0.3 })
      .expect(200);
    expect(res.body.version).toBe(2);
    expect(res.body.relationship.properties).toMatchObject({
      stakeMin: 0.2,
      stakeMax: 0.3,
      evidence: 'Annual report 2025',
      version: 2,
    });
    expect(res.body.relationship.properties.stake).toBeUndefined();
  });

  it('refuses an empty edit naming what may change', async () => {
    const created = await createEntity(t.app, { kind: 'Organization', name: 'Nothing Changes' });
    const res = await request(t.app)
      .patch(`/api/entities/${created.entity.id}`)
      .set('If-Match', '1')
      .send(PROV)
      .expect(400);
    expect(res.body.error.message).toMatch(/nothing to change/);
  });

  it('answers 404 for an entity that does not exist', async () => {
    const res = await request(t.app)
      .patch('/api/entities/org:does-not-exist')
      .set('If-Match', '1')
      .send({ ...PROV, name: 'x' })
      .expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('who may edit', () => {
  let users: UserRecord[];
  beforeAll(async () => {
    users = [
      { name: 'erin', role: 'editor', passwordHash: await hashPassword('erin-password-12') },
      { name: 'vic', role: 'viewer', passwordHash: await hashPassword('vic-password-123') },
    ];
  });
  const usersApp = () =>
    createApp({ db: t.db, mode: 'external', logger: pino({ level: 'silent' }), auth: { users } });

  async function signIn(app: ReturnType<typeof usersApp>, name: string, password: string) {
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
    const res = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrfToken)
      .send({ name, password })
      .expect(200);
    return { agent, token: res.body.csrfToken as string };
  }

  const writes: Array<[string, string]> = [
    ['post', '/api/entities'],
    ['patch', '/api/entities/org:meta'],
    ['delete', '/api/entities/org:meta'],
    ['post', '/api/relationships'],
    ['patch', '/api/relationships/OWNS:org:meta->org:scale-ai'],
    ['delete', '/api/relationships/OWNS:org:meta->org:scale-ai'],
    ['post', '/api/changes/change:00000000-0000-0000-0000-000000000000/revert'],
  ];

  it('refuses every write to a viewer (403) and to anyone not signed in (401); nothing is written', async () => {
    const app = usersApp();
    const before = await allCounts(t.db);
    const vic = await signIn(app, 'vic', 'vic-password-123');
    for (const [method, path] of writes) {
      const res = await vic.agent[method as 'post'](path)
        .set('X-CSRF-Token', vic.token)
        .set('If-Match', '1')
        .send({ ...PROV, kind: 'Organization', name: 'Viewer Co' });
      expect([path, res.status, res.body.error?.code]).toEqual([path, 403, 'INSUFFICIENT_ROLE']);
      const anon = await request(app)[method as 'post'](path).send({});
      expect([path, anon.status]).toEqual([path, 401]);
    }
    // A viewer still reads the history.
    await vic.agent.get('/api/changes').expect(200);
    expect(await allCounts(t.db)).toEqual(before);
  });

  it('lets an editor write with the CSRF token and records the editor as the user; without the token 403', async () => {
    const app = usersApp();
    const erin = await signIn(app, 'erin', 'erin-password-12');
    const noToken = await erin.agent
      .post('/api/entities')
      .send({ ...PROV, kind: 'Organization', name: 'Erin Co' });
    expect(noToken.status).toBe(403);
    const res = await erin.agent
      .post('/api/entities')
      .set('X-CSRF-Token', erin.token)
      .send({ ...PROV, kind: 'Organization', name: 'Erin Co' })
      .expect(201);
    expect(res.body.entity.properties.createdBy).toBe('erin');
    const [change] = await changesOf(res.body.entity.id);
    expect(change.user).toBe('erin');
  });
});
