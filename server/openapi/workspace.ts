import { CHANGE_ACTIONS, CHANGE_TARGET_TYPES } from '../model/changes';
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
const ok = (description: string, schema: Schema) => ({ description, content: json(schema) });
const err = (description: string) => ({ description, content: json(ref('Error')) });
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
  EntityWritten: {
    type: 'object',
    properties: {
      entity: ref('GraphNode'),
      version: { type: 'integer' },
      change: { type: 'string', description: 'The change that recorded this write' },
      relationships: {
        type: 'array',
        items: { type: 'string' },
        description: 'DELETE: the relationships retracted with the entity',
      },
    },
    required: ['entity', 'version', 'change'],
  },
  RelationshipView: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      type: { type: 'string' },
      family: { type: ['string', 'null'] },
      source: { type: 'string' },
      target: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      properties: { type: 'object' },
    },
    required: ['id', 'type', 'from', 'to', 'properties'],
  },
  RelationshipWritten: {
    type: 'object',
    properties: {
      relationship: ref('RelationshipView'),
      version: { type: 'integer' },
      change: { type: 'string' },
    },
    required: ['relationship', 'version'],
  },
  VersionConflict: {
    type: 'object',
    description: 'VERSION_CONFLICT: the element as it is now',
    properties: {
      error: ref('Error'),
      current: {
        type: 'object',
        properties: {
          entity: ref('GraphNode'),
          relationship: ref('RelationshipView'),
          version: { type: 'integer' },
          retracted: { type: 'boolean' },
        },
        required: ['version'],
      },
    },
    required: ['error', 'current'],
  },
  Change: {
    type: 'object',
    properties: {
      id: { type: 'string', example: 'change:6f1c…' },
      at: { type: 'string', format: 'date-time' },
      user: { type: 'string' },
      action: { type: 'string', enum: [...CHANGE_ACTIONS] },
      targetType: { type: 'string', enum: [...CHANGE_TARGET_TYPES] },
      target: { type: 'string' },
      targets: { type: 'array', items: { type: 'string' } },
      before: {
        type: ['object', 'null'],
        description: 'Snapshots before: {entity?, relationship?, relationships?}',
      },
      after: {
        type: ['object', 'null'],
        description: 'Snapshots after (and `source` when the write created one)',
      },
      version: { type: ['integer', 'null'], description: 'The target’s version after the change' },
      source: { type: ['string', 'null'] },
      evidence: { type: ['string', 'null'] },
      confidence: { type: ['number', 'null'] },
      reason: { type: ['string', 'null'] },
      revertOf: { type: ['string', 'null'] },
    },
    required: ['id', 'at', 'user', 'action', 'target', 'before', 'after', 'source', 'reason'],
  },
  ChangeList: {
    type: 'object',
    properties: {
      changes: { type: 'array', items: ref('Change') },
      next: { type: ['integer', 'null'], description: 'Offset of the next page' },
    },
    required: ['changes'],
  },
};

const bad = err(
  'Invalid input (INVALID_REQUEST, INVALID_IF_MATCH, UNKNOWN_SOURCE, UNKNOWN_ENTITY), naming the field',
);
const notEditor = err('Not an editor (INSUFFICIENT_ROLE) or no CSRF token');
const conflict = {
  description: 'Stale version (VERSION_CONFLICT) with the current state',
  content: json(ref('VersionConflict')),
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
        '201': ok('Created (ETag: "1")', ref('EntityWritten')),
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
        '200': ok('Written (ETag: the new version)', ref('EntityWritten')),
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
        '200': ok('Retracted', ref('EntityWritten')),
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
      responses: { '201': ok('Created', ref('RelationshipWritten')), '400': bad, '403': notEditor },
    },
  },
  '/api/relationships/{id}': {
    get: {
      operationId: 'relationship',
      tags,
      summary: 'One relationship with its version (ETag)',
      parameters: [relationshipId, asOf],
      responses: {
        '200': ok('Relationship', ref('RelationshipWritten')),
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
        '200': ok('Written', ref('RelationshipWritten')),
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
        '200': ok('Retracted', ref('RelationshipWritten')),
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
      responses: { '200': ok('Changes', ref('ChangeList')), '400': bad },
    },
  },
  '/api/changes/{id}': {
    get: {
      operationId: 'change',
      tags,
      summary: 'One change',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': ok('Change', {
          type: 'object',
          properties: { change: ref('Change') },
          required: ['change'],
        }),
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
        '201': ok('The revert change', {
          type: 'object',
          properties: { change: ref('Change'), version: { type: ['integer', 'null'] } },
          required: ['change'],
        }),
        '400': bad,
        '403': notEditor,
        '404': missing,
        '409': conflict,
        '422': err('Not revertible (NOT_REVERTIBLE): imports, merges (unmerge them), …'),
      },
    },
  },
};

/** Paths merged method by method, so a path both blocks describe keeps every method. */
export function mergePaths(...blocks: Paths[]): Paths {
  const out: Paths = {};
  for (const block of blocks) {
    for (const [path, ops] of Object.entries(block)) out[path] = { ...out[path], ...ops };
  }
  return out;
}
