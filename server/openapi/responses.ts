import { z } from 'zod';
import { FAMILIES, RELATIONSHIP_TYPES } from '../families';
import { MAX_QUERY_LENGTH } from '../console/validate';
import type { ReadIssue } from '../ingest/common';
import { FORMATS } from '../ingest/import-service';
import type { ImportJob as ImportJobType } from '../ingest/import-jobs';
import type * as O from '../model/ownership-payload';
import { OWNERSHIP_METHODS } from '../model/ownership-payload';
import type * as P from '../model/payloads';
import type { Health as HealthType } from '../services/health-service';
import type { LibraryParam as LibraryParamType } from '../services/library-service';
import type { LibraryQuery as LibraryQueryType } from '../services/library-service';
import type { Readiness as ReadinessType } from '../services/ready-service';
import { component } from './components';
import {
  bool,
  dateOrNull,
  family,
  familyOrNull,
  int,
  jsonObject,
  jsonValue,
  num,
  numOrNull,
  str,
  strOrNull,
  strs,
  type AllAgree,
  type Agrees,
} from './zod-kit';

/**
 * The core's response payloads, documented once as zod schemas; `components.ts` writes their
 * JSON Schema into `/api/openapi.json`. `Agreements` below ties each to the type the server
 * builds (server/model/*), so the description cannot drift from the code.
 */

const relationshipType = z.enum(Object.keys(RELATIONSHIP_TYPES) as [string, ...string[]]);
const method = z.enum(OWNERSHIP_METHODS);

export const ImportStatus = component(
  'ImportStatus',
  z.enum(['queued', 'running', 'done', 'failed']),
);

export const ImportIssue = component(
  'ImportIssue',
  z.object({ record: strOrNull, line: int, code: str, message: str }),
);

export const ImportJob = component(
  'ImportJob',
  z.object({
    id: str,
    status: ImportStatus,
    dataset: strOrNull,
    format: strOrNull.optional(),
    dryRun: bool.optional(),
    progress: z.object({ records: int, total: int }),
    report: z.object({
      entities: int,
      relationships: int,
      rejected: z.array(ImportIssue),
      warnings: z.array(ImportIssue),
    }),
    error: strOrNull.optional(),
    attempts: int
      .describe('Runs started: 2 when an instance stopped mid-job and another took it over')
      .optional(),
    startedAt: z.string().meta({ format: 'date-time' }).nullable().optional(),
    runningOn: strOrNull
      .describe('The instance running it (host:pid:random), while it runs')
      .optional(),
  }),
);

export const Dataset = component(
  'Dataset',
  z.object({
    id: str,
    name: str,
    format: strOrNull,
    importedAt: strOrNull,
    importedBy: strOrNull,
    entities: int,
    relationships: int,
  }),
);

export const ErrorBody = component(
  'Error',
  z.object({
    error: z.object({
      code: str.meta({ example: 'NOT_FOUND' }),
      message: str,
      position: z.object({ line: int, column: int, offset: int }).optional(),
    }),
  }),
);

export const GraphNode = component(
  'GraphNode',
  z.object({
    id: str.describe('Slug id such as org:scale-ai.'),
    labels: strs,
    properties: jsonObject,
  }),
);

export const GraphEdge = component(
  'GraphEdge',
  z.object({
    id: str.describe('Stable id TYPE:from->to.'),
    type: relationshipType,
    family: familyOrNull,
    source: str,
    target: str,
    properties: jsonObject.describe(
      'source, evidence, confidence; stake (0..1, absent = unknown), amountUsd, since/until (ISO dates).',
    ),
  }),
);

export const GraphPayload = component(
  'GraphPayload',
  z.object({ nodes: z.array(GraphNode), edges: z.array(GraphEdge) }),
);

export const GraphView = component(
  'GraphView',
  z.object({
    nodes: z.array(GraphNode),
    edges: z.array(GraphEdge),
    truncated: bool,
    totalNodes: int,
  }),
);

const upOrDown = z.enum(['up', 'down']);

