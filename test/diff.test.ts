import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { importData } from '../server/ingest/import-service';
import { DatasetService } from '../server/services/dataset-service';
import { suiteApp, type TestApp } from './helpers/app';
import { createEntity, createRelationship, PROV } from './helpers/workspace';

/** Two versions of one BODS relationship record: Ada Diffield holds 30% from 2020, 45% from March 2024. */
const FIXTURE = path.join(__dirname, 'fixtures/bods/stake-versions.json');
const DATASET = 'diff-stake-versions';
const COMPANY = 'bods:DIFFCO0001';
const ADA = 'bods:DIFFPE0001';

const WANG_CEO = 'CEO_OF:person:alexandr-wang->org:scale-ai';
const WANG_LEADS = 'LEADS:person:alexandr-wang->org:meta-superintelligence-labs';
const DROEGE_CEO = 'CEO_OF:person:jason-droege->org:scale-ai';
const META_OWNS = 'OWNS:org:meta->org:scale-ai';

interface Marked {
  id: string;
  change?: string;
  reason?: string;
  at?: string;
  changes?: Record<string, { from: unknown; to: unknown }>;
  previous?: string;
}
interface Diff {
  nodes: Marked[];
  edges: (Marked & { source: string; target: string; family: string })[];
  counts: Record<string, number>;
  truncated: boolean;
  time: string;
}

let t: TestApp;
let importedFrom: string;

async function diff(query: string): Promise<Diff> {
  const res = await request(t.app).get(`/api/diff?${query}`).expect(200);
  return res.body as Diff;
}
const byId = <T extends { id: string }>(xs: T[], id: string) => xs.find((x) => x.id === id);

beforeAll(async () => {
  t = suiteApp();
  importedFrom = new Date(Date.now() - 1000).toISOString();
  const report = await importData(t.db, fs.readFileSync(FIXTURE), {
    format: 'bods',
    dataset: DATASET,
    importedBy: 'diff-test',
  });
  expect(report.rejected).toEqual([]);
});

afterAll(async () => {
  await new DatasetService(t.db).remove(DATASET);
  await t.close();
});

