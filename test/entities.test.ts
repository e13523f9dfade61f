import request from 'supertest';
import { suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

describe('GET /api/entities/:id', () => {
  it('returns the entity as a graph node with relationship counts per type and family', async () => {
    const res = await request(t.app).get('/api/entities/org:scale-ai').expect(200);
    expect(res.body.entity).toMatchObject({
      id: 'org:scale-ai',
      properties: { name: 'Scale AI' },
    });
    expect(res.body.entity.labels).toContain('Organization');
    const rels = res.body.relationships;
    const owns = rels.byType.find((x: { type: string }) => x.type === 'OWNS');
    expect(owns).toEqual({ type: 'OWNS', family: 'ownership', in: 1, out: 2, total: 3 });
    const clients = rels.byType.find((x: { type: string }) => x.type === 'CLIENT_OF');
    expect(clients).toMatchObject({ family: 'client', in: 9, out: 0 });
    const client = rels.byFamily.find((x: { family: string }) => x.family === 'client');
    expect(client.in).toBeGreaterThanOrEqual(9);
    expect(rels.total).toBe(rels.in + rels.out);
    const sum = (k: 'in' | 'out') =>
      rels.byFamily.reduce((s: number, f: Record<string, number>) => s + f[k], 0);
    expect(sum('in')).toBe(rels.in);
    expect(sum('out')).toBe(rels.out);
  });

  it('lists the sources that mention it, by provenance and by REPORTS', async () => {
    const res = await request(t.app)
      .get('/api/entities/event:scale-ai-document-exposure-2025-06')
      .expect(200);
    const byId = new Map(res.body.sources.map((s: { id: string }) => [s.id, s]));
    expect(byId.get('source:scale-ai-layoffs-article-2025-07')).toMatchObject({
      name: 'Scale AI cuts staff and contractors weeks after Meta deal',
      via: ['provenance', 'reports'],
    });
    expect(byId.get('source:document-exposure-investigation-2025-06')).toMatchObject({
      via: ['reports'],
    });
    expect(byId.has('source:partner-reconsideration-report-2025-07')).toBe(true);
  });

  it('answers an unknown entity with 404 NOT_FOUND', async () => {
    const res = await request(t.app).get('/api/entities/org:does-not-exist').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('answers a malformed id with 400', async () => {
    for (const id of ['Scale AI', 'org:', 'ORG:scale-ai', "org:x'})--"]) {
      const res = await request(t.app)
        .get(`/api/entities/${encodeURIComponent(id)}`)
        .expect(400);
      expect(res.body.error.message).toMatch(/^id:/);
    }
  });
});