export const Health = component(
  'Health',
  z.object({
    status: z.enum(['ok', 'degraded']),
    neo4j: upOrDown,
    version: str.optional(),
    edition: str.optional(),
    database: str,
    mode: z.enum(['bundled', 'external']),
  }),
);

export const Readiness = component(
  'Readiness',
  z.object({
    status: z.enum(['ready', 'not-ready']),
    neo4j: upOrDown,
    schema: z.object({ expected: int, online: int, missing: strs, populating: strs }).optional(),
  }),
);

export const SearchResult = component(
  'SearchResult',
  z.object({
    id: str,
    labels: strs,
    name: str,
    aliases: strs.optional(),
    score: num,
    matchedBy: z
      .enum(['name', 'note'])
      .describe('note: found by the text of a note on it (or on its relationships).')
      .optional(),
    note: z
      .object({ id: str, text: str, target: str, targetType: str })
      .describe('The note that matched, when matchedBy is note.')
      .optional(),
  }),
);

export const SearchResponse = component(
  'SearchResponse',
  z.object({
    query: str.optional(),
    match: z
      .enum(['all', 'any', 'none'])
      .describe('all: every word matched; any: no entity matched every word, so any word did.')
      .optional(),
    results: z.array(SearchResult),
  }),
);

const TypeCount = z.object({ type: str, family: familyOrNull, in: int, out: int, total: int });
const FamilyCount = z.object({
  family: z.enum([...FAMILIES, 'other']),
  in: int,
  out: int,
  total: int,
});
const SourceMention = z.object({
  id: str,
  name: strOrNull,
  labels: strs,
  properties: jsonObject.optional(),
  via: z.array(z.enum(['provenance', 'reports'])),
  relationships: int.describe('How many of its relationships cite this source.'),
});

export const EntityDetails = component(
  'EntityDetails',
  z.object({
    entity: GraphNode,
    relationships: z.object({
      total: int,
      in: int,
      out: int,
      byType: z.array(TypeCount),
      byFamily: z.array(FamilyCount),
    }),
    sources: z.array(SourceMention),
  }),
);

export const NeighborNode = component(
  'NeighborNode',
  z.object({
    id: str,
    labels: strs,
    properties: jsonObject,
    distance: int.describe('Hops from the center (0 = the center).'),
    degree: int.describe('All relationships, any family, any time.'),
  }),
);

export const NeighborsResponse = component(
  'NeighborsResponse',
  z.object({
    center: str,
    nodes: z.array(NeighborNode),
    edges: z.array(GraphEdge),
    truncated: bool,
    omitted: int.describe('Neighbours left out to stay under limit.'),
    total: int.describe('Neighbours found, kept or not.'),
    exhaustive: bool
      .describe('False when the expansion itself stopped early; omitted is then a floor.')
      .optional(),
    order: str
      .describe(
        'Which neighbours are kept: closest first, then most connected, then by id (the kept set stays connected).',
      )
      .optional(),
    depth: int.optional(),
    direction: z.enum(['out', 'in', 'both']).optional(),
    families: z.array(family).nullable().optional(),
    at: dateOrNull.optional(),
  }),
);

export const PathPayload = component(
  'PathPayload',
  z.object({ nodes: z.array(GraphNode), edges: z.array(GraphEdge), length: int }),
);

export const PathsResponse = component(
  'PathsResponse',
  z.object({
    from: str,
    to: str,
    length: int.nullable().describe('Hops; null when no path.'),
    paths: z.array(PathPayload),
    graph: GraphPayload,
    truncated: bool,
    maxHops: int.optional(),
    families: z.array(family).nullable().optional(),
    at: dateOrNull.optional(),
  }),
);

