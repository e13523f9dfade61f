import { FAMILIES, RELATIONSHIP_TYPES } from './families';

/**
 * OpenAPI 3.1 description of the whole JSON API. test/openapi.test.ts keeps it true: every
 * route the app registers is documented (and nothing else), and real answers carry the required
 * fields of their documented schema.
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
});
const json = (schema: Schema) => ({ 'application/json': { schema } });

const errorResponse = (description: string) => ({
  description,
  content: json(ref('Error')),
});

const ok = (description: string, schema: Schema) => ({ description, content: json(schema) });

const at = {
  name: 'at',
  in: 'query',
  required: false,
  description:
    'Only relationships valid on this day: `since` ≤ at < `until`, open ends allowed (YYYY-MM-DD).',
  schema: { type: 'string', format: 'date' },
};

const families = {
  name: 'families',
  in: 'query',
  required: false,
  description: `Comma-separated relationship families to follow: ${FAMILIES.join(', ')}. Unknown family → 400.`,
  schema: { type: 'string', example: 'ownership,client' },
};

const entityIdPath = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Entity slug, e.g. `org:scale-ai`.',
  schema: { type: 'string', pattern: '^[a-z]+:[a-z0-9._-]+$' },
};

const dateOrNull = { type: ['string', 'null'], format: 'date' };
const family = { type: 'string', enum: [...FAMILIES] };
const familyOrNull = { type: ['string', 'null'], enum: [...FAMILIES, null] };

const schemas: Record<string, Schema> = {
  Error: obj(
    {
      error: obj(
        {
          code: { type: 'string', example: 'NOT_FOUND' },
          message: { type: 'string' },
          position: obj(
            {
              line: { type: 'integer' },
              column: { type: 'integer' },
              offset: { type: 'integer' },
            },
            ['line', 'column', 'offset'],
          ),
        },
        ['code', 'message'],
      ),
    },
    ['error'],
  ),
  GraphNode: obj(
    {
      id: { type: 'string', description: 'Slug id such as org:scale-ai.' },
      labels: arrayOf({ type: 'string' }),
      properties: { type: 'object', additionalProperties: true },
    },
    ['id', 'labels', 'properties'],
  ),
  GraphEdge: obj(
    {
      id: { type: 'string', description: 'Stable id TYPE:from->to.' },
      type: { type: 'string', enum: Object.keys(RELATIONSHIP_TYPES) },
      family: familyOrNull,
      source: { type: 'string' },
      target: { type: 'string' },
      properties: {
        type: 'object',
        additionalProperties: true,
        description:
          'source, evidence, confidence; stake (0..1, absent = unknown), amountUsd, since/until (ISO dates).',
      },
    },
    ['id', 'type', 'family', 'source', 'target', 'properties'],
  ),
  GraphPayload: obj({ nodes: arrayOf(ref('GraphNode')), edges: arrayOf(ref('GraphEdge')) }, [
    'nodes',
    'edges',
  ]),
  GraphView: obj(
    {
      nodes: arrayOf(ref('GraphNode')),
      edges: arrayOf(ref('GraphEdge')),
      truncated: { type: 'boolean' },
      totalNodes: { type: 'integer' },
    },
    ['nodes', 'edges', 'truncated', 'totalNodes'],
  ),
  Health: obj(
    {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      neo4j: { type: 'string', enum: ['up', 'down'] },
      version: { type: 'string' },
      edition: { type: 'string' },
      database: { type: 'string' },
      mode: { type: 'string', enum: ['bundled', 'external'] },
    },
    ['status', 'neo4j', 'database', 'mode'],
  ),
  Readiness: obj(
    {
      status: { type: 'string', enum: ['ready', 'not-ready'] },
      neo4j: { type: 'string', enum: ['up', 'down'] },
      schema: obj(
        {
          expected: { type: 'integer' },
          online: { type: 'integer' },
          missing: arrayOf({ type: 'string' }),
          populating: arrayOf({ type: 'string' }),
        },
        ['expected', 'online', 'missing', 'populating'],
      ),
    },
    ['status', 'neo4j'],
  ),
  SearchResult: obj(
    {
      id: { type: 'string' },
      labels: arrayOf({ type: 'string' }),
      name: { type: 'string' },
      aliases: arrayOf({ type: 'string' }),
      score: { type: 'number' },
    },
    ['id', 'labels', 'name', 'score'],
  ),
  SearchResponse: obj(
    {
      query: { type: 'string' },
      match: {
        type: 'string',
        enum: ['all', 'any', 'none'],
        description: 'all: every word matched; any: no entity matched every word, so any word did.',
      },
      results: arrayOf(ref('SearchResult')),
    },
    ['results'],
  ),
  EntityDetails: obj(
    {
      entity: ref('GraphNode'),
      relationships: obj(
        {
          total: { type: 'integer' },
          in: { type: 'integer' },
          out: { type: 'integer' },
          byType: arrayOf(
            obj(
              {
                type: { type: 'string' },
                family: familyOrNull,
                in: { type: 'integer' },
                out: { type: 'integer' },
                total: { type: 'integer' },
              },
              ['type', 'family', 'in', 'out', 'total'],
            ),
          ),
          byFamily: arrayOf(
            obj(
              {
                family: { type: 'string', enum: [...FAMILIES, 'other'] },
                in: { type: 'integer' },
                out: { type: 'integer' },
                total: { type: 'integer' },
              },
              ['family', 'in', 'out', 'total'],
            ),
          ),
        },
        ['total', 'in', 'out', 'byType', 'byFamily'],
      ),
      sources: arrayOf(
        obj(
          {
            id: { type: 'string' },
            name: nullable('string'),
            labels: arrayOf({ type: 'string' }),
            properties: { type: 'object' },
            via: arrayOf({ type: 'string', enum: ['provenance', 'reports'] }),
            relationships: {
              type: 'integer',
              description: 'How many of its relationships cite this source.',
            },
          },
          ['id', 'name', 'labels', 'via', 'relationships'],
        ),
      ),
    },
    ['entity', 'relationships', 'sources'],
  ),
  NeighborNode: obj(
    {
      id: { type: 'string' },
      labels: arrayOf({ type: 'string' }),
      properties: { type: 'object', additionalProperties: true },
      distance: { type: 'integer', description: 'Hops from the center (0 = the center).' },
      degree: { type: 'integer', description: 'All relationships, any family, any time.' },
    },
    ['id', 'labels', 'properties', 'distance', 'degree'],
  ),
  NeighborsResponse: obj(
    {
      center: { type: 'string' },
      nodes: arrayOf(ref('NeighborNode')),
      edges: arrayOf(ref('GraphEdge')),
      truncated: { type: 'boolean' },
      omitted: { type: 'integer', description: 'Neighbours left out to stay under limit.' },
      total: { type: 'integer', description: 'Neighbours found, kept or not.' },
      exhaustive: {
        type: 'boolean',
        description: 'False when the expansion itself stopped early; omitted is then a floor.',
      },
      order: {
        type: 'string',
        description:
          'Which neighbours are kept: closest first, then most connected, then by id (the kept set stays connected).',
      },
      depth: { type: 'integer' },
      direction: { type: 'string', enum: ['out', 'in', 'both'] },
      families: { type: ['array', 'null'], items: family },
      at: dateOrNull,
    },
    ['center', 'nodes', 'edges', 'truncated', 'omitted', 'total'],
  ),
  PathPayload: obj(
    {
      nodes: arrayOf(ref('GraphNode')),
      edges: arrayOf(ref('GraphEdge')),
      length: { type: 'integer' },
    },
    ['nodes', 'edges', 'length'],
  ),
  PathsResponse: obj(
    {
      from: { type: 'string' },
      to: { type: 'string' },
      length: { type: ['integer', 'null'], description: 'Hops; null when no path.' },
      paths: arrayOf(ref('PathPayload')),
      graph: ref('GraphPayload'),
      truncated: { type: 'boolean' },
      maxHops: { type: 'integer' },
      families: { type: ['array', 'null'], items: family },
      at: dateOrNull,
    },
    ['from', 'to', 'length', 'paths', 'graph', 'truncated'],
  ),
  OwnershipLink: obj(
    {
      id: { type: 'string' },
      source: { type: 'string' },
      target: { type: 'string' },
      stake: { type: ['number', 'null'], description: '0..1; null = unknown.' },
      since: dateOrNull,
      until: dateOrNull,
    },
    ['id', 'source', 'target', 'stake', 'since', 'until'],
  ),
  OwnershipChain: obj(
    {
      path: arrayOf({ type: 'string' }),
      stakes: arrayOf({ type: ['number', 'null'] }),
      stake: {
        type: ['number', 'null'],
        description: 'Product of the stakes; null when any is unknown.',
      },
      stakeKnown: { type: 'boolean' },
      since: dateOrNull,
      until: dateOrNull,
      links: arrayOf(ref('OwnershipLink')),
    },
    ['path', 'stakes', 'stake', 'stakeKnown', 'since', 'until', 'links'],
  ),
  OwnershipRow: obj(
    {
      id: { type: 'string' },
      name: nullable('string'),
      labels: arrayOf({ type: 'string' }),
      direct: { oneOf: [ref('OwnershipLink'), { type: 'null' }] },
      directStake: { type: ['number', 'null'] },
      effectiveStake: {
        type: ['number', 'null'],
        description:
          'Sum over chains of the product of stakes along each chain; null when any chain has an unknown stake.',
      },
      stakeKnown: { type: 'boolean' },
      effectiveStakeAtLeast: {
        type: 'number',
        description: 'Sum over the fully known chains only: a floor when effectiveStake is null.',
      },
      chains: arrayOf(ref('OwnershipChain')),
    },
    ['id', 'name', 'labels', 'direct', 'directStake', 'effectiveStake', 'stakeKnown', 'chains'],
  ),
  OwnershipResponse: obj(
    {
      entity: ref('GraphNode'),
      owners: arrayOf(ref('OwnershipRow')),
      holdings: arrayOf(ref('OwnershipRow')),
      maxHops: { type: 'integer' },
      at: dateOrNull,
      truncated: { type: 'boolean' },
    },
    ['entity', 'owners', 'holdings', 'maxHops', 'at', 'truncated'],
  ),
  SchemaResponse: obj(
    {
      labels: arrayOf(
        obj({ label: { type: 'string' }, count: { type: 'integer' } }, ['label', 'count']),
      ),
      relationshipTypes: arrayOf(
        obj({ type: { type: 'string' }, family: familyOrNull, count: { type: 'integer' } }, [
          'type',
          'family',
          'count',
        ]),
      ),
      propertyKeys: arrayOf({ type: 'string' }),
      families: arrayOf(obj({ family, types: arrayOf({ type: 'string' }) }, ['family', 'types'])),
      kinds: arrayOf({ type: 'string' }),
      counts: obj(
        {
          nodes: { type: 'integer' },
          relationships: { type: 'integer' },
          labels: { type: 'integer' },
          relationshipTypes: { type: 'integer' },
          propertyKeys: { type: 'integer' },
        },
        ['nodes', 'relationships'],
      ),
    },
    ['labels', 'relationshipTypes', 'propertyKeys', 'counts'],
  ),
  LibraryParam: obj(
    {
      name: { type: 'string' },
      type: {
        type: 'string',
        enum: ['entityId', 'string', 'integer', 'date', 'family', 'families', 'boolean'],
      },
      required: { type: 'boolean' },
      default: {},
      min: { type: 'integer' },
      max: { type: 'integer' },
      description: { type: 'string' },
    },
    ['name', 'type', 'required', 'description'],
  ),
  LibraryQuery: obj(
    {
      name: { type: 'string' },
      title: { type: 'string' },
      description: { type: 'string' },
      params: arrayOf(ref('LibraryParam')),
    },
    ['name', 'title', 'description', 'params'],
  ),
  QueryList: obj({ queries: arrayOf(ref('LibraryQuery')) }, ['queries']),
  QueryResult: obj(
    {
      name: { type: 'string' },
      columns: arrayOf({ type: 'string' }),
      rows: arrayOf(arrayOf({ description: 'One value per column, in column order.' })),
      graph: ref('GraphPayload'),
      truncated: { type: 'boolean' },
    },
    ['columns', 'rows', 'graph', 'truncated'],
  ),
  User: obj({ name: { type: 'string' }, role: { type: 'string' } }, ['name', 'role']),
  CypherRequest: obj(
    {
      query: { type: 'string', description: 'One read-only Cypher statement.' },
      params: { type: 'object', additionalProperties: true },
    },
    ['query'],
  ),
  CypherResponse: obj(
    {
      columns: arrayOf({ type: 'string' }),
      rows: { type: 'array' },
      graph: ref('GraphPayload'),
      summary: obj(
        {
          queryType: { type: 'string' },
          resultAvailableAfterMs: { type: ['number', 'null'] },
          resultConsumedAfterMs: { type: ['number', 'null'] },
          notifications: { type: 'array' },
        },
        ['queryType', 'resultAvailableAfterMs', 'resultConsumedAfterMs', 'notifications'],
      ),
      truncated: { type: 'boolean' },
    },
    ['columns', 'rows', 'graph', 'summary', 'truncated'],
  ),
};

const bad = errorResponse('Invalid input (INVALID_REQUEST), naming the parameter');
const missing = errorResponse('Unknown entity or query (NOT_FOUND)');
const down = errorResponse('The database is unavailable (DATABASE_UNAVAILABLE); Retry-After set');

const paths: Record<string, Record<string, unknown>> = {
  '/api/health': {
    get: {
      operationId: 'health',
      summary: 'Whether the API and Neo4j answer',
      responses: {
        '200': ok('Neo4j is up', ref('Health')),
        '503': ok('Neo4j is down', ref('Health')),
      },
    },
  },
  '/api/ready': {
    get: {
      operationId: 'ready',
      summary: 'Whether the app can serve: Neo4j answers and every schema index is online',
      responses: {
        '200': ok('Ready', ref('Readiness')),
        '503': ok('Not ready (database down, or schema missing or populating)', ref('Readiness')),
      },
    },
  },
  '/api/graph': {
    get: {
      operationId: 'graph',
      summary: 'The whole graph, or the most connected entities past `limit`',
      parameters: [
        {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: 20000, default: 2000 },
        },
        at,
      ],
      responses: { '200': ok('Graph', ref('GraphView')), '400': bad, '503': down },
    },
  },
  '/api/search': {
    get: {
      operationId: 'search',
      summary: 'Ranked full-text search over names and aliases (prefix and typo tolerant)',
      parameters: [
        {
          name: 'q',
          in: 'query',
          required: true,
          schema: { type: 'string', minLength: 1, maxLength: 200 },
        },
        {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
        },
      ],
      responses: { '200': ok('Matches, best first', ref('SearchResponse')), '400': bad },
    },
  },
  '/api/entities/{id}': {
    get: {
      operationId: 'entity',
      summary: 'An entity, its relationship counts per type and family, and its sources',
      parameters: [entityIdPath],
      responses: { '200': ok('Entity', ref('EntityDetails')), '400': bad, '404': missing },
    },
  },
  '/api/entities/{id}/neighbors': {
    get: {
      operationId: 'neighbors',
      summary: 'Neighbourhood expansion, capped so a hub never floods the client',
      parameters: [
        entityIdPath,
        families,
        {
          name: 'direction',
          in: 'query',
          schema: { type: 'string', enum: ['out', 'in', 'both'], default: 'both' },
        },
        {
          name: 'depth',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: 3, default: 1 },
        },
        {
          name: 'limit',
          in: 'query',
          description: 'Most neighbours returned (the center comes on top).',
          schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
        at,
      ],
      responses: {
        '200': ok('Graph of the neighbourhood', ref('NeighborsResponse')),
        '400': bad,
        '404': missing,
      },
    },
  },
  '/api/paths': {
    get: {
      operationId: 'paths',
      summary: 'All shortest undirected paths between two entities (bounded, no exhaustive search)',
      parameters: [
        { name: 'from', in: 'query', required: true, schema: entityIdPath.schema },
        { name: 'to', in: 'query', required: true, schema: entityIdPath.schema },
        {
          name: 'maxHops',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: 8, default: 6 },
        },
        families,
        {
          name: 'limit',
          in: 'query',
          description: 'Most paths returned.',
          schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
        },
        at,
      ],
      responses: { '200': ok('Paths', ref('PathsResponse')), '400': bad, '404': missing },
    },
  },
  '/api/ownership/{id}': {
    get: {
      operationId: 'ownership',
      summary: 'Owners and holdings through chains of up to 6 hops, with effective stakes',
      parameters: [entityIdPath, at],
      responses: {
        '200': ok('Owners and holdings', ref('OwnershipResponse')),
        '400': bad,
        '404': missing,
      },
    },
  },
  '/api/schema': {
    get: {
      operationId: 'schema',
      summary: 'Labels, relationship types with family, property keys and counts',
      responses: { '200': ok('Schema', ref('SchemaResponse')), '503': down },
    },
  },
  '/api/queries': {
    get: {
      operationId: 'listQueries',
      summary: "The analyst's library of named queries and their typed parameters",
      responses: { '200': ok('Queries', ref('QueryList')) },
    },
  },
  '/api/queries/{name}': {
    post: {
      operationId: 'runQuery',
      summary: 'Runs a named query (read transaction) with validated parameters',
      parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: {
        required: false,
        content: json(obj({ params: { type: 'object', additionalProperties: true } }, [])),
      },
      responses: {
        '200': ok('Result', ref('QueryResult')),
        '400': bad,
        '404': missing,
        '504': errorResponse('The query ran past its time limit (QUERY_TIMEOUT)'),
      },
    },
  },
  '/api/cypher': {
    post: {
      operationId: 'cypher',
      summary: 'The Cypher console: one read-only statement with parameters',
      requestBody: { required: true, content: json(ref('CypherRequest')) },
      responses: {
        '200': ok('Result', ref('CypherResponse')),
        '400': errorResponse('Syntax error (with position) or invalid request'),
        '403': errorResponse('Write or admin operation refused'),
        '413': errorResponse('Request body too large'),
        '429': errorResponse(
          'RATE_LIMITED, TOO_MANY_CONCURRENT_QUERIES (per user) or CONSOLE_BUSY; see Retry-After',
        ),
        '503': down,
        '504': errorResponse('The query ran past its time limit (QUERY_TIMEOUT)'),
      },
    },
  },
  '/api/auth/csrf': {
    get: {
      operationId: 'csrf',
      tags: ['auth'],
      summary: 'The CSRF token to send with state-changing requests',
      responses: { '200': ok('Token', obj({ csrfToken: { type: 'string' } }, ['csrfToken'])) },
    },
  },
  '/api/auth/me': {
    get: {
      operationId: 'me',
      tags: ['auth'],
      summary: 'The signed-in user',
      responses: {
        '200': ok(
          'User',
          obj({ user: ref('User'), mode: { type: 'string' }, csrfToken: { type: 'string' } }, [
            'user',
          ]),
        ),
        '401': errorResponse('Not signed in (UNAUTHENTICATED) or session over (SESSION_EXPIRED)'),
      },
    },
  },
  '/api/auth/login': {
    post: {
      operationId: 'login',
      tags: ['auth'],
      summary: 'Sign in (users mode only)',
      requestBody: {
        required: true,
        content: json(
          obj({ name: { type: 'string' }, password: { type: 'string' } }, ['name', 'password']),
        ),
      },
      responses: {
        '200': ok(
          'Signed in',
          obj({ user: ref('User'), csrfToken: { type: 'string' } }, ['user', 'csrfToken']),
        ),
        '400': bad,
        '401': errorResponse('Unknown user or wrong password (INVALID_CREDENTIALS)'),
        '403': errorResponse('Missing or wrong CSRF token'),
        '404': errorResponse('No users configured (AUTH_NOT_CONFIGURED)'),
        '429': errorResponse('Too many attempts'),
      },
    },
  },
  '/api/auth/logout': {
    post: {
      operationId: 'logout',
      tags: ['auth'],
      summary: 'Sign out',
      responses: {
        '204': { description: 'Signed out' },
        '403': errorResponse('Missing or wrong CSRF token'),
      },
    },
  },
  '/api/admin/reseed': {
    post: {
      operationId: 'reseed',
      tags: ['admin'],
      summary: "Wipe the database and load the article's graph again (editors only)",
      responses: {
        '200': ok(
          'Reseeded',
          obj(
            {
              reseeded: { type: 'boolean' },
              counts: obj({ nodes: { type: 'integer' }, relationships: { type: 'integer' } }),
              ms: { type: 'integer' },
            },
            ['reseeded'],
          ),
        ),
        '403': errorResponse('Not an editor'),
        '409': errorResponse('A reseed is already running (RESEED_IN_PROGRESS)'),
      },
    },
  },
  '/api/openapi.json': {
    get: {
      operationId: 'openapi',
      summary: 'This description',
      responses: { '200': ok('OpenAPI 3.1 document', { type: 'object' }) },
    },
  },
};

export function openApiSpec(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Entity Graph Explorer API',
      version: '0.1.0',
      description:
        'Who owns, buys from and leads whom. Graph payloads use slug ids: nodes {id, labels, properties}, edges {id, type, family, source, target, properties}. Every error is {"error": {"code", "message", "position"?}}. Access (SECURITY.md): with users configured every route but health and /api/auth needs a session (401 UNAUTHENTICATED / SESSION_EXPIRED) and the viewer or editor role (403 INSUFFICIENT_ROLE); state-changing requests need JSON (415), a same-origin Origin/Sec-Fetch-Site (403 CROSS_ORIGIN_REQUEST) and, with users, the X-CSRF-Token header (403 CSRF_TOKEN_INVALID); an unknown Host header answers 421 HOST_NOT_ALLOWED; limits answer 429 with Retry-After.',
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas },
  };
}
