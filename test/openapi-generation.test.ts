import { z } from 'zod';
import { openApiSpec } from '../server/openapi';
import { component, componentNames, generate, ok } from '../server/openapi/components';
import { mergePaths } from '../server/openapi/merge';
import { requestDoc } from '../server/openapi/request';
import { searchQuery } from '../server/routes/search';
import { neighborsQuery } from '../server/routes/entities';
import { entityCreate } from '../server/routes/editing';
import { GraphNode } from '../server/openapi/responses';

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

describe('OpenAPI response schemas generated from zod schemas', () => {
  const doc = openApiSpec() as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, Record<string, unknown>> };
  };
  const schemas = doc.components.schemas;

  it('documents exactly the named zod schemas as components', () => {
    expect(Object.keys(schemas).sort()).toEqual(componentNames().sort());
    expect(schemas.GraphPayload).toEqual({
      type: 'object',
      properties: {
        nodes: { type: 'array', items: { $ref: '#/components/schemas/GraphNode' } },
        edges: { type: 'array', items: { $ref: '#/components/schemas/GraphEdge' } },
      },
      required: ['nodes', 'edges'],
    });
  });

  it('writes nullables, enums, references and unions as OpenAPI 3.1 readers read them', () => {
    const probe = z.object({
      text: z.string().nullable(),
      choice: z.enum(['a', 'b']).nullable(),
      node: GraphNode.nullable(),
      scalar: z.union([z.string().max(5), z.number()]),
      overlapping: z.union([z.string().min(2), z.string().max(1)]),
      closed: z.union([z.strictObject({ a: z.string() }), z.strictObject({ b: z.string() })]),
      open: z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]),
      count: z.int(),
      loose: z.record(z.string(), z.unknown()),
      later: z.string().optional(),
    });
    const str = { type: 'string' };
    const { paths } = generate({ '/probe': { get: { responses: { '200': ok('Probe', probe) } } } });
    const body = (
      paths['/probe'].get as {
        responses: { '200': { content: { 'application/json': { schema: object } } } };
      }
    ).responses['200'].content['application/json'].schema;
    expect(body).toEqual({
      type: 'object',
      properties: {
        text: { type: ['string', 'null'] },
        choice: { type: ['string', 'null'], enum: ['a', 'b', null] },
        node: { oneOf: [{ $ref: '#/components/schemas/GraphNode' }, { type: 'null' }] },
        scalar: { oneOf: [{ type: 'string', maxLength: 5 }, { type: 'number' }] },
        overlapping: {
          anyOf: [
            { type: 'string', minLength: 2 },
            { type: 'string', maxLength: 1 },
          ],
        },
        closed: {
          oneOf: [
            {
              type: 'object',
              properties: { a: str },
              required: ['a'],
              additionalProperties: false,
            },
            {
              type: 'object',
              properties: { b: str },
              required: ['b'],
              additionalProperties: false,
            },
          ],
        },
        open: {
          anyOf: [
            { type: 'object', properties: { a: str }, required: ['a'] },
            { type: 'object', properties: { b: str }, required: ['b'] },
          ],
        },
        count: { type: 'integer' },
        loose: { type: 'object', additionalProperties: true },
        later: { type: 'string' },
      },
      // An answer may carry more than it documents: no additionalProperties: false.
      required: [
        'text',
        'choice',
        'node',
        'scalar',
        'overlapping',
        'closed',
        'open',
        'count',
        'loose',
      ],
    });
  });

  it('leaves no converter artefacts in the document', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/"\$schema"|"\$id"|__inline|9007199254740991/);
    expect(text).not.toMatch(/"anyOf":\[[^\]]*\{"type":"null"\}\]/);
  });

  it('documents request bodies as the routes validate them (input side, strict)', () => {
    expect(schemas.EntityCreate).toMatchObject({
      additionalProperties: false,
      required: ['kind', 'name', 'source', 'evidence', 'confidence'],
    });
    const valid = {
      kind: 'Organization',
      name: 'Probe Ltd',
      source: 'source:probe',
      evidence: 'stated',
      confidence: 1,
    };
    expect(entityCreate.safeParse(valid).success).toBe(true);
    expect(entityCreate.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    // Defaults are the server's: a client may leave them out.
    expect(schemas.InvestigationInput.required).toEqual(['name', 'state']);
  });

  it('refuses a name given to two different schemas', () => {
    expect(() => component('GraphNode', z.object({}))).toThrow(/named twice/);
  });
});
