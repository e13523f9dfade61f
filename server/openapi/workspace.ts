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
import { requestDoc } from './request';
import { changeParams, changesQuery, revertBody } from '../routes/changes';
import {
  atQuery,
  entityCreate,
  entityParams,
  entityPatch,
  relationshipCreate,
  relationshipPatch,
  relParams,
  retraction,
} from '../routes/editing';

/**
 * OpenAPI for the workspace's write core (issue 12, docs/workspace.md): editing, versions,
 * retraction, the change log. Spread into server/openapi.ts by mergePaths.
 */

type Paths = Record<string, Record<string, unknown>>;

const err = (description: string) => okBody(description, ErrorBody);

const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description:
    'The version you read (`"3"`, quotes optional): from GET (its ETag or `version`). Missing → 428, stale → 409.',
  schema: str.meta({ example: '"3"' }),
};

// The request bodies are the routes' own validators, documented as a client writes them.
export const EntityCreate = component('EntityCreate', entityCreate, 'input');
export const EntityPatch = component('EntityPatch', entityPatch, 'input');
export const Retraction = component('Retraction', retraction, 'input');
export const RelationshipCreate = component('RelationshipCreate', relationshipCreate, 'input');
export const RelationshipPatch = component('RelationshipPatch', relationshipPatch, 'input');

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
const body = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const tags = ['workspace'];

export const workspacePaths: Paths = {
  '/api/entities': {
    post: {
      operationId: 'createEntity',
      tags,
      summary:
        'Create an entity (editors): id `<kind prefix>:<slug of name>`, version 1, one create change',
      requestBody: body(EntityCreate),
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
      ...requestDoc({ path: entityParams, headers: [ifMatch] }),
      requestBody: body(EntityPatch),
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
      ...requestDoc({ path: entityParams, headers: [ifMatch] }),
      requestBody: body(Retraction),
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
      requestBody: body(RelationshipCreate),
      responses: { '201': okBody('Created', RelationshipWritten), '400': bad, '403': notEditor },
    },
  },
  '/api/relationships/{id}': {
    get: {
      operationId: 'relationship',
      tags,
      summary: 'One relationship with its version (ETag)',
      ...requestDoc({ path: relParams, query: atQuery }),
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
      ...requestDoc({ path: relParams, headers: [ifMatch] }),
      requestBody: body(RelationshipPatch),
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
      ...requestDoc({ path: relParams, headers: [ifMatch] }),
      requestBody: body(Retraction),
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
      ...requestDoc({ query: changesQuery }),
      responses: { '200': okBody('Changes', ChangeList), '400': bad },
    },
  },
  '/api/changes/{id}': {
    get: {
      operationId: 'change',
      tags,
      summary: 'One change',
      ...requestDoc({ path: changeParams }),
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
      ...requestDoc({ path: changeParams, body: revertBody, bodyRequired: false }),
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
