import request from 'supertest';
import { FAMILIES } from '../server/families';
import { suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

describe('GET /api/graph', () => {
  it('returns the whole seeded graph with slug ids and every family the article states', async () => {
    const res = await request(t.app).get('/api/graph').expect(200);
    expect(res.body.truncated).toBe(false);
    expect(res.body.nodes.length).toBeGreaterThanOrEqual(25);
    const ids = new Set(res.body.nodes.map((n: { id: string }) => n.id));
    expect(ids).toContain('org:scale-ai');
    expect(ids).toContain('person:alexandr-wang');
    const families = new Set(res.body.edges.map((e: { family: string }) => e.family));
    // The article states no voting or board-appointment rights, so the seed has no control edge.
    const stated = FAMILIES.filter((f) => f !== 'control');
    expect([...families].sort()).toEqual([...stated].sort());
    for (const e of res.body.edges) {
      expect(ids).toContain(e.source);
      expect(ids).toContain(e.target);
      expect(typeof e.properties.source).toBe('string');
    }
  });

  it('shows the stake on the ownership edge and dates as ISO strings', async () => {
    const res = await request(t.app).get('/api/graph').expect(200);
    const stake = res.body.edges.find(
      (e: { type: string; source: string; target: string }) =>
        e.type === 'OWNS' && e.source === 'org:meta' && e.target === 'org:scale-ai',
    );
    expect(stake).toMatchObject({
      family: 'ownership',
      properties: { stake: 0.49, amountUsd: 14300000000 },
    });
    expect(stake.properties.since).toMatch(/^2025-06-\d\d$/);
  });

  it('returns an overview of the most connected entities with truncated when over the cap', async () => {
    const res = await request(t.app).get('/api/graph?limit=5').expect(200);
    expect(res.body.truncated).toBe(true);
    expect(res.body.nodes).toHaveLength(5);
    expect(res.body.nodes.map((n: { id: string }) => n.id)).toContain('org:scale-ai');
  });

  it('rejects a limit that is not a positive number with a 400', async () => {
    const res = await request(t.app).get('/api/graph?limit=-3').expect(400);
    expect(res.body.error.code).toBe('INVALID_REQUEST');
    expect(res.body.error.message).toMatch(/limit/);
  });
});

describe('GET /api/health', () => {
  it('answers ok with neo4j up when the database answers', async () => {
    const res = await request(t.app).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', neo4j: 'up' });
    expect(res.body.version).toMatch(/^5\./);
  });

  it('answers unknown API routes with a 404 in the error shape', async () => {
    const res = await request(t.app).get('/api/nothing-here').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