describe('GET /api/diff in world time (since/until, record versions, entity dates)', () => {
  it("over 2025, Wang's CEO_OF of Scale AI ends and his LEADS of Meta Superintelligence Labs begins", async () => {
    const d = await diff('from=2025-01-01&to=2025-12-31');
    expect(d.time).toBe('world');
    expect(byId(d.edges, WANG_CEO)).toMatchObject({
      change: 'removed',
      reason: 'ended',
      at: '2025-06-01',
      changes: { until: { from: null, to: '2025-06-01' } },
    });
    expect(byId(d.edges, WANG_LEADS)).toMatchObject({
      change: 'added',
      reason: 'began',
      at: '2025-06-01',
      changes: { since: { from: null, to: '2025-06-01' } },
    });
    expect(byId(d.edges, DROEGE_CEO)).toMatchObject({ change: 'added' });
    expect(byId(d.edges, META_OWNS)).toMatchObject({ change: 'added', family: 'ownership' });
    // Relationships with no date never change; every listed edge says how it changed.
    expect(byId(d.edges, 'OWNS:org:scale-ai->org:remotasks')).toBeUndefined();
    for (const e of d.edges) expect(['added', 'removed', 'changed']).toContain(e.change);
    // Wang holds a role at both dates: drawn as the end of changed edges, not as changed himself.
    expect(byId(d.nodes, 'person:alexandr-wang')?.change).toBeUndefined();
    // Droege's undated part in the layoffs holds at both dates: he is there, unchanged.
    expect(byId(d.nodes, 'person:jason-droege')).toBeDefined();
    expect(byId(d.nodes, 'person:jason-droege')?.change).toBeUndefined();
    // An event dated inside the window occurred.
    expect(byId(d.nodes, 'event:scale-ai-layoffs-2025-07')).toMatchObject({
      change: 'added',
      reason: 'occurred',
    });
    expect(d.counts.added).toBeGreaterThan(d.counts.removed);
    expect(d.truncated).toBe(false);
  });

  it('the window is (from, to]: before the June 2025 changes nothing has moved yet, and from = to changes nothing', async () => {
    const early = await diff('from=2025-01-01&to=2025-05-31');
    expect(byId(early.edges, WANG_CEO)).toBeUndefined();
    expect(byId(early.edges, WANG_LEADS)).toBeUndefined();
    const same = await diff('from=2025-06-01&to=2025-06-01');
    expect(same.edges).toEqual([]);
    expect(same.counts).toEqual({ added: 0, removed: 0, changed: 0 });
    // On 2025-06-01 itself the change has happened (since inclusive, until exclusive).
    const day = await diff('from=2025-05-31&to=2025-06-01');
    expect(byId(day.edges, WANG_CEO)?.change).toBe('removed');
  });

  it('two versions of one BODS record are one changed stake (30% → 45%), not a removal and an addition', async () => {
    const d = await diff(`from=2023-01-01&to=2025-01-01&entity=${COMPANY}&depth=1`);
    expect(d.edges).toHaveLength(1);
    const [edge] = d.edges;
    expect(edge).toMatchObject({
      change: 'changed',
      reason: 'version',
      at: '2024-03-01',
      source: ADA,
      target: COMPANY,
      changes: {
        stake: { from: 0.3, to: 0.45 },
        stakeMin: { from: 0.3, to: 0.45 },
        stakeMax: { from: 0.3, to: 0.45 },
      },
    });
    expect(edge.previous).toMatch(/^bods:diff-stmt-rel-1\//);
    expect(edge.id).toMatch(/^bods:diff-stmt-rel-2\//);
    expect(Object.keys(edge.changes!)).not.toContain('since');
  });

  it('a record that starts in the window is added, and its holder appears by it', async () => {
    const d = await diff(`from=2019-12-01&to=2020-06-01&entity=${COMPANY}`);
    expect(d.edges.map((e) => [e.change, e.reason, e.at])).toEqual([
      ['added', 'began', '2020-01-01'],
    ]);
    // Ada Diffield has no other relationship: she appears by this one.
    expect(byId(d.nodes, ADA)).toMatchObject({
      change: 'added',
      reason: 'relationships',
      changes: { relationships: { from: 0, to: 1 } },
    });
    // The company was founded before the window (2019-11-04) and had no relationship yet either.
    const founded = await diff(`from=2019-11-01&to=2019-11-30&entity=${COMPANY}`);
    expect(byId(founded.nodes, COMPANY)).toMatchObject({
      change: 'added',
      reason: 'founded',
      changes: { foundingDate: { from: null, to: '2019-11-04' } },
    });
  });

  it('scopes to a neighbourhood and to families', async () => {
    const near = await diff('from=2025-01-01&to=2025-12-31&entity=person:alexandr-wang&depth=1');
    expect(near.edges.map((e) => e.id)).toEqual(expect.arrayContaining([WANG_CEO, WANG_LEADS]));
    // Droege is two hops from Wang (through Scale AI): outside a depth-1 scope.
    expect(byId(near.edges, DROEGE_CEO)).toBeUndefined();
    const owning = await diff('from=2025-01-01&to=2025-12-31&families=ownership');
    expect(owning.edges.length).toBeGreaterThan(0);
    expect(new Set(owning.edges.map((e) => e.family))).toEqual(new Set(['ownership']));
  });

  it('is bounded: past the limit the earliest changes are listed and truncated says so', async () => {
    const all = await diff('from=2025-01-01&to=2025-12-31');
    const cut = await diff('from=2025-01-01&to=2025-12-31&limit=2');
    expect(cut.truncated).toBe(true);
    const listed = [...cut.edges, ...cut.nodes.filter((n) => n.reason !== 'relationships')].filter(
      (x) => x.change,
    );
    expect(listed).toHaveLength(2);
    expect(all.edges.length + all.nodes.length).toBeGreaterThan(2);
  });
});

describe('GET /api/diff?recorded=true in record time (what was written between two instants)', () => {
  it('lists what an import wrote in the window, with its dataset', async () => {
    const d = await diff(
      `recorded=true&from=${encodeURIComponent(importedFrom)}&to=${encodeURIComponent(new Date().toISOString())}`,
    );
    expect(d.time).toBe('recorded');
    const mine = d.edges.filter((e) => e.source === ADA && e.target === COMPANY);
    expect(mine).toHaveLength(2);
    for (const e of mine) {
      expect(e).toMatchObject({
        change: 'added',
        reason: 'recorded',
        changes: { dataset: { from: null, to: DATASET } },
      });
    }
    expect(byId(d.nodes, COMPANY)).toMatchObject({ change: 'added', reason: 'recorded' });
    // The seed was written before the window: none of it is listed.
    expect(byId(d.edges, WANG_CEO)).toBeUndefined();
  });

  it('a note written in the window marks its entity changed, with the note text', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const res = await request(t.app)
      .post('/api/notes')
      .send({ target: 'org:outlier', text: 'Diff test note' })
      .expect(201);
    const d = await diff(
      `recorded=true&from=${encodeURIComponent(since)}&to=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`,
    );
    await request(t.app).delete(`/api/notes/${res.body.note.id}`).type('json').expect(200);
    expect(byId(d.nodes, 'org:outlier')).toMatchObject({
      change: 'changed',
      reason: 'recorded',
      changes: { note: { from: null, to: 'Diff test note' } },
    });
  });

  it('edits through the editing API: created, then renamed and retracted, each in its own window', async () => {
    const enc = encodeURIComponent;
    const t0 = new Date(Date.now() - 1000).toISOString();
    const { entity } = await createEntity(t.app, {
      kind: 'Organization',
      name: 'Diffwell Analytics',
      description: 'A client the diff test invents.',
    });
    const { relationship } = await createRelationship(t.app, {
      type: 'CLIENT_OF',
      from: entity.id,
      to: 'org:scale-ai',
    });
    await new Promise((r) => setTimeout(r, 50));
    const t1 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 50));
    try {
      await request(t.app)
        .patch(`/api/entities/${enc(entity.id)}`)
        .set('If-Match', '"1"')
        .send({ ...PROV, name: 'Diffwell Analytics Inc.' })
        .expect(200);
      await request(t.app)
        .delete(`/api/relationships/${enc(relationship.id)}`)
        .set('If-Match', '"1"')
        .send({ ...PROV, reason: 'diff test' })
        .expect(200);
      const t2 = new Date(Date.now() + 1000).toISOString();

      const made = await diff(`recorded=true&from=${enc(t0)}&to=${enc(t1)}`);
      expect(byId(made.nodes, entity.id)).toMatchObject({ change: 'added', reason: 'recorded' });
      expect(byId(made.edges, relationship.id)).toMatchObject({
        change: 'added',
        source: entity.id,
        target: 'org:scale-ai',
      });

      const edited = await diff(`recorded=true&from=${enc(t1)}&to=${enc(t2)}`);
      expect(byId(edited.nodes, entity.id)).toMatchObject({
        change: 'changed',
        changes: { name: { from: 'Diffwell Analytics', to: 'Diffwell Analytics Inc.' } },
      });
      expect(byId(edited.nodes, entity.id)?.changes).not.toHaveProperty('version');
      expect(byId(edited.edges, relationship.id)).toMatchObject({ change: 'removed' });

      // Over both windows: the entity is new (with its latest name), the relationship came and went.
      const both = await diff(`recorded=true&from=${enc(t0)}&to=${enc(t2)}`);
      expect(byId(both.nodes, entity.id)).toMatchObject({ change: 'added' });
      expect(byId(both.edges, relationship.id)).toBeUndefined();
      // Scoped to the new entity's neighbourhood, only what touches it.
      const scoped = await diff(
        `recorded=true&from=${enc(t1)}&to=${enc(t2)}&entity=${enc(entity.id)}&depth=1`,
      );
      expect(scoped.edges.map((e) => e.id)).toEqual([relationship.id]);
    } finally {
      await t.db.writeTx(async (tx) => {
        await tx.run('MATCH (n:Entity {id: $id}) DETACH DELETE n', { id: entity.id });
        await tx.run('MATCH (c:Change) WHERE c.target IN $ids DELETE c', {
          ids: [entity.id, relationship.id],
        });
      });
    }
  });

  it('a date range in record time covers whole days; a past range lists nothing', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const d = await diff(`recorded=true&from=${today}&to=${today}`);
    expect(d.edges.some((e) => e.source === ADA)).toBe(true);
    const past = await diff('recorded=true&from=2020-01-01&to=2020-12-31');
    expect(past.edges).toEqual([]);
    expect(past.nodes).toEqual([]);
  });
});

