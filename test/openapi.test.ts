import type { Express } from 'express';
import request from 'supertest';
import { openApiSpec } from '../server/openapi';
import { suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

type Schema = Record<string, unknown>;
type Spec = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
};
const spec = openApiSpec() as unknown as Spec;

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** Every `METHOD /path` the Express app serves under /api, found by walking the router stack. */
function registeredRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      if (layer.route && typeof layer.route.path === 'string') {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all')
            out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  const root = (app as unknown as { router: { stack: Layer[] } }).router;
  walk(root.stack, '');
  return out
    .filter((r) => r.split(' ')[1].startsWith('/api/'))
    .map((r) => r.replace(/:(\w+)/g, '{$1}'))
    .sort();
}

function documentedRoutes(): string[] {
  return Object.entries(spec.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

function resolve(schema: Schema): Schema {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  return resolve(spec.components.schemas[ref.replace('#/components/schemas/', '')]);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A hand check of the parts of JSON Schema the spec uses: type, required, properties, items, enum, oneOf. */
function check(value: unknown, raw: Schema, where: string, problems: string[]): void {
  const schema = resolve(raw);
  if (schema.oneOf) {
    const fits = (schema.oneOf as Schema[]).some((s) => {
      const p: string[] = [];
      check(value, s, where, p);
      return p.length === 0;
    });
    if (!fits) problems.push(`${where}: matches no oneOf branch`);
    return;
  }
  if (schema.type) {
    const types = ([] as string[]).concat(schema.type as string | string[]);
    const actual = typeOf(value);
    const ok = types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!ok) {
      problems.push(`${where}: expected ${types.join('|')}, got ${actual}`);
      return;
    }
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) {
    problems.push(`${where}: ${JSON.stringify(value)} not in enum`);
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (!(key in obj)) problems.push(`${where}: missing required ${key}`);
    }
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, sub] of Object.entries(props)) {
      if (key in obj) check(obj[key], sub, `${where}.${key}`, problems);
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => check(item, schema.items as Schema, `${where}[${i}]`, problems));
  }
}

function responseSchema(path: string, method: string, status: number): Schema {
  const response = spec.paths[path][method].responses[String(status)];
  expect(response).toBeDefined();
  return response.content!['application/json'].schema;
}

describe('GET /api/openapi.json', () => {
  it('serves an OpenAPI 3.1 document', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\.1\./);
    expect(res.body.paths['/api/search'].get).toBeDefined();
  });

  it('documents every route the app registers, and nothing it does not', () => {
    expect(documentedRoutes()).toEqual(registeredRoutes(t.app));
  });

  it('resolves every $ref', () => {
    const refs = JSON.stringify(spec).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const r of new Set(refs)) {
      expect(spec.components.schemas[r.split('/').pop()!]).toBeDefined();
    }
  });

  const calls: Array<[string, string, string, number, object | null]> = [
    ['get', '/api/health', '/api/health', 200, null],
    ['get', '/api/ready', '/api/ready', 200, null],
    ['get', '/api/graph', '/api/graph?limit=5', 200, null],
    ['get', '/api/search', '/api/search?q=scale', 200, null],
    ['get', '/api/search', '/api/search?q=', 400, null],
    ['get', '/api/entities/{id}', '/api/entities/org:scale-ai', 200, null],
    ['get', '/api/entities/{id}', '/api/entities/org:nobody', 404, null],
    [
      'get',
      '/api/entities/{id}/neighbors',
      '/api/entities/org:scale-ai/neighbors?limit=3',
      200,
      null,
    ],
    ['get', '/api/paths', '/api/paths?from=person:alexandr-wang&to=org:openai', 200, null],
    ['get', '/api/ownership/{id}', '/api/ownership/org:remotasks', 200, null],
    ['get', '/api/ownership/{id}', '/api/ownership/org:xai', 200, null],
    ['get', '/api/ownership/{id}', '/api/ownership/org:meta?method=integrated', 200, null],
    ['get', '/api/ownership/{id}', '/api/ownership/org:meta?method=nope', 400, null],
    ['get', '/api/beneficial-owners/{id}', '/api/beneficial-owners/org:scale-ai', 200, null],
    [
      'get',
      '/api/beneficial-owners/{id}',
      '/api/beneficial-owners/org:xai?threshold=0.5',
      200,
      null,
    ],
    ['get', '/api/beneficial-owners/{id}', '/api/beneficial-owners/org:xai?threshold=0', 400, null],
    ['get', '/api/beneficial-owners/{id}', '/api/beneficial-owners/org:ghost', 404, null],
    ['get', '/api/schema', '/api/schema', 200, null],
    ['get', '/api/queries', '/api/queries', 200, null],
    [
      'post',
      '/api/queries/{name}',
      '/api/queries/clients-of',
      200,
      { params: { id: 'org:scale-ai' } },
    ],
    ['post', '/api/queries/{name}', '/api/queries/clients-of', 400, { params: {} }],
    ['post', '/api/queries/{name}', '/api/queries/nope', 404, { params: {} }],
  ];

  it.each(calls)(
    '%s %s answers as documented (%s → %i)',
    async (method, path, url, status, body) => {
      const req =
        method === 'post'
          ? request(t.app)
              .post(url)
              .send(body ?? {})
          : request(t.app).get(url);
      const res = await req;
      expect(res.status).toBe(status);
      const problems: string[] = [];
      check(res.body, responseSchema(path, method, status), 'body', problems);
      expect(problems).toEqual([]);
    },
  );

  it('checks schemas for real: a missing required field is caught', () => {
    const problems: string[] = [];
    check({ nodes: [] }, { $ref: '#/components/schemas/GraphPayload' }, 'body', problems);
    expect(problems).toEqual(['body: missing required edges']);
  });
});
