import request from 'supertest';
import { suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

describe('GET /api/schema', () => {
  it('lists OWNS with family ownership and its count', async () => {
    const res = await request(t.app).get('/api/schema').expect(200);
    const owns = res.body.relationshipTypes.find((r: { type: string }) => r.type === 'OWNS');
    expect(owns).toEqual({ type: 'OWNS', family: 'ownership', count: 5 });
  });

  it('lists labels with counts, property keys and totals', async () => {
    const res = await request(t.app).get('/api/schema').expect(200);
    const entity = res.body.labels.find((l: { label: string }) => l.label === 'Entity');
    expect(entity.count).toBe(30);
    expect(res.body.labels.map((l: { label: string }) => l.label)).toEqual(
      expect.arrayContaining(['Organization', 'Person', 'Event', 'Source']),
    );
    expect(res.body.propertyKeys).toEqual(
      expect.arrayContaining(['id', 'name', 'stake', 'since', 'until', 'source']),
    );
    expect(res.body.counts).toMatchObject({ nodes: 30, relationships: 52 });
    const ownership = res.body.families.find((f: { family: string }) => f.family === 'ownership');
    // Registers' beneficial interests and undisclosed interests are ownership claims without a stake.
    expect(ownership.types).toEqual(['OWNS', 'BENEFITS_FROM', 'HAS_INTEREST']);
  });
});
