import request from 'supertest';
import { suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

interface Node {
  id: string;
  distance: number;
  degree: number;
}
interface Edge {
  id: string;
  type: string;
  family: string;
  source: string;
  target: string;
}

const ids = (body: { nodes: Node[] }) => body.nodes.map((n) => n.id);

describe('GET /api/entities/:id/neighbors', () => {
  it('expands Scale AI to its subsidiaries, its owner and its clients', async () => {
    const res = await request(t.app).get('/api/entities/org:scale-ai/neighbors').expect(200);
    const found = ids(res.body);
    for (const id of [
      'org:scale-ai',
      'org:remotasks',
      'org:outlier',
      'org:meta',
      'org:openai',
      'org:paypal',
      'org:uber',
      'gov:united-states',
    ]) {
      expect(found).toContain(id);
    }
    expect(res.body).toMatchObject({ truncated: false, omitted: 0, center: 'org:scale-ai' });
    expect(res.body.nodes[0]).toMatchObject({ id: 'org:scale-ai', distance: 0 });
    for (const e of res.body.edges as Edge[]) {
      expect(found).toContain(e.source);
      expect(found).toContain(e.target);
    }
  });

  it('follows only the requested families', async () => {
    const res = await request(t.app)
      .get('/api/entities/org:scale-ai/neighbors?families=ownership')
      .expect(200);
    expect(ids(res.body).sort()).toEqual(
      ['org:meta', 'org:outlier', 'org:remotasks', 'org:scale-ai'].sort(),
    );
    expect(new Set(res.body.edges.map((e: Edge) => e.family))).toEqual(new Set(['ownership']));
  });

  it('follows the requested direction', async () => {
    const out = await request(t.app)
      .get('/api/entities/org:scale-ai/neighbors?families=ownership,client&direction=out')
      .expect(200);
    expect(ids(out.body)).not.toContain('org:openai');
    expect(ids(out.body)).toContain('org:remotasks');
    const inn = await request(t.app)
      .get('/api/entities/org:scale-ai/neighbors?families=ownership,client&direction=in')
      .expect(200);
    expect(ids(inn.body)).toContain('org:openai');
    expect(ids(inn.body)).not.toContain('org:remotasks');
  });

  it('caps a hub at limit, keeping the most connected, and says how many were left out', async () => {
    const all = await request(t.app).get('/api/entities/org:scale-ai/neighbors').expect(200);
    const res = await request(t.app)
      .get('/api/entities/org:scale-ai/neighbors?limit=3')
      .expect(200);
    expect(res.body.truncated).toBe(true);
    expect(res.body.nodes).toHaveLength(4); // the center and three neighbours
    expect(res.body.omitted).toBe(all.body.nodes.length - 1 - 3);
    expect(res.body.total).toBe(all.body.nodes.length - 1);
    const kept: Node[] = res.body.nodes.slice(1);
    const leftOut: Node[] = all.body.nodes.filter(
      (n: Node) => n.id !== 'org:scale-ai' && !ids(res.body).includes(n.id),
    );
    const minKept = Math.min(...kept.map((n) => n.degree));
    for (const n of leftOut) expect(n.degree).toBeLessThanOrEqual(minKept);
    expect(ids(res.body)).toContain('org:meta'); // the best connected neighbour
    for (const e of res.body.edges as Edge[]) {
      expect(ids(res.body)).toContain(e.source);
      expect(ids(res.body)).toContain(e.target);
    }
  });

  it('ranks one hop the same way a deeper expansion ranks its first ring', async () => {
    for (const q of ['', 'families=ownership,client&direction=in', 'at=2024-01-01']) {
      const one = await request(t.app)
        .get(`/api/entities/org:scale-ai/neighbors?limit=1000&${q}`)
        .expect(200);
      const two = await request(t.app)
        .get(`/api/entities/org:scale-ai/neighbors?limit=1000&depth=2&${q}`)
        .expect(200);
      const ring = (two.body.nodes as Node[]).filter((n) => n.distance <= 1);
      expect(ids(one.body)).toEqual(ring.map((n) => n.id));
      expect((one.body.nodes as Node[]).map((n) => n.degree)).toEqual(ring.map((n) => n.degree));
      const ringIds = new Set(ring.map((n) => n.id));
      const ringEdges = (two.body.edges as Edge[]).filter(
        (e) =>
          (e.source === 'org:scale-ai' && ringIds.has(e.target)) ||
          (e.target === 'org:scale-ai' && ringIds.has(e.source)),
      );
      expect(one.body.edges).toEqual(ringEdges);
      expect(one.body.total).toBe(ring.length - 1);
    }
  });

  it('goes deeper with depth and records each node distance', async () => {
    const res = await request(t.app)
      .get('/api/entities/org:remotasks/neighbors?depth=2&families=ownership')
      .expect(200);
    const dist = new Map(res.body.nodes.map((n: Node) => [n.id, n.distance]));
    expect(dist.get('org:scale-ai')).toBe(1);
    expect(dist.get('org:meta')).toBe(2);
    expect(dist.get('org:outlier')).toBe(2);
  });

  it('rejects an unknown family, a bad direction, depth or limit with 400', async () => {
    const bad = await request(t.app)
      .get('/api/entities/org:scale-ai/neighbors?families=ownership,friendship')
      .expect(400);
    expect(bad.body.error.message).toMatch(/families: .*friendship/);
    for (const q of [
      'direction=up',
      'depth=4',
      'depth=0',
      'limit=0',
      'limit=1001',
      'at=2025-02-30',
    ]) {
      await request(t.app).get(`/api/entities/org:scale-ai/neighbors?${q}`).expect(400);
    }
  });

  it('answers an unknown entity with 404', async () => {
    const res = await request(t.app).get('/api/entities/org:nobody/neighbors').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
