import { z } from 'zod';
import { openApiSpec } from '../server/openapi';
import { mergePaths } from '../server/openapi/merge';
import { requestDoc } from '../server/openapi/request';
import { searchQuery } from '../server/routes/search';
import { neighborsQuery } from '../server/routes/entities';

type Op = { parameters?: { name: string; in: string; required: boolean; schema: object }[] };
const spec = openApiSpec() as { paths: Record<string, Record<string, Op>> };

describe('OpenAPI generated from the zod schemas that validate requests', () => {
  it('documents a query parameter with the bounds, default and requiredness the route enforces', () => {
    const params = spec.paths['/api/search'].get.parameters!;
    expect(params.find((p) => p.name === 'q')).toMatchObject({
      in: 'query',
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    });
    expect(params.find((p) => p.name === 'limit')).toMatchObject({
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
    });
    // The route's own schema refuses what the description says is out of bounds.
    expect(searchQuery.safeParse({ q: 'x', limit: '51' }).success).toBe(false);
    expect(searchQuery.safeParse({ q: 'x', limit: '50' }).success).toBe(true);
  });

  it("carries the descriptions written on the schemas (meta), and the path's own parameters", () => {
    const params = spec.paths['/api/entities/{id}/neighbors'].get.parameters!;
    const names = params.map((p) => `${p.in}:${p.name}`);
    expect(names).toEqual(
      expect.arrayContaining(['path:id', 'query:families', 'query:direction', 'query:at']),
    );
    const families = params.find((p) => p.name === 'families') as unknown as {
      description: string;
    };
    expect(families.description).toMatch(/Comma-separated relationship families/);
    expect(Object.keys(neighborsQuery.shape).sort()).toEqual(
      params
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort(),
    );
  });

  it('documents a JSON body from its schema', () => {
    const doc = requestDoc({
      body: z.object({ name: z.string().min(1), n: z.number().optional() }),
    });
    expect(doc.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { name: { type: 'string', minLength: 1 }, n: { type: 'number' } },
            required: ['name'],
          },
        },
      },
    });
  });

  it('merges hand-written path fragments and refuses an operation documented twice', () => {
    const core = { '/api/a': { get: { operationId: 'a' } } };
    const area = { '/api/a': { post: { operationId: 'a2' } }, '/api/b': { get: {} } };
    expect(Object.keys(mergePaths(core, area)['/api/a'])).toEqual(['get', 'post']);
    expect(() => mergePaths(core, { '/api/a': { get: {} } })).toThrow(
      /GET \/api\/a is documented twice/,
    );
  });
});
