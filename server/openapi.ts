import { z } from 'zod';
import { FAMILIES, RELATIONSHIP_TYPES } from './families';
import { mergePaths, type PathsObject } from './openapi/merge';
import { requestDoc } from './openapi/request';
import { loginBody } from './routes/auth';
import { idParams as entityParams, neighborsQuery } from './routes/entities';
import { graphQuery } from './routes/graph';
import { datasetParam, exportQuery, importQuery, jobParam } from './routes/imports';
import { beneficialQuery, idParams as ownerParams, ownershipQuery } from './routes/ownership';
import { pathsQuery } from './routes/paths';
import { nameParams } from './routes/queries';
import { searchQuery } from './routes/search';
import { TYPED_MEDIA_TYPE } from './typed-json';
import { workspacePaths, workspaceSchemas } from './openapi/workspace';
import { duplicatesPaths, duplicatesSchemas } from './openapi/duplicates';
import { analystPaths, analystSchemas } from './openapi/analyst';

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

const dateOrNull = { type: ['string', 'null'], format: 'date' };
const family = { type: 'string', enum: [...FAMILIES] };
const familyOrNull = { type: ['string', 'null'], enum: [...FAMILIES, null] };

const schemas: Record<string, Schema> = {
  ImportStatus: { type: 'string', enum: ['queued', 'running', 'done', 'failed'] },
  ImportIssue: obj(
    {
      record: nullable('string'),
      line: { type: 'integer' },
      code: { type: 'string' },
      message: { type: 'string' },
    },
    ['record', 'line', 'code', 'message'],
  ),
  ImportJob: obj(
    {
      id: { type: 'string' },
      status: ref('ImportStatus'),
      dataset: nullable('string'),
      format: nullable('string'),
      dryRun: { type: 'boolean' },
      progress: obj({ records: { type: 'integer' }, total: { type: 'integer' } }, [
        'records',
        'total',
      ]),
      report: obj(
        {
          entities: { type: 'integer' },
          relationships: { type: 'integer' },
          rejected: arrayOf(ref('ImportIssue')),
          warnings: arrayOf(ref('ImportIssue')),
        },
        ['entities', 'relationships', 'rejected', 'warnings'],
      ),
      error: nullable('string'),
      attempts: {
        type: 'integer',
        description: 'Runs started: 2 when an instance stopped mid-job and another took it over',
      },
      startedAt: { type: ['string', 'null'], format: 'date-time' },
      runningOn: {
        type: ['string', 'null'],
        description: 'The instance running it (host:pid:random), while it runs',
      },
    },
    ['id', 'status', 'dataset', 'progress', 'report'],
  ),
  Dataset: obj(
    {
      id: { type: 'string' },
      name: { type: 'string' },
      format: nullable('string'),
      importedAt: nullable('string'),
      importedBy: nullable('string'),
      entities: { type: 'integer' },
      relationships: { type: 'integer' },
    },
    ['id', 'name', 'format', 'importedAt', 'importedBy', 'entities', 'relationships'],
  ),
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
      id: { type: 'string', description: 'The relationship id: one claim.' },
      type: { type: 'string', enum: ['OWNS', 'CONTROLS'] },
      source: { type: 'string', description: 'Owner or controller entity id.' },
      target: { type: 'string' },
      stake: {
        type: ['number', 'null'],
        description: '0..1 when exact; null = a range or unknown.',
      },
      stakeMin: { type: 'number', description: 'Lower bound, 0 when the source gives none.' },
      stakeMax: { type: 'number', description: 'Upper bound, 1 when the source gives none.' },
      stakeMinExclusive: { type: 'boolean', description: '"More than" stakeMin.' },
      stakeMaxExclusive: { type: 'boolean', description: '"Less than" stakeMax.' },
      interestType: nullable('string'),
      directOrIndirect: { type: 'string', enum: ['direct', 'indirect', 'unknown'] },
      components: arrayOf({ type: 'string' }),
      provenance: obj(
        {
          source: nullable('string'),
          evidence: nullable('string'),
          confidence: { type: ['number', 'null'] },
          dataset: nullable('string'),
          sourceRecord: nullable('string'),
        },
        ['source', 'evidence', 'confidence'],
      ),
      since: dateOrNull,
      until: dateOrNull,
    },
    ['id', 'source', 'target', 'stake', 'stakeMin', 'stakeMax', 'since', 'until'],
  ),
  OwnershipHop: obj(
    {
      source: { type: 'string' },
      target: { type: 'string' },
      stakeMin: { type: 'number' },
      stakeMax: { type: 'number' },
      stake: { type: ['number', 'null'] },
      claims: arrayOf(ref('OwnershipLink')),
    },
    ['source', 'target', 'stakeMin', 'stakeMax', 'stake', 'claims'],
  ),
  OwnershipChain: obj(
    {
      path: arrayOf({ type: 'string' }),
      stakes: arrayOf({ type: ['number', 'null'] }),
      stake: {
        type: ['number', 'null'],
        description: 'Product of the stakes when every hop is exact; else null.',
      },
      stakeKnown: { type: 'boolean' },
      stakeMin: { type: 'number', description: "Product of the hops' lower bounds." },
      stakeMax: { type: 'number', description: "Product of the hops' upper bounds." },
      since: dateOrNull,
      until: dateOrNull,
      links: arrayOf(ref('OwnershipLink')),
      hops: arrayOf(ref('OwnershipHop')),
    },
    [
      'path',
      'stakes',
      'stake',
      'stakeKnown',
      'stakeMin',
      'stakeMax',
      'since',
      'until',
      'links',
      'hops',
    ],
  ),
  DeclaredInterest: obj(
    {
      claim: ref('OwnershipLink'),
      summarises: arrayOf(arrayOf({ type: 'string' })),
      counted: { type: 'boolean' },
    },
    ['claim', 'summarises', 'counted'],
  ),
  OwnershipRow: obj(
    {
      id: { type: 'string' },
      name: nullable('string'),
      labels: arrayOf({ type: 'string' }),
      direct: { oneOf: [ref('OwnershipLink'), { type: 'null' }] },
      claims: arrayOf(ref('OwnershipLink')),
      directStake: { type: ['number', 'null'] },
      directStakeMin: { type: ['number', 'null'] },
      directStakeMax: { type: ['number', 'null'] },
      effectiveStake: {
        type: ['number', 'null'],
        description: 'Exact effective stake when effectiveStakeMin = effectiveStakeMax; else null.',
      },
      effectiveStakeMin: {
        type: 'number',
        description:
          'Sum over distinct chains of the product of lower bounds (alternative claims about a pair: their lowest), capped at 1.',
      },
      effectiveStakeMax: {
        type: 'number',
        description: 'The same with upper bounds (alternatives: their highest), capped at 1.',
      },
      stakeKnown: { type: 'boolean' },
      effectiveStakeAtLeast: { type: 'number', description: 'Same as effectiveStakeMin.' },
      chains: arrayOf(ref('OwnershipChain')),
      declared: arrayOf(ref('DeclaredInterest')),
    },
    [
      'id',
      'name',
      'labels',
      'direct',
      'directStake',
      'effectiveStake',
      'effectiveStakeMin',
      'effectiveStakeMax',
      'stakeKnown',
      'chains',
    ],
  ),
  OwnershipResponse: obj(
    {
      entity: ref('GraphNode'),
      owners: arrayOf(ref('OwnershipRow')),
      holdings: arrayOf(ref('OwnershipRow')),
      controllers: arrayOf(ref('ControlRow')),
      controlled: arrayOf(ref('ControlRow')),
      method: { type: 'string', enum: ['chains', 'integrated'] },
      maxHops: { type: 'integer' },
      at: dateOrNull,
      truncated: { type: 'boolean' },
    },
    [
      'entity',
      'owners',
      'holdings',
      'controllers',
      'controlled',
      'method',
      'maxHops',
      'at',
      'truncated',
    ],
  ),
  ControlRow: obj(
    {
      id: { type: 'string' },
      name: nullable('string'),
      labels: arrayOf({ type: 'string' }),
      certain: {
        type: 'boolean',
        description:
          'Every step a certain majority of votes (shares, or voting rights where stated) or the right to appoint the board; else possible.',
      },
      chains: arrayOf(ref('OwnershipChain')),
    },
    ['id', 'name', 'labels', 'certain', 'chains'],
  ),
  BeneficialOwner: obj(
    {
      id: { type: 'string' },
      name: nullable('string'),
      labels: arrayOf({ type: 'string' }),
      certain: {
        type: 'boolean',
        description:
          'The lower bound reaches the threshold (or control is certain); else possible.',
      },
      effectiveStakeMin: { type: 'number' },
      effectiveStakeMax: { type: 'number' },
      votesMin: { type: 'number' },
      votesMax: { type: 'number' },
      control: {
        type: 'boolean',
        description:
          'A certain majority of votes, or the right to appoint the board, at every step.',
      },
      controlPossible: { type: 'boolean' },
      controlledStakeMin: {
        type: 'number',
        description:
          'Control judged per chain: what the entities it controls hold, counted in full (lower bound).',
      },
      controlledStakeMax: { type: 'number' },
      grounds: arrayOf({ type: 'string', enum: ['ownership', 'votes', 'control'] }),
      reason: { type: ['string', 'null'], description: 'For an Unknown owner: why.' },
      reasons: arrayOf(
        obj(
          {
            kind: { type: 'string', enum: ['role', 'control', 'interest', 'ownership'] },
            role: nullable('string'),
            via: nullable('string'),
            stakeMin: { type: 'number' },
            stakeMax: { type: 'number' },
            certain: { type: 'boolean' },
            path: arrayOf({ type: 'string' }),
            text: {
              type: 'string',
              description: 'E.g. "trustee of Rowan Trust, which holds 30% of Alder Ltd".',
            },
          },
          ['kind', 'via', 'stakeMin', 'stakeMax', 'certain', 'path', 'text'],
        ),
      ),
      chains: arrayOf(ref('OwnershipChain')),
      sources: arrayOf({ type: 'string' }),
    },
    [
      'id',
      'name',
      'labels',
      'certain',
      'effectiveStakeMin',
      'effectiveStakeMax',
      'control',
      'chains',
      'sources',
    ],
  ),
  UnknownOwnership: obj(
    {
      reason: { type: 'string' },
      via: { type: 'string', description: 'The entity through which unknown owners hold.' },
      name: nullable('string'),
      labels: arrayOf({ type: 'string' }),
      effectiveStakeMin: { type: 'number' },
      effectiveStakeMax: { type: 'number' },
      votesMin: { type: 'number' },
      votesMax: { type: 'number' },
      controlPossible: { type: 'boolean' },
      chains: arrayOf(ref('OwnershipChain')),
    },
    ['reason', 'via', 'effectiveStakeMin', 'effectiveStakeMax', 'chains'],
  ),
  BeneficialOwnersResponse: obj(
    {
      entity: ref('GraphNode'),
      threshold: { type: 'number' },
      at: dateOrNull,
      owners: arrayOf(ref('BeneficialOwner')),
      unknown: arrayOf(ref('UnknownOwnership')),
      graph: ref('GraphPayload'),
      method: { type: 'string', enum: ['chains', 'integrated'] },
      maxHops: { type: 'integer' },
      truncated: { type: 'boolean' },
    },
    ['entity', 'threshold', 'at', 'owners', 'unknown', 'graph', 'truncated'],
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
  TypedValue: obj(
    {
      $type: {
        type: 'string',
        enum: [
          'Null',
          'Boolean',
          'Integer',
          'Float',
          'String',
          'ByteArray',
          'Base64',
          'List',
          'Map',
          'Date',
          'Time',
          'LocalTime',
          'OffsetDateTime',
          'ZonedDateTime',
          'LocalDateTime',
          'Duration',
          'Point',
          'Node',
          'Relationship',
          'Path',
        ],
      },
      _value: {
        description:
          'Integer and Float as strings ("42", "2.0", "NaN", "-Infinity"), temporals and durations in Neo4j\'s text ("12:31:00Z", "P30Y8M"), Point as WKT ("SRID=4326;POINT (2.35 48.85)"), ByteArray as base64 (Base64, the Query API\'s own name, is accepted in params), List an array and Map an object of typed values, Node {_element_id, _labels, _properties}, Relationship {_element_id, _start_node_element_id, _end_node_element_id, _type, _properties}, Path the array of its nodes and relationships in order.',
      },
    },
    ['$type', '_value'],
  ),
  CypherTypedRequest: obj(
    {
      query: { type: 'string', description: 'One read-only Cypher statement.' },
      params: { type: 'object', additionalProperties: ref('TypedValue') },
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

schemas.CypherTypedResponse = {
  ...schemas.CypherResponse,
  properties: {
    ...(schemas.CypherResponse.properties as Record<string, Schema>),
    rows: arrayOf(arrayOf(ref('TypedValue'))),
  },
};

const CYPHER_VALUES = [
  'Values: plain JSON by default. Integers are numbers (strings beyond 2^53), floats numbers (a whole float like 2.0 reads 2; NaN and ±Infinity the strings "NaN", "Infinity", "-Infinity"), temporals and durations strings in Neo4j\'s text (`12:31:00Z`, `P30Y8M`), points {srid, x, y[, z]}, nodes, relationships and paths as in `graph`.',
  `With \`Accept: ${TYPED_MEDIA_TYPE}\` every row value is Neo4j's typed JSON (the Query API convention, see TypedValue); columns, graph, summary and truncated are unchanged.`,
  'Plain JSON params: an integral number (1, and 1.0, which JSON cannot tell apart) is an Integer, other numbers Floats, strings Strings (a date stays a String), objects Maps, arrays Lists.',
  `With \`Content-Type: ${TYPED_MEDIA_TYPE}\` every param is a typed value (Float "1.0" stays a Float, a Date a Date, …; Node, Relationship and Path are refused: 400).`,
].join(' ');

const bad = errorResponse('Invalid input (INVALID_REQUEST), naming the parameter');
const missing = errorResponse('Unknown entity or query (NOT_FOUND)');
const down = errorResponse('The database is unavailable (DATABASE_UNAVAILABLE); Retry-After set');

/**
 * The core's paths. Parameters and request bodies are generated from the zod schemas the routes
 * validate with (`requestDoc`, server/openapi/request.ts); responses are described here.
 */
const corePaths: PathsObject = {
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
      ...requestDoc({ query: graphQuery }),
      responses: { '200': ok('Graph', ref('GraphView')), '400': bad, '503': down },
    },
  },
  '/api/search': {
    get: {
      operationId: 'search',
      summary: 'Ranked full-text search over names and aliases (prefix and typo tolerant)',
      ...requestDoc({ query: searchQuery }),
      responses: { '200': ok('Matches, best first', ref('SearchResponse')), '400': bad },
    },
  },
  '/api/entities/{id}': {
    get: {
      operationId: 'entity',
      summary: 'An entity, its relationship counts per type and family, and its sources',
      ...requestDoc({ path: entityParams }),
      responses: { '200': ok('Entity', ref('EntityDetails')), '400': bad, '404': missing },
    },
  },
  '/api/entities/{id}/neighbors': {
    get: {
      operationId: 'neighbors',
      summary: 'Neighbourhood expansion, capped so a hub never floods the client',
      ...requestDoc({ path: entityParams, query: neighborsQuery }),
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
      ...requestDoc({ query: pathsQuery }),
      responses: { '200': ok('Paths', ref('PathsResponse')), '400': bad, '404': missing },
    },
  },
  '/api/ownership/{id}': {
    get: {
      operationId: 'ownership',
      summary:
        'Owners and holdings through chains of up to 6 hops, with effective stakes as intervals',
      ...requestDoc({ path: ownerParams, query: ownershipQuery }),
      responses: {
        '200': ok('Owners and holdings', ref('OwnershipResponse')),
        '400': bad,
        '404': missing,
      },
    },
  },
  '/api/beneficial-owners/{id}': {
    get: {
      operationId: 'beneficialOwners',
      summary:
        'Natural persons, states and unknown owners whose ownership or control reaches the threshold',
      ...requestDoc({ path: ownerParams, query: beneficialQuery }),
      responses: {
        '200': ok('Beneficial owners', ref('BeneficialOwnersResponse')),
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
      ...requestDoc({
        path: nameParams,
        // The params' own schema depends on the query: GET /api/queries lists each one's.
        body: z.object({ params: z.record(z.string(), z.unknown()).optional() }),
        bodyRequired: false,
      }),
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
      description: CYPHER_VALUES,
      requestBody: {
        required: true,
        content: {
          ...json(ref('CypherRequest')),
          [TYPED_MEDIA_TYPE]: { schema: ref('CypherTypedRequest') },
        },
      },
      responses: {
        '200': {
          description: 'Result',
          content: {
            ...json(ref('CypherResponse')),
            [TYPED_MEDIA_TYPE]: { schema: ref('CypherTypedResponse') },
          },
        },
        '400': errorResponse(
          'Syntax error (with position), invalid request, QUERY_TOO_COMPLEX (a shape past a console limit, named in the message), CYPHER_ERROR (the query failed in Neo4j, with its message) or MEMORY_LIMIT_EXCEEDED',
        ),
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
      ...requestDoc({ body: loginBody }),
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
  '/api/imports': {
    post: {
      operationId: 'startImport',
      tags: ['import'],
      summary:
        'Import a file (BODS 0.4, FtM JSON lines, CSV with a mapping, our JSON lines; gzip accepted) as one dataset (editors only)',
      description:
        'The body is the file itself (Content-Type application/json, application/x-ndjson, text/csv, application/gzip or application/octet-stream). The import runs in the background, one at a time; poll GET /api/imports/{id}.',
      ...requestDoc({ query: importQuery }),
      requestBody: {
        required: true,
        content: {
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
        },
      },
      responses: {
        '202': ok(
          'Queued',
          obj({ id: { type: 'string' }, status: ref('ImportStatus') }, ['id', 'status']),
        ),
        '400': errorResponse('Empty body or a bad parameter (EMPTY_UPLOAD, INVALID_REQUEST)'),
        '403': errorResponse('Not an editor'),
        '413': errorResponse('The file is larger than the upload limit (BODY_TOO_LARGE)'),
        '415': errorResponse(
          'A content type a cross-site form could send (UNSUPPORTED_MEDIA_TYPE)',
        ),
      },
    },
  },
  '/api/imports/preview': {
    post: {
      operationId: 'previewImport',
      tags: ['import'],
      summary:
        "The Import panel's first look at a file: its format and first records (editors only)",
      description:
        "The body is the file's head (at most 256 KiB; a cut gzip stream is read as far as it goes). Nothing is written.",
      parameters: [
        {
          name: 'format',
          in: 'query',
          required: false,
          description: 'bods, ftm, csv or jsonl; detected from the content when omitted.',
          schema: { type: 'string', enum: ['bods', 'ftm', 'csv', 'jsonl', 'graphml'] },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
        },
      },
      responses: {
        '200': ok(
          'The detected format and up to 10 records; for CSV the header and first rows',
          obj(
            {
              format: { type: 'string', enum: ['bods', 'ftm', 'csv', 'jsonl', 'graphml'] },
              records: arrayOf(
                obj(
                  {
                    line: { type: 'integer' },
                    type: { type: 'string' },
                    id: { type: 'string' },
                    name: { type: 'string' },
                  },
                  ['line', 'type', 'id', 'name'],
                ),
              ),
              columns: arrayOf({ type: 'string' }),
              rows: arrayOf(arrayOf({ type: 'string' })),
              partial: { type: 'boolean' },
            },
            ['format', 'records', 'partial'],
          ),
        ),
        '400': errorResponse('Empty body or unreadable file (EMPTY_UPLOAD, UNREADABLE)'),
        '403': errorResponse('Not an editor'),
      },
    },
  },
  '/api/imports/{id}': {
    get: {
      operationId: 'importStatus',
      tags: ['import'],
      summary: 'Where an import stands, and its report (editors only)',
      ...requestDoc({ path: jobParam }),
      responses: {
        '200': ok('The import', ref('ImportJob')),
        '400': bad,
        '403': errorResponse('Not an editor'),
        '404': errorResponse('No such import (NOT_FOUND); finished jobs are kept 7 days'),
      },
    },
  },
  '/api/datasets': {
    get: {
      operationId: 'datasets',
      tags: ['import'],
      summary: 'Imported datasets with what they assert (editors only)',
      responses: {
        '200': ok('Datasets', obj({ datasets: arrayOf(ref('Dataset')) }, ['datasets'])),
        '403': errorResponse('Not an editor'),
      },
    },
  },
  '/api/datasets/{id}': {
    delete: {
      operationId: 'deleteDataset',
      tags: ['import'],
      summary:
        'Remove a dataset: its relationships, and the entities no other dataset (nor the seed) asserts (editors only)',
      ...requestDoc({ path: datasetParam }),
      responses: {
        '200': ok(
          'Deleted',
          obj(
            {
              deleted: { type: 'boolean' },
              id: { type: 'string' },
              entities: { type: 'integer' },
              relationships: { type: 'integer' },
            },
            ['deleted', 'id'],
          ),
        ),
        '400': bad,
        '403': errorResponse('Not an editor'),
        '404': errorResponse('No such dataset (NOT_FOUND)'),
      },
    },
  },
  '/api/export': {
    get: {
      operationId: 'exportGraph',
      tags: ['import'],
      summary:
        'A dataset or a set of entities as a file: BODS 0.4, FtM JSON lines, our JSON lines (all import back) or GraphML (editors only)',
      ...requestDoc({ query: exportQuery }),
      responses: {
        '200': {
          description: 'The file (Content-Disposition: attachment)',
          content: {
            'application/json': { schema: { type: 'array', items: { type: 'object' } } },
            'application/x-ndjson': { schema: { type: 'string' } },
            'application/graphml+xml': { schema: { type: 'string' } },
          },
        },
        '400': bad,
        '403': errorResponse('Not an editor'),
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

/**
 * Hand-written path fragments of other areas: a file `server/openapi/<area>.ts` exporting a
 * `PathsObject` (ideally with `requestDoc({ query, path, body })` from its route's zod schemas),
 * listed here in one line each. `mergePaths` refuses an operation documented twice.
 */
const fragments: PathsObject[] = [workspacePaths, duplicatesPaths, analystPaths];

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
    paths: mergePaths(corePaths, ...fragments),
    components: {
      schemas: { ...schemas, ...workspaceSchemas, ...duplicatesSchemas, ...analystSchemas },
    },
  };
}
