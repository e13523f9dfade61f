import request from 'supertest';
import { LibraryStore, parseHeader } from '../server/services/library-service';
import { graphCounts, suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

const run = (name: string, params: Record<string, unknown>) =>
  request(t.app).post(`/api/queries/${name}`).send({ params });

describe('GET /api/queries', () => {
  it('lists the library with titles and typed parameters', async () => {
    const res = await request(t.app).get('/api/queries').expect(200);
    const names = res.body.queries.map((q: { name: string }) => q.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ownership-chain',
        'clients-of',
        'leadership-history',
        'who-connects',
        'event-affected',
        'source-relationships',
      ]),
    );
    const clients = res.body.queries.find((q: { name: string }) => q.name === 'clients-of');
    expect(clients.title).toBeTruthy();
    expect(clients.params).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'id', type: 'entityId', required: true }),
        expect.objectContaining({ name: 'at', type: 'date', required: false }),
      ]),
    );
  });
});

describe('POST /api/queries/:name', () => {
  it('runs clients-of and answers columns, rows and a graph', async () => {
    const res = await run('clients-of', { id: 'org:scale-ai' }).expect(200);
    expect(res.body.columns).toContain('clientId');
    const col = res.body.columns.indexOf('clientId');
    const clients = res.body.rows.map((r: unknown[]) => r[col]);
    expect(clients).toEqual(expect.arrayContaining(['org:openai', 'org:paypal', 'org:uber']));
    const nodeIds = res.body.graph.nodes.map((n: { id: string }) => n.id);
    expect(nodeIds).toEqual(expect.arrayContaining(['org:scale-ai', 'org:openai']));
    expect(res.body.graph.edges.every((e: { type: string }) => e.type === 'CLIENT_OF')).toBe(true);
    expect(res.body.truncated).toBe(false);
  });

  it('runs the ownership chain with the effective stake of each chain', async () => {
    const res = await run('ownership-chain', { id: 'org:remotasks' }).expect(200);
    const [dir, chain, stake] = ['direction', 'chain', 'effectiveStake'].map((c) =>
      res.body.columns.indexOf(c),
    );
    const meta = res.body.rows.find(
      (r: unknown[]) => r[dir] === 'owner' && (r[chain] as string[])[0] === 'Meta',
    );
    expect(meta[stake]).toBeCloseTo(0.49, 10);
  });

  it('runs leadership history, who connects, entities affected and relationships from a source', async () => {
    const lead = await run('leadership-history', { id: 'org:scale-ai' }).expect(200);
    const person = lead.body.columns.indexOf('personName');
    expect(lead.body.rows.map((r: unknown[]) => r[person]).slice(0, 2)).toEqual([
      'Alexandr Wang',
      'Jason Droege',
    ]);

    const who = await run('who-connects', { a: 'person:alexandr-wang', b: 'org:openai' }).expect(
      200,
    );
    expect(who.body.rows.length).toBeGreaterThan(0);
    expect(who.body.graph.nodes.map((n: { id: string }) => n.id)).toContain('org:openai');

    const hit = await run('event-affected', {
      id: 'event:scale-ai-document-exposure-2025-06',
    }).expect(200);
    const entity = hit.body.columns.indexOf('entityId');
    expect(hit.body.rows.map((r: unknown[]) => r[entity])).toEqual(
      expect.arrayContaining(['org:google', 'org:meta', 'org:xai', 'org:scale-ai']),
    );

    const src = await run('source-relationships', {
      id: 'source:scale-ai-layoffs-article-2025-07',
      family: 'ownership',
    }).expect(200);
    expect(src.body.rows).toHaveLength(5);
  });

  it('writes nothing', async () => {
    const before = await graphCounts(t.db);
    await run('clients-of', { id: 'org:scale-ai' }).expect(200);
    expect(await graphCounts(t.db)).toEqual(before);
  });

  it('rejects bad params with 400 naming the parameter', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['clients-of', {}, /params\.id/],
      ['clients-of', { id: 42 }, /params\.id/],
      ['clients-of', { id: "org:x' OR 1=1" }, /params\.id/],
      ['clients-of', { id: 'org:scale-ai', at: '2025-02-30' }, /params\.at/],
      ['clients-of', { id: 'org:scale-ai', extra: 1 }, /extra/],
      ['source-relationships', { id: 'source:x', limit: 5000 }, /params\.limit/],
      ['source-relationships', { id: 'source:x', limit: 2.5 }, /params\.limit/],
      ['source-relationships', { id: 'source:x', family: 'friends' }, /params\.family/],
      ['who-connects', { a: 'org:meta', b: 'org:openai', families: ['nope'] }, /params\.families/],
    ];
    for (const [name, params, pattern] of cases) {
      const res = await run(name, params);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_REQUEST');
      expect(res.body.error.message).toMatch(pattern);
    }
  });

  it('answers an unknown query with 404', async () => {
    const res = await run('drop-everything', {}).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('library files', () => {
  it('all load, with every $param declared and every declared param used', () => {
    expect(() => new LibraryStore()).not.toThrow();
  });

  it('reads the header format', () => {
    const meta = parseHeader(
      'demo',
      [
        '// title: Demo',
        '// description: A demo',
        '// param id: entityId — The entity',
        '// param at: date? — A day',
        '// param limit: integer 1..50 = 10 — Rows',
        'MATCH (n) RETURN n',
      ].join('\n'),
    );
    expect(meta).toEqual({
      name: 'demo',
      title: 'Demo',
      description: 'A demo',
      params: [
        { name: 'id', type: 'entityId', required: true, description: 'The entity' },
        { name: 'at', type: 'date', required: false, description: 'A day' },
        {
          name: 'limit',
          type: 'integer',
          required: false,
          default: 10,
          min: 1,
          max: 50,
          description: 'Rows',
        },
      ],
    });
    expect(() => parseHeader('bad', '// title: X\n// param x: uuid — nope\nRETURN 1')).toThrow(
      /unknown type/,
    );
  });
});