export const OwnershipLink = component(
  'OwnershipLink',
  z.object({
    id: str.describe('The relationship id: one claim.'),
    type: z.enum(['OWNS', 'CONTROLS']).optional(),
    source: str.describe('Owner or controller entity id.'),
    target: str,
    stake: numOrNull.describe('0..1 when exact; null = a range or unknown.'),
    stakeMin: num.describe('Lower bound, 0 when the source gives none.'),
    stakeMax: num.describe('Upper bound, 1 when the source gives none.'),
    stakeMinExclusive: bool.describe('"More than" stakeMin.').optional(),
    stakeMaxExclusive: bool.describe('"Less than" stakeMax.').optional(),
    interestType: strOrNull.optional(),
    directOrIndirect: z.enum(['direct', 'indirect', 'unknown']).optional(),
    components: strs.optional(),
    provenance: z
      .object({
        source: strOrNull,
        evidence: strOrNull,
        confidence: numOrNull,
        dataset: strOrNull.optional(),
        sourceRecord: strOrNull.optional(),
      })
      .optional(),
    since: dateOrNull,
    until: dateOrNull,
  }),
);

export const OwnershipHop = component(
  'OwnershipHop',
  z.object({
    source: str,
    target: str,
    stakeMin: num,
    stakeMax: num,
    stake: numOrNull,
    claims: z.array(OwnershipLink),
  }),
);

export const OwnershipChain = component(
  'OwnershipChain',
  z.object({
    path: strs,
    stakes: z.array(numOrNull),
    stake: numOrNull.describe('Product of the stakes when every hop is exact; else null.'),
    stakeKnown: bool,
    stakeMin: num.describe("Product of the hops' lower bounds."),
    stakeMax: num.describe("Product of the hops' upper bounds."),
    stakeMinExclusive: bool.describe('"More than" stakeMin: some hop\'s bound is.').optional(),
    stakeMaxExclusive: bool.describe('"Less than" stakeMax: some hop\'s bound is.').optional(),
    since: dateOrNull,
    until: dateOrNull,
    links: z.array(OwnershipLink),
    hops: z.array(OwnershipHop),
  }),
);

export const DeclaredInterest = component(
  'DeclaredInterest',
  z.object({ claim: OwnershipLink, summarises: z.array(strs), counted: bool }),
);

export const OwnershipRow = component(
  'OwnershipRow',
  z.object({
    id: str,
    name: strOrNull,
    labels: strs,
    direct: OwnershipLink.nullable(),
    claims: z.array(OwnershipLink).optional(),
    directStake: numOrNull,
    directStakeMin: numOrNull.optional(),
    directStakeMax: numOrNull.optional(),
    effectiveStake: numOrNull.describe(
      'Exact effective stake when effectiveStakeMin = effectiveStakeMax; else null.',
    ),
    effectiveStakeMin: num.describe(
      'Sum over distinct chains of the product of lower bounds (alternative claims about a pair: their lowest), capped at 1.',
    ),
    effectiveStakeMax: num.describe(
      'The same with upper bounds (alternatives: their highest), capped at 1.',
    ),
    stakeKnown: bool,
    effectiveStakeAtLeast: num.describe('Same as effectiveStakeMin.').optional(),
    chains: z.array(OwnershipChain),
    declared: z.array(DeclaredInterest).optional(),
  }),
);

export const ControlRow = component(
  'ControlRow',
  z.object({
    id: str,
    name: strOrNull,
    labels: strs,
    certain: bool.describe(
      'Every step a certain majority of votes (shares, or voting rights where stated) or the right to appoint the board; else possible.',
    ),
    chains: z.array(OwnershipChain),
  }),
);

export const OwnershipResponse = component(
  'OwnershipResponse',
  z.object({
    entity: GraphNode,
    owners: z.array(OwnershipRow),
    holdings: z.array(OwnershipRow),
    controllers: z.array(ControlRow),
    controlled: z.array(ControlRow),
    method,
    maxHops: int,
    at: dateOrNull,
    truncated: bool,
  }),
);

const OwnerReason = z.object({
  kind: z.enum(['role', 'control', 'interest', 'ownership']),
  role: strOrNull.optional(),
  via: strOrNull,
  stakeMin: num,
  stakeMax: num,
  certain: bool,
  path: strs,
  text: str.describe('E.g. "trustee of Rowan Trust, which holds 30% of Alder Ltd".'),
});