describe('GET /api/diff refuses bad input with the field named', () => {
  it.each([
    ['from=2025-13-01&to=2025-12-31', /from/],
    ['from=2025-02-30&to=2025-12-31', /from: not a calendar date/],
    ['from=2025-12-31&to=2025-01-01', /from: 2025-12-31 is after to 2025-01-01/],
    ['from=2025-01-01', /to/],
    ['from=2025-01-01&to=2025-07-01T10:00:00Z', /to: world-time diffs take dates/],
    ['from=2025-01-01&to=2025-12-31&families=gossip', /families: unknown family gossip/],
    ['from=2025-01-01&to=2025-12-31&limit=0', /limit/],
    ['from=2025-01-01&to=2025-12-31&recorded=maybe', /recorded/],
  ])('%s → 400', async (query, message) => {
    const res = await request(t.app).get(`/api/diff?${query}`).expect(400);
    expect(res.body.error.code).toBe('INVALID_REQUEST');
    expect(res.body.error.message).toMatch(message);
  });

  it('an unknown scope entity is a 404', async () => {
    const res = await request(t.app)
      .get('/api/diff?from=2025-01-01&to=2025-12-31&entity=org:nobody-at-all')
      .expect(404);
    expect(res.body.error.message).toMatch(/org:nobody-at-all/);
  });
});
