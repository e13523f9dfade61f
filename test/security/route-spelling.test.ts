import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../server/app';
import { openApiSpec } from '../../server/openapi';
import { suiteDb, suiteDriver } from '../helpers/app';

/**
 * Finding 5 of the penetration test: access and limit rules match exact paths, so a route must
 * not answer under any other spelling (`/api/CYPHER`, `/api/Cypher`, `/api/cypher/`). Checked for
 * every route the OpenAPI description lists.
 */
const driver = suiteDriver();
const db = suiteDb(driver);
const newApp = () =>
  createApp({
    db,
    mode: 'external',
    logger: pino({ level: 'silent' }),
    limits: { consolePerMinute: 2, searchPerMinute: 2 },
  });
let app = newApp();
afterAll(() => driver.close());

const paths = openApiSpec().paths as Record<string, Record<string, unknown>>;
const routes = Object.entries(paths).flatMap(([p, methods]) =>
  Object.keys(methods).map(
    (m) => [m.toUpperCase(), p.replace('{id}', 'org:scale-ai').replace('{name}', 'x')] as const,
  ),
);
const upper = (p: string) => p.toUpperCase();
const capital = (p: string) => p.replace(/\/([a-z])/g, (_m, c: string) => `/${c.toUpperCase()}`);
const trailing = (p: string) => `${p}/`;
const BODIES: Record<string, object> = { '/api/cypher': { query: 'RETURN 1' } };

function send(method: string, path: string) {
  const r = request(app)[method.toLowerCase() as 'get' | 'post'](path);
  return method === 'GET' ? r : r.send(BODIES[path.toLowerCase().replace(/\/$/, '')] ?? {});
}

describe('no route answers under another spelling', () => {
  it('the OpenAPI description lists the routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it.each(
    routes.flatMap(([method, path]) =>
      [upper, capital, trailing].map((f) => [method, f(path), path] as const),
    ),
  )('%s %s → 404 NOT_FOUND', async (method, spelled) => {
    const res = await send(method, spelled);
    expect([res.status, res.body?.error?.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('the console limit holds: past it, other spellings are not a way round', async () => {
    app = newApp();
    await send('POST', '/api/cypher').expect(200);
    await send('POST', '/api/cypher').expect(200);
    expect((await send('POST', '/api/cypher')).status).toBe(429);
    for (const p of ['/api/CYPHER', '/api/Cypher', '/api/cypher/', '/API/cypher']) {
      expect((await send('POST', p)).status).toBe(404);
    }
  });

  it('the search limit holds under any spelling', async () => {
    app = newApp();
    await request(app).get('/api/search?q=scale').expect(200);
    await request(app).get('/api/search?q=scale').expect(200);
    expect((await request(app).get('/api/search?q=scale')).status).toBe(429);
    expect((await request(app).get('/api/SEARCH?q=scale')).status).toBe(404);
    // The limit rule itself counts `/search/…`: either refusal, never an answer.
    expect([404, 429]).toContain((await request(app).get('/api/search/?q=scale')).status);
  });
});
