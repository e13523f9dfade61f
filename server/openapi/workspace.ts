import { z } from 'zod';
import { CHANGE_ACTIONS, CHANGE_TARGET_TYPES, type Change as ChangeType } from '../model/changes';
import type { ChangePage } from '../services/change-service';
import type { EntityAnswer, RelationshipAnswer } from '../services/edit-service';
import type { VersionConflictBody } from '../workspace/versions';
import { component, ok as okBody } from './components';
import { ErrorBody, GraphNode } from './responses';
import {
  type AllAgree,
  type Agrees,
  bool,
  familyOrNull,
  int,
  jsonObject,
  numOrNull,
  str,
  strOrNull,
  strs,
} from './zod-kit';
import { ENTITY_KINDS, RELATIONSHIP_TYPES } from '../model/families';
import { ENTITY_ID } from '../model/entity-ids';

/**
 * OpenAPI for the workspace's write core (issue 12, docs/workspace.md): editing, versions,
 * retraction, the change log. Spread into server/openapi.ts by mergePaths.
 */

type Schema = Record<string, unknown>;
type Paths = Record<string, Record<string, unknown>>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const err = (description: string) => okBody(description, ErrorBody);
const ratio = { type: 'number', minimum: 0, maximum: 1 };
const nullableRatio = { type: ['number', 'null'], minimum: 0, maximum: 1 };
const date = { type: ['string', 'null'], format: 'date' };

const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description:
    'The version you read (`"3"`, quotes optional): from GET (its ETag or `version`). Missing → 428, stale → 409.',
  schema: { type: 'string', example: '"3"' },
};
const entityId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: ENTITY_ID.source },
};
const relationshipId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The claim id (URL-encoded: `OWNS%3Aorg%3Ameta-%3Eorg%3Ascale-ai`).',
  schema: { type: 'string' },
};
const asOf = {
  name: 'at',
  in: 'query',
  required: false,
  description: 'Read as of this day: an element retracted after it is still shown (YYYY-MM-DD).',
  schema: { type: 'string', format: 'date' },
};

const provenance: Record<string, Schema> = {
  source: {
    description:
      'An existing Source id, or a new source (created as `source:<slug>`, or found by url)',
    oneOf: [
      { type: 'string', pattern: ENTITY_ID.source },
      {
        type: 'object',
        properties: {
          title: { type: 'string' },
          url: { type: 'string', format: 'uri' },
          date: { type: 'string', format: 'date' },
        },
        required: ['title'],
        additionalProperties: false,
      },
    ],
  },
  evidence: { type: 'string', description: 'Why we believe it, one phrase' },
  confidence: { ...ratio, description: '1 = stated outright, lower = implied or inferred' },
  reason: { type: 'string', description: 'Why this change (optional)' },
};
const required = ['source', 'evidence', 'confidence'];
const propertyValue = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: { type: 'string' } },
  ],
};
const relationshipFields: Record<string, Schema> = {
  stake: { ...nullableRatio, description: 'Exact share; sets stakeMin = stakeMax = stake' },
  stakeMin: nullableRatio,
  stakeMax: nullableRatio,
  stakeMinExclusive: { type: ['boolean', 'null'] },
  stakeMaxExclusive: { type: ['boolean', 'null'] },
  since: { ...date, description: 'Inclusive start of validity' },
  until: { ...date, description: 'Exclusive end of validity' },
  role: { type: ['string', 'null'] },
  interestType: { type: ['string', 'null'] },
  amountUsd: { type: ['number', 'null'] },
};

export const workspaceSchemas: Record<string, Schema> = {
  EntityCreate: {
    type: 'object',
    properties: {
      kind: { type: 'string', enum: [...ENTITY_KINDS] },
      name: { type: 'string' },
      aliases: { type: 'array', items: { type: 'string' } },
      description: { type: 'string' },
      identifiers: { type: 'array', items: { type: 'string' } },
      properties: { type: 'object', additionalProperties: propertyValue },
      ...provenance,
    },
    required: ['kind', 'name', ...required],
    additionalProperties: false,
  },
  EntityPatch: {
    type: 'object',
    description:
      'At least one of name, aliases, description, identifiers, properties (null removes a property)',
    properties: {
      name: { type: 'string' },
      aliases: { type: 'array', items: { type: 'string' } },
      description: { type: 'string' },
      identifiers: { type: 'array', items: { type: 'string' } },
      properties: {
        type: 'object',
        additionalProperties: { oneOf: [...propertyValue.oneOf, { type: 'null' }] },
      },
      ...provenance,
    },
    required,
    additionalProperties: false,
  },
  Retraction: {
    type: 'object',
    properties: provenance,
    required,
    additionalProperties: false,
  },
  RelationshipCreate: {
    type: 'object',
    description:
      'Stake as `stake` (exact) or `stakeMin`/`stakeMax` (a range); OWNS and CONTROLS without one get [0, 1] (unknown)',
    properties: {
      type: { type: 'string', enum: Object.keys(RELATIONSHIP_TYPES) },
      from: { type: 'string', pattern: ENTITY_ID.source },
      to: { type: 'string', pattern: ENTITY_ID.source },
      ...relationshipFields,
      ...provenance,
    },
    required: ['type', 'from', 'to', ...required],
    additionalProperties: false,
  },
  RelationshipPatch: {
    type: 'object',
    description:
      'At least one relationship field; null removes it. The provenance replaces the claim’s.',
    properties: { ...relationshipFields, ...provenance },
    required,
    additionalProperties: false,
  },
};

