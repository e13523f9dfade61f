import type express from 'express';
import request from 'supertest';
import type { Note } from '../server/model/notes';
import { suiteApp, type TestApp } from './helpers/app';
import { appWithUsers, signIn } from './helpers/sign-in';

const WANG = 'person:alexandr-wang';
const META_OWNS = 'OWNS:org:meta->org:scale-ai';

let t: TestApp;
let users: express.Express;
const created: string[] = [];

beforeAll(async () => {
  t = suiteApp();
  users = await appWithUsers(t.db);
});

afterAll(async () => {
  await t.db.writeTx((tx) =>
    tx.run('MATCH (n:Note) WHERE n.id IN $ids DETACH DELETE n', { ids: created }),
  );
  await t.close();
});

async function post(target: string, text: string): Promise<Note> {
  const res = await request(t.app).post('/api/notes').send({ target, text }).expect(201);
  created.push(res.body.note.id);
  return res.body.note as Note;
}

describe('notes on entities and relationships', () => {
  it('a note on an entity keeps its author and time, and is listed on that entity, newest first', async () => {
    const first = await post(WANG, 'Check the zephyrine filing for his start date');
    const second = await post(WANG, 'Second thought on the quokka memo');
    expect(first).toMatchObject({ target: WANG, targetType: 'entity', author: 'local', ends: [] });
    expect(first.id).toMatch(/^note:[0-9a-f-]{36}$/);
    expect(Date.parse(first.at)).toBeGreaterThan(Date.now() - 60_000);
    const res = await request(t.app)
      .get(`/api/notes?target=${encodeURIComponent(WANG)}`)
      .expect(200);
    const ids = (res.body.notes as Note[]).map((n) => n.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(ids).toContain(first.id);
  });

  it('a note on a relationship knows its two entities', async () => {
    const note = await post(META_OWNS, 'The 49% figure is from the zephyrine term sheet');
    expect(note).toMatchObject({
      targetType: 'relationship',
      target: META_OWNS,
      ends: ['org:meta', 'org:scale-ai'],
    });
    const res = await request(t.app).get(`/api/notes/${note.id}`).expect(200);
    expect(res.body.note.text).toBe('The 49% figure is from the zephyrine term sheet');
  });

  it('is logged as a note change in the same transaction, before and after', async () => {
    const note = await post(WANG, 'Logged note');
    await request(t.app)
      .patch(`/api/notes/${note.id}`)
      .send({ text: 'Logged note, edited' })
      .expect(200);
    const rows = await t.db.readTx((tx) =>
      tx.run(
        `MATCH (c:Change {action: 'note'}) WHERE $id IN c.targets
         RETURN c.before AS before, c.after AS after ORDER BY c.at`,
        { id: note.id },
      ),
    );
    const log = rows.records.map((r) =>
      [r.get('before'), r.get('after')].map((x) => (x ? JSON.parse(x as string).note.text : null)),
    );
    expect(log).toEqual([
      [null, 'Logged note'],
      ['Logged note', 'Logged note, edited'],
    ]);
  });

  it('the author edits and deletes; the note is then gone', async () => {
    const note = await post(WANG, 'to be edited');
    const edited = await request(t.app)
      .patch(`/api/notes/${note.id}`)
      .send({ text: 'edited' })
      .expect(200);
    expect(edited.body.note.text).toBe('edited');
    expect(Date.parse(edited.body.note.updatedAt)).toBeGreaterThanOrEqual(Date.parse(note.at));
    await request(t.app).delete(`/api/notes/${note.id}`).type('json').expect(200);
    const gone = await request(t.app).get(`/api/notes/${note.id}`).expect(404);
    expect(gone.body.error.code).toBe('NOT_FOUND');
  });

  it('refuses bad input with the field named, and unknown targets with 404', async () => {
    const empty = await request(t.app)
      .post('/api/notes')
      .send({ target: WANG, text: '   ' })
      .expect(400);
    expect(empty.body.error.message).toMatch(/^text: the note is empty/);
    const long = await request(t.app)
      .post('/api/notes')
      .send({ target: WANG, text: 'x'.repeat(10_001) })
      .expect(400);
    expect(long.body.error.message).toMatch(/^text: a note has at most 10000 characters/);
    const noTarget = await request(t.app).post('/api/notes').send({ text: 'hello' }).expect(400);
    expect(noTarget.body.error.message).toMatch(/^target/);
    const unknown = await request(t.app)
      .post('/api/notes')
      .send({ target: 'org:nobody-at-all', text: 'hello' })
      .expect(404);
    expect(unknown.body.error.message).toMatch(/org:nobody-at-all/);
    await request(t.app).patch('/api/notes/not-a-note').send({ text: 'x' }).expect(400);
  });
});

describe('who may write notes', () => {
  it('viewers read notes but may not write them; only the author edits or deletes', async () => {
    const erin = await signIn(users, 'erin');
    const ed = await signIn(users, 'ed');
    const vic = await signIn(users, 'vic');
    const mine = await erin.agent
      .post('/api/notes')
      .set('X-CSRF-Token', erin.token)
      .send({ target: WANG, text: 'Erin wrote this' })
      .expect(201);
    const note = mine.body.note as Note;
    created.push(note.id);
    expect(note.author).toBe('erin');

    const read = await vic.agent.get(`/api/notes?target=${encodeURIComponent(WANG)}`).expect(200);
    expect((read.body.notes as Note[]).map((n) => n.id)).toContain(note.id);
    const write = await vic.agent
      .post('/api/notes')
      .set('X-CSRF-Token', vic.token)
      .send({ target: WANG, text: 'viewer note' })
      .expect(403);
    expect(write.body.error.code).toBe('INSUFFICIENT_ROLE');

    const other = await ed.agent
      .patch(`/api/notes/${note.id}`)
      .set('X-CSRF-Token', ed.token)
      .send({ text: 'Ed rewrote it' })
      .expect(403);
    expect(other.body.error.code).toBe('NOT_NOTE_AUTHOR');
    await ed.agent
      .delete(`/api/notes/${note.id}`)
      .type('json')
      .set('X-CSRF-Token', ed.token)
      .expect(403);
    const still = await request(t.app).get(`/api/notes/${note.id}`).expect(200);
    expect(still.body.note.text).toBe('Erin wrote this');
  });
});

describe('notes are searchable with the rest', () => {
  it('search finds an entity by its note text, marking the hit as a note match', async () => {
    const note = await post('org:remotasks', 'Flagged: the marsupial ledger mentions them');
    const res = await request(t.app).get('/api/search?q=marsupial').expect(200);
    expect(res.body.results[0]).toMatchObject({
      id: 'org:remotasks',
      name: 'Remotasks',
      matchedBy: 'note',
      note: { id: note.id, target: 'org:remotasks' },
    });
  });

  it('a relationship note finds its first entity; a name match stays a name match', async () => {
    await post(META_OWNS, 'wombatish side letter');
    const res = await request(t.app).get('/api/search?q=wombatish').expect(200);
    expect(res.body.results[0]).toMatchObject({
      id: 'org:meta',
      matchedBy: 'note',
      note: { target: META_OWNS, targetType: 'relationship' },
    });
    const byName = await request(t.app).get('/api/search?q=remotasks').expect(200);
    expect(byName.body.results[0]).toMatchObject({ id: 'org:remotasks', matchedBy: 'name' });
  });

  it('a deleted note no longer finds its entity', async () => {
    const note = await post('org:outlier', 'numbatory remark');
    expect((await request(t.app).get('/api/search?q=numbatory')).body.results).toHaveLength(1);
    await request(t.app).delete(`/api/notes/${note.id}`).type('json').expect(200);
    expect((await request(t.app).get('/api/search?q=numbatory')).body.results).toEqual([]);
  });
});
