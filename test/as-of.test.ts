import request from 'supertest';
import { suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

const CEO = 'CEO_OF:person:alexandr-wang->org:scale-ai';
const LEADS_MSL = 'LEADS:person:alexandr-wang->org:meta-superintelligence-labs';

type Edge = { id: string };
const edgeIds = (edges: Edge[]) => edges.map((e) => e.id);

describe('?at=YYYY-MM-DD: the graph as it stood that day', () => {
  it('neighbors: on 2025-01-01 Wang leads Scale AI, not Meta Superintelligence Labs', async () => {
    const res = await request(t.app)
      .get('/api/entities/person:alexandr-wang/neighbors?at=2025-01-01')
      .expect(200);
    expect(edgeIds(res.body.edges)).toContain(CEO);
    expect(edgeIds(res.body.edges)).not.toContain(LEADS_MSL);
    expect(res.body.at).toBe('2025-01-01');
  });

  it('neighbors: on 2025-08-01 Wang leads Meta Superintelligence Labs, no longer Scale AI', async () => {
    const res = await request(t.app)
      .get('/api/entities/person:alexandr-wang/neighbors?at=2025-08-01')
      .expect(200);
    expect(edgeIds(res.body.edges)).toContain(LEADS_MSL);
    expect(edgeIds(res.body.edges)).not.toContain(CEO);
  });

  it('neighbors: without at, both roles show', async () => {
    const res = await request(t.app)
      .get('/api/entities/person:alexandr-wang/neighbors')
      .expect(200);
    expect(edgeIds(res.body.edges)).toEqual(expect.arrayContaining([CEO, LEADS_MSL]));
  });

  it('paths: on 2025-01-01 Wang reaches Scale AI through CEO_OF, and no path uses LEADS', async () => {
    const res = await request(t.app)
      .get('/api/paths?from=person:alexandr-wang&to=org:scale-ai&at=2025-01-01')
      .expect(200);
    expect(res.body.length).toBe(1);
    expect(edgeIds(res.body.paths[0].edges)).toEqual([CEO]);
    const msl = await request(t.app)
      .get('/api/paths?from=person:alexandr-wang&to=org:meta-superintelligence-labs&at=2025-01-01')
      .expect(200);
    for (const p of msl.body.paths) expect(edgeIds(p.edges)).not.toContain(LEADS_MSL);
  });

  it('paths: on 2025-08-01 Wang reaches the lab through LEADS, and no path uses CEO_OF', async () => {
    const res = await request(t.app)
      .get('/api/paths?from=person:alexandr-wang&to=org:meta-superintelligence-labs&at=2025-08-01')
      .expect(200);
    expect(res.body.length).toBe(1);
    expect(edgeIds(res.body.paths[0].edges)).toEqual([LEADS_MSL]);
    const scale = await request(t.app)
      .get('/api/paths?from=person:alexandr-wang&to=org:scale-ai&at=2025-08-01')
      .expect(200);
    expect(scale.body.paths.length).toBeGreaterThan(0);
    for (const p of scale.body.paths) expect(edgeIds(p.edges)).not.toContain(CEO);
  });

  it('treats until as exclusive: on 2025-06-01 Wang already leads the lab and no longer Scale AI', async () => {
    const res = await request(t.app)
      .get('/api/entities/person:alexandr-wang/neighbors?at=2025-06-01')
      .expect(200);
    expect(edgeIds(res.body.edges)).toContain(LEADS_MSL);
    expect(edgeIds(res.body.edges)).not.toContain(CEO);
  });

  it('rejects a date that is not a calendar day', async () => {
    for (const at of ['2025-13-01', '2025-02-30', '01/08/2025']) {
      await request(t.app)
        .get(`/api/entities/person:alexandr-wang/neighbors?at=${encodeURIComponent(at)}`)
        .expect(400);
      await request(t.app)
        .get(`/api/paths?from=person:alexandr-wang&to=org:scale-ai&at=${encodeURIComponent(at)}`)
        .expect(400);
    }
  });
});