const snapshot = z.record(z.string(), z.unknown()).nullable();

export const EntityWritten = component(
  'EntityWritten',
  z.object({
    entity: GraphNode,
    version: int,
    change: str.describe('The change that recorded this write'),
    relationships: strs.describe('DELETE: the relationships retracted with the entity').optional(),
  }),
);

export const RelationshipView = component(
  'RelationshipView',
  z.object({
    id: str,
    type: str,
    family: familyOrNull.optional(),
    source: str.optional(),
    target: str.optional(),
    from: str,
    to: str,
    properties: jsonObject,
  }),
);

export const RelationshipWritten = component(
  'RelationshipWritten',
  z.object({ relationship: RelationshipView, version: int, change: str.optional() }),
);

export const VersionConflict = component(
  'VersionConflict',
  z
    .object({
      error: ErrorBody.shape.error,
      current: z.object({
        entity: GraphNode.optional(),
        relationship: RelationshipView.optional(),
        version: int,
        retracted: bool.optional(),
      }),
    })
    .describe('VERSION_CONFLICT: the element as it is now'),
);

export const Change = component(
  'Change',
  z.object({
    id: str.meta({ example: 'change:6f1c…' }),
    at: z.string().meta({ format: 'date-time' }),
    user: str,
    action: z.enum(CHANGE_ACTIONS),
    targetType: z.enum(CHANGE_TARGET_TYPES).optional(),
    target: str,
    targets: strs.optional(),
    before: snapshot.describe('Snapshots before: {entity?, relationship?, relationships?}'),
    after: snapshot.describe('Snapshots after (and `source` when the write created one)'),
    version: int.nullable().describe('The target’s version after the change').optional(),
    source: strOrNull,
    evidence: strOrNull.optional(),
    confidence: numOrNull.optional(),
    reason: strOrNull,
    revertOf: strOrNull.optional(),
  }),
);

export const ChangeList = component(
  'ChangeList',
  z.object({
    changes: z.array(Change),
    next: int.nullable().describe('Offset of the next page').optional(),
  }),
);

/** Each documented payload against the type the server builds (see `Agrees`). */
export type Agreements = AllAgree<
  [
    Agrees<typeof EntityWritten, EntityAnswer & { change: string; relationships?: string[] }>,
    Agrees<typeof RelationshipWritten, RelationshipAnswer & { change?: string }>,
    Agrees<typeof VersionConflict, VersionConflictBody>,
    Agrees<typeof Change, ChangeType>,
    Agrees<typeof ChangeList, ChangePage>,
  ]
>;

const bad = err(
  'Invalid input (INVALID_REQUEST, INVALID_IF_MATCH, UNKNOWN_SOURCE, UNKNOWN_ENTITY), naming the field',
);
const notEditor = err('Not an editor (INSUFFICIENT_ROLE) or no CSRF token');
const conflict = {
  description: 'Stale version (VERSION_CONFLICT) with the current state',
  content: { 'application/json': { schema: VersionConflict } },
};
const noIfMatch = err('No If-Match (PRECONDITION_REQUIRED)');
const gone = err(
  'Retracted (ENTITY_RETRACTED / RELATIONSHIP_RETRACTED); ?at= a day before reads it',
);
const missing = err('No such element (NOT_FOUND)');
const body = (name: string) => ({ required: true, content: json(ref(name)) });
const tags = ['workspace'];