export const BeneficialOwner = component(
  'BeneficialOwner',
  z.object({
    id: str,
    name: strOrNull,
    labels: strs,
    certain: bool.describe(
      'The lower bound reaches the threshold (or control is certain); else possible.',
    ),
    effectiveStakeMin: num,
    effectiveStakeMax: num,
    votesMin: num.optional(),
    votesMax: num.optional(),
    control: bool.describe(
      'A certain majority of votes, or the right to appoint the board, at every step.',
    ),
    controlPossible: bool.optional(),
    controlledStakeMin: num
      .describe(
        'Control judged per chain: what the entities it controls hold, counted in full (lower bound).',
      )
      .optional(),
    controlledStakeMax: num.optional(),
    grounds: z.array(z.enum(['ownership', 'votes', 'control'])).optional(),
    reason: strOrNull.describe('For an Unknown owner: why.').optional(),
    reasons: z.array(OwnerReason).optional(),
    chains: z.array(OwnershipChain),
    sources: strs,
  }),
);

export const UnknownOwnership = component(
  'UnknownOwnership',
  z.object({
    reason: str,
    via: str.describe('The entity through which unknown owners hold.'),
    name: strOrNull.optional(),
    labels: strs.optional(),
    effectiveStakeMin: num,
    effectiveStakeMax: num,
    votesMin: num.optional(),
    votesMax: num.optional(),
    controlPossible: bool.optional(),
    chains: z.array(OwnershipChain),
  }),
);

export const BeneficialOwnersResponse = component(
  'BeneficialOwnersResponse',
  z.object({
    entity: GraphNode,
    threshold: num,
    at: dateOrNull,
    owners: z.array(BeneficialOwner),
    unknown: z.array(UnknownOwnership),
    graph: GraphPayload,
    method: method.optional(),
    maxHops: int.optional(),
    truncated: bool,
  }),
);

export const SchemaResponse = component(
  'SchemaResponse',
  z.object({
    labels: z.array(z.object({ label: str, count: int })),
    relationshipTypes: z.array(z.object({ type: str, family: familyOrNull, count: int })),
    propertyKeys: strs,
    families: z.array(z.object({ family, types: strs })).optional(),
    kinds: strs.optional(),
    counts: z.object({
      nodes: int,
      relationships: int,
      labels: int.optional(),
      relationshipTypes: int.optional(),
      propertyKeys: int.optional(),
    }),
  }),
);

export const LibraryParam = component(
  'LibraryParam',
  z.object({
    name: str,
    type: z.enum(['entityId', 'string', 'integer', 'date', 'family', 'families', 'boolean']),
    required: bool,
    default: jsonValue.optional(),
    min: int.optional(),
    max: int.optional(),
    description: str,
  }),
);

export const LibraryQuery = component(
  'LibraryQuery',
  z.object({ name: str, title: str, description: str, params: z.array(LibraryParam) }),
);

export const QueryList = component('QueryList', z.object({ queries: z.array(LibraryQuery) }));

export const QueryResult = component(
  'QueryResult',
  z.object({
    name: str.optional(),
    columns: strs,
    rows: z.array(z.array(jsonValue.describe('One value per column, in column order.'))),
    graph: GraphPayload,
    truncated: bool,
  }),
);

export const User = component('User', z.object({ name: str, role: str }));

// The console checks its body by hand (typed params, depth and key limits:
// server/console/validate.ts); these two document it, with its length limit.
const cypherQuery = z.string().max(MAX_QUERY_LENGTH).describe('One read-only Cypher statement.');

export const CypherRequest = component(
  'CypherRequest',
  z.object({ query: cypherQuery, params: jsonObject.optional() }),
);

export const TYPED_VALUE_TYPES = [
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
] as const;

export const TypedValue = component(
  'TypedValue',
  z.object({
    $type: z.enum(TYPED_VALUE_TYPES),
    _value: jsonValue.describe(
      'Integer and Float as strings ("42", "2.0", "NaN", "-Infinity"), temporals and durations in Neo4j\'s text ("12:31:00Z", "P30Y8M"), Point as WKT ("SRID=4326;POINT (2.35 48.85)"), ByteArray as base64 (Base64, the Query API\'s own name, is accepted in params), List an array and Map an object of typed values, Node {_element_id, _labels, _properties}, Relationship {_element_id, _start_node_element_id, _end_node_element_id, _type, _properties}, Path the array of its nodes and relationships in order.',
    ),
  }),
);

