import request from 'supertest';
import { suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

interface Payload {
  nodes: Array<{ id: string }>;
  edges: Array<{ id: string; source: string; target: string; family: string }>;
}

describe('GET /api/paths', () => {
  it('joins Alexandr Wang and OpenAI with all shortest paths, nodes in path order', async () => {
    const res = await request(t.app)
      .get('/api/paths?from=person:alexandr-wang&to=org:openai')
      .expect(200);
    expect(res.body.paths.length).toBeGreaterThan(0);
    expect(res.body.length).toBe(res.body.paths[0].edges.length);
    for (const p of res.body.paths as Payload[]) {
      expect(p.nodes[0].id).toBe('person:alexandr-wang');
      expect(p.nodes[p.nodes.length - 1].id).toBe('org:openai');
      expect(p.edges).toHaveLength(res.body.length);
      p.edges.forEach((e, i) => {
        const ends = [e.source, e.target].sort();
        expect(ends).toEqual([p.nodes[i].id, p.nodes[i + 1].id].sort());
      });
    }
    const merged = res.body.graph.nodes.map((n: { id: string }) => n.id);
    expect(merged).toContain('org:scale-ai');
  });

  it('follows only the requested families', async () => {
    const res = await request(t.app)
      .get('/api/paths?from=org:meta&to=org:remotasks&families=ownership')
      .expect(200);
    expect(res.body.length).toBe(2);
    for (const p of res.body.paths as Payload[]) {
      expect(p.edges.every((e) => e.family === 'ownership')).toBe(true);
    }
  });

  it('returns no path when none is within maxHops', async () => {
    const res = await request(t.app)
      .get('/api/paths?from=person:alexandr-wang&to=org:openai&maxHops=1')
      .expect(200);
    expect(res.body.paths).toEqual([]);
    expect(res.body.length).toBeNull();
  });

  it('answers unknown ids with 404 and bad input with 400', async () => {
    const missing = await request(t.app)
      .get('/api/paths?from=person:alexandr-wang&to=org:nowhere')
      .expect(404);
    expect(missing.body.error.message).toMatch(/org:nowhere/);
    for (const q of [
      'from=person:alexandr-wang',
      'from=person:alexandr-wang&to=org:openai&maxHops=9',
      'from=person:alexandr-wang&to=org:openai&maxHops=0',
      'from=person:alexandr-wang&to=org:openai&families=nope',
      'from=person:alexandr-wang&to=person:alexandr-wang',
      'from=bad id&to=org:openai',
    ]) {
      const res = await request(t.app).get(`/api/paths?${q}`).expect(400);
      expect(res.body.error.code).toBe('INVALID_REQUEST');
    }
  });
});