export const workspacePaths: Paths = {
  '/api/entities': {
    post: {
      operationId: 'createEntity',
      tags,
      summary:
        'Create an entity (editors): id `<kind prefix>:<slug of name>`, version 1, one create change',
      requestBody: body('EntityCreate'),
      responses: {
        '201': okBody('Created (ETag: "1")', EntityWritten),
        '400': bad,
        '403': notEditor,
      },
    },
  },
  '/api/entities/{id}': {
    patch: {
      operationId: 'updateEntity',
      tags,
      summary: 'Edit an entity at the version you read (editors)',
      parameters: [entityId, ifMatch],
      requestBody: body('EntityPatch'),
      responses: {
        '200': okBody('Written (ETag: the new version)', EntityWritten),
        '400': bad,
        '403': notEditor,
        '404': missing,
        '409': conflict,
        '410': gone,
        '428': noIfMatch,
      },
    },
    delete: {
      operationId: 'retractEntity',
      tags,
      summary:
        'Retract an entity and its relationships (editors): they leave every default read; as-of reads before today still show them; nothing is deleted',
      parameters: [entityId, ifMatch],
      requestBody: body('Retraction'),
      responses: {
        '200': okBody('Retracted', EntityWritten),
        '400': bad,
        '403': notEditor,
        '404': missing,
        '409': conflict,
        '410': gone,
        '428': noIfMatch,
      },
    },
  },
  '/api/relationships': {
    post: {
      operationId: 'createRelationship',
      tags,
      summary:
        'Create a relationship, one claim (editors): id `TYPE:from->to`, `#2`… for further claims on the pair',
      requestBody: body('RelationshipCreate'),
      responses: { '201': okBody('Created', RelationshipWritten), '400': bad, '403': notEditor },
    },
  },
  '/api/relationships/{id}': {
    get: {
      operationId: 'relationship',
      tags,
      summary: 'One relationship with its version (ETag)',
      parameters: [relationshipId, asOf],
      responses: {
        '200': okBody('Relationship', RelationshipWritten),
        '400': bad,
        '404': missing,
        '410': gone,
      },
    },
    patch: {
      operationId: 'updateRelationship',
      tags,
      summary: 'Edit a relationship at the version you read (editors)',
      parameters: [relationshipId, ifMatch],
      requestBody: body('RelationshipPatch'),
      responses: {
        '200': okBody('Written', RelationshipWritten),
        '400': bad,
        '403': notEditor,
        '404': missing,
        '409': conflict,
        '410': gone,
        '428': noIfMatch,
      },
    },
    delete: {
      operationId: 'retractRelationship',
      tags,
      summary: 'Retract a relationship (editors); nothing is deleted',
      parameters: [relationshipId, ifMatch],
      requestBody: body('Retraction'),
      responses: {
        '200': okBody('Retracted', RelationshipWritten),
        '400': bad,
        '403': notEditor,
        '404': missing,
        '409': conflict,
        '410': gone,
        '428': noIfMatch,
      },
    },
  },
  '/api/changes': {
    get: {
      operationId: 'changes',
      tags,
      summary: 'The change log, newest first: every edit, revert, import and dataset deletion',
      parameters: [
        {
          name: 'entity',
          in: 'query',
          schema: { type: 'string' },
          description: 'Changes that touched this entity (its relationships included)',
        },
        { name: 'relationship', in: 'query', schema: { type: 'string' } },
        { name: 'user', in: 'query', schema: { type: 'string' } },
        { name: 'action', in: 'query', schema: { type: 'string', enum: [...CHANGE_ACTIONS] } },
        {
          name: 'targetType',
          in: 'query',
          schema: { type: 'string', enum: [...CHANGE_TARGET_TYPES] },
        },
        {
          name: 'since',
          in: 'query',
          schema: { type: 'string' },
          description: 'Date or date-time, inclusive',
        },
        {
          name: 'until',
          in: 'query',
          schema: { type: 'string' },
          description: 'Date or date-time, exclusive',
        },
        {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: { '200': okBody('Changes', ChangeList), '400': bad },
    },
  },
  '/api/changes/{id}': {
    get: {
      operationId: 'change',
      tags,
      summary: 'One change',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': okBody('Change', z.object({ change: Change })),
        '400': bad,
        '404': missing,
      },
    },
  },
  '/api/changes/{id}/revert': {
    post: {
      operationId: 'revertChange',
      tags,
      summary:
        'Undo one change as a new revert change (editors): its elements go back to their snapshot before it; 409 when one moved on since',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: {
        required: false,
        content: json({ type: 'object', properties: { reason: { type: 'string' } } }),
      },
      responses: {
        '201': okBody(
          'The revert change',
          z.object({ change: Change, version: int.nullable().optional() }),
        ),
        '400': bad,
        '403': notEditor,
        '404': missing,
        '409': conflict,
        '422': err('Not revertible (NOT_REVERTIBLE): imports, merges (unmerge them), …'),
      },
    },
  },
};