export const CypherTypedRequest = component(
  'CypherTypedRequest',
  z.object({ query: cypherQuery, params: z.record(z.string(), TypedValue).optional() }),
);

export const CypherResponse = component(
  'CypherResponse',
  z.object({
    columns: strs,
    rows: z.array(jsonValue),
    graph: GraphPayload,
    summary: z.object({
      queryType: str,
      resultAvailableAfterMs: numOrNull,
      resultConsumedAfterMs: numOrNull,
      notifications: z.array(jsonValue),
    }),
    truncated: bool,
  }),
);

export const CypherTypedResponse = component(
  'CypherTypedResponse',
  CypherResponse.extend({ rows: z.array(z.array(TypedValue)) }),
);

/** One-off bodies of the core's operations (written inline, not as components). */
export const bodies = {
  csrf: z.object({ csrfToken: str }),
  me: z.object({ user: User, mode: str.optional(), csrfToken: str.optional() }),
  login: z.object({ user: User, csrfToken: str }),
  reseeded: z.object({
    reseeded: bool,
    counts: z.object({ nodes: int.optional(), relationships: int.optional() }).optional(),
    ms: int.optional(),
  }),
  queued: z.object({ id: str, status: ImportStatus }),
  preview: z.object({
    format: z.enum(FORMATS),
    records: z.array(z.object({ line: int, type: str, id: str, name: str })),
    columns: strs.optional(),
    rows: z.array(strs).optional(),
    partial: bool,
  }),
  datasets: z.object({ datasets: z.array(Dataset) }),
  datasetDeleted: z.object({
    deleted: bool,
    id: str,
    entities: int.optional(),
    relationships: int.optional(),
  }),
  exportJson: z.array(z.record(z.string(), jsonValue)),
  text: str,
  file: z.string().meta({ format: 'binary' }),
  anyObject: z.record(z.string(), jsonValue),
};

/** Each documented payload against the type the server builds (see `Agrees`). */
export type Agreements = AllAgree<
  [
    Agrees<typeof ImportIssue, ReadIssue>,
    Agrees<typeof ImportJob, ImportJobType, 'createdBy' | 'createdAt' | 'finishedAt'>,
    Agrees<typeof GraphNode, P.GraphNode>,
    Agrees<typeof GraphEdge, P.GraphEdge>,
    Agrees<typeof GraphPayload, P.GraphPayload>,
    Agrees<typeof GraphView, P.GraphView>,
    Agrees<typeof Health, HealthType>,
    Agrees<typeof Readiness, ReadinessType>,
    Agrees<typeof SearchResult, P.SearchResult>,
    Agrees<typeof SearchResponse, P.SearchAnswer>,
    Agrees<typeof EntityDetails, P.EntityDetails>,
    Agrees<typeof NeighborNode, P.NeighborNode>,
    Agrees<typeof NeighborsResponse, P.NeighborsView, 'order'>,
    Agrees<typeof PathPayload, P.PathPayload>,
    Agrees<typeof PathsResponse, P.PathsView>,
    Agrees<typeof OwnershipLink, O.OwnershipLink>,
    Agrees<typeof OwnershipHop, O.OwnershipHop>,
    Agrees<typeof OwnershipChain, O.OwnershipChain>,
    Agrees<typeof DeclaredInterest, O.DeclaredInterest>,
    Agrees<typeof OwnershipRow, O.OwnershipRow>,
    Agrees<typeof ControlRow, O.ControlRow>,
    Agrees<typeof OwnershipResponse, O.OwnershipView>,
    Agrees<typeof BeneficialOwner, O.BeneficialOwner>,
    Agrees<typeof UnknownOwnership, O.UnknownOwnership>,
    Agrees<typeof BeneficialOwnersResponse, O.BeneficialOwnersView>,
    Agrees<typeof SchemaResponse, P.SchemaView>,
    Agrees<typeof LibraryParam, LibraryParamType>,
    Agrees<typeof LibraryQuery, LibraryQueryType>,
  ]
>;
