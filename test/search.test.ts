import request from 'supertest';
import { buildLuceneQuery, escapeLucene, searchWords } from '../server/services/search-service';
import { suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

async function topIds(q: string): Promise<string[]> {
  const res = await request(t.app).get('/api/search').query({ q }).expect(200);
  return res.body.results.map((r: { id: string }) => r.id);
}

describe('GET /api/search', () => {
  it('finds Scale AI first from its full name, "scale" and the prefix "scal"', async () => {
    for (const q of ['Scale AI', 'scale', 'scal']) {
      expect((await topIds(q))[0]).toBe('org:scale-ai');
    }
  });

  it('tolerates typos: "alexander wang" finds Alexandr Wang, "remotask" finds Remotasks', async () => {
    expect((await topIds('alexander wang'))[0]).toBe('person:alexandr-wang');
    expect((await topIds('remotask'))[0]).toBe('org:remotasks');
  });

  it('searches aliases too: "Facebook" finds Meta', async () => {
    expect((await topIds('Facebook'))[0]).toBe('org:meta');
  });

  it('answers ranked results with id, labels, name and a decreasing score', async () => {
    const res = await request(t.app).get('/api/search?q=scale&limit=3').expect(200);
    expect(res.body.results).toHaveLength(3);
    const [first] = res.body.results;
    expect(first).toMatchObject({ id: 'org:scale-ai', name: 'Scale AI' });
    expect(first.labels).toContain('Organization');
    const scores = res.body.results.map((r: { score: number }) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('treats Lucene syntax in the text as plain words, never as query syntax', async () => {
    for (const q of ['scale AND NOT', 'name:meta', '"unclosed', 'a~(b)^[c]{d}*?\\/!', 'OR']) {
      const res = await request(t.app).get('/api/search').query({ q });
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body.results)).toBe(true);
    }
  });

  it('rejects empty and over-long text with 400', async () => {
    for (const q of ['', '   ', 'x'.repeat(201)]) {
      const res = await request(t.app).get('/api/search').query({ q }).expect(400);
      expect(res.body.error.code).toBe('INVALID_REQUEST');
      expect(res.body.error.message).toMatch(/^q:/);
    }
    await request(t.app).get('/api/search').expect(400);
  });

  it('rejects a limit outside 1..50', async () => {
    await request(t.app).get('/api/search?q=scale&limit=0').expect(400);
    await request(t.app).get('/api/search?q=scale&limit=51').expect(400);
  });
});

describe('Lucene query building', () => {
  it('escapes every special character', () => {
    expect(escapeLucene('a+b-c&d|e!f(g)h{i}j[k]l^m"n~o*p?q:r\\s/t')).toBe(
      'a\\+b\\-c\\&d\\|e\\!f\\(g\\)h\\{i\\}j\\[k\\]l\\^m\\"n\\~o\\*p\\?q\\:r\\\\s\\/t',
    );
  });

  it('splits words as the analyzer does and combines exact, prefix and fuzzy per word', () => {
    expect(searchWords('Scale-AI  x.AI')).toEqual(['scale', 'ai', 'x.ai']);
    expect(buildLuceneQuery(['alexander', 'wang'], 'all')).toBe(
      '(alexander^4 OR alexander* OR alexander~2) AND (wang^4 OR wang* OR wang~1)',
    );
    expect(buildLuceneQuery(['ai'], 'all')).toBe('(ai^4 OR ai*)');
    expect(buildLuceneQuery(['quartz'], 'all')).toBe('(quartz^4 OR quartz* OR quartz~1)');
  });
});
