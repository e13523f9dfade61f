import { z } from 'zod';
import { DIFF_CHANGES } from '../model/diff';
import type * as I from '../model/investigations';
import type { Note as NoteType } from '../model/notes';
import type {
  DiffEdge as DiffEdgeType,
  DiffNode as DiffNodeType,
  GraphDiff,
} from '../services/diff-common';
import { component, ok } from './components';
import { ErrorBody } from './responses';
import { requestDoc } from './request';
import { diffQuery } from '../routes/diff';
import {
  body as investigationBody,
  idParams as investigationParams,
  listQuery as investigationList,
} from '../routes/investigations';
import {
  createBody as noteCreate,
  idParams as noteParams,
  listQuery as noteList,
  updateBody as noteUpdate,
} from '../routes/notes';
import {
  type AllAgree,
  type Agrees,
  bool,
  dateTime,
  familyOrNull,
  int,
  jsonObject,
  jsonValue,
  num,
  str,
  strs,
} from './zod-kit';

/**
 * OpenAPI for the analyst's layer (issue 12d): GET /api/diff, notes, saved investigations.
 * Spread into server/openapi.ts (paths and component schemas) by one line each.
 */

const err = (description: string) => ok(description, ErrorBody);
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description: 'The version read (its ETag), e.g. "3"; quotes optional.',
  schema: str,
};
const bad = err('Invalid input (INVALID_REQUEST), naming the field');
const notEditor = err('Not an editor (INSUFFICIENT_ROLE)');

const diffMark = {
  change: z.enum(DIFF_CHANGES).optional(),
  changes: z
    .record(z.string(), z.object({ from: jsonValue, to: jsonValue }))
    .describe('Each changed field: {from, to} (null when absent).')
    .optional(),
  reason: z
    .enum([
      'began',
      'ended',
      'began-and-ended',
      'version',
      'founded',
      'dissolved',
      'occurred',
      'relationships',
      'recorded',
    ])
    .optional(),
  at: str.describe('When: a date (world time) or a date-time (record time).').optional(),
  changeIds: strs.optional(),
  previous: str.describe('A version change: the claim it replaced.').optional(),
};

export const DiffNode = component(
  'DiffNode',
  z.object({ id: str, labels: strs, properties: jsonObject, ...diffMark }),
);

export const DiffEdge = component(
  'DiffEdge',
  z.object({
    id: str,
    type: str,
    family: familyOrNull,
    source: str,
    target: str,
    properties: jsonObject,
    ...diffMark,
    change: z.enum(DIFF_CHANGES),
  }),
);

export const Diff = component(
  'Diff',
  z.object({
    nodes: z.array(DiffNode),
    edges: z.array(DiffEdge),
    from: str,
    to: str,
    time: z.enum(['world', 'recorded']),
    counts: z.object({ added: int, removed: int, changed: int }),
    truncated: bool,
    limit: int,
  }),
);

export const Note = component(
  'Note',
  z.object({
    id: str.meta({ pattern: '^note:' }),
    target: str,
    targetType: z.enum(['entity', 'relationship']),
    ends: strs,
    text: str,
    author: str,
    at: dateTime,
    updatedAt: dateTime,
  }),
);

const role = z.enum(['viewer', 'editor']);

export const InvestigationSummary = component(
  'InvestigationSummary',
  z.object({
    id: str.meta({ pattern: '^investigation:' }),
    name: str,
    description: str,
    owner: str,
    role,
    version: int,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
);

export const InvestigationState = component(
  'InvestigationState',
  z.object({
    view: jsonObject.describe(
      'The share-link state (focus, families, kinds, at, layout, expanded, query, params, mode, pathFrom, pathTo, groups).',
    ),
    nodes: strs,
    edges: strs,
    positions: z.record(z.string(), z.object({ x: num, y: num })),
    selection: strs,
    viewport: z
      .object({
        zoom: num.optional(),
        pan: z.object({ x: num.optional(), y: num.optional() }).optional(),
      })
      .optional(),
    compare: z
      .object({ from: str.optional(), to: str.optional(), recorded: bool.optional() })
      .optional(),
  }),
);

export const Investigation = component(
  'Investigation',
  z.object({
    id: str,
    name: str,
    description: str.optional(),
    owner: str,
    role,
    version: int,
    createdAt: dateTime.optional(),
    updatedAt: dateTime.optional(),
    updatedBy: str.optional(),
    state: InvestigationState,
  }),
);

/** Each documented payload against the type the server builds (see `Agrees`). */
export type Agreements = AllAgree<
  [
    Agrees<typeof DiffNode, DiffNodeType>,
    Agrees<typeof DiffEdge, DiffEdgeType>,
    Agrees<typeof Diff, GraphDiff>,
    Agrees<typeof Note, NoteType>,
    Agrees<typeof InvestigationSummary, I.InvestigationSummary>,
    Agrees<typeof InvestigationState, I.InvestigationState, 'view'>,
    Agrees<typeof Investigation, I.Investigation, 'state'>,
  ]
>;

/** The route's own validator, as a client writes it (description and role have defaults). */
export const InvestigationInput = component('InvestigationInput', investigationBody, 'input');

const noteAnswer = ok('The note', z.object({ note: Note }));
const investigationAnswer = (d: string) =>
  ok(d, z.object({ investigation: Investigation, version: int }));

export const analystPaths: Record<string, Record<string, unknown>> = {
  '/api/diff': {
    get: {
      operationId: 'diff',
      summary:
        'What changed between two dates (world time: relationships that began or ended, versions of one source record as one changed stake, entities founded, dissolved, or appearing by their relationships) or, with recorded=true, between two instants (record time: the change log and imports). Nodes without `change` are the unchanged ends of changed edges.',
      ...requestDoc({ query: diffQuery }),
      responses: {
        '200': ok('The changes as a graph payload', Diff),
        '400': bad,
        '404': err('Unknown scope entity (NOT_FOUND)'),
      },
    },
  },
  '/api/notes': {
    get: {
      operationId: 'listNotes',
      summary: 'Notes, newest first: on one element (`target`), by one author, or all',
      ...requestDoc({ query: noteList }),
      responses: {
        '200': ok('Notes', z.object({ notes: z.array(Note) })),
        '400': bad,
      },
    },
    post: {
      operationId: 'createNote',
      summary: 'Write a note on an entity or a relationship (editors; logged as a `note` change)',
      ...requestDoc({ body: noteCreate }),
      responses: {
        '201': noteAnswer,
        '400': bad,
        '403': notEditor,
        '404': err('No such entity or relationship (NOT_FOUND)'),
      },
    },
  },
  '/api/notes/{id}': {
    get: {
      operationId: 'getNote',
      summary: 'One note',
      ...requestDoc({ path: noteParams }),
      responses: { '200': noteAnswer, '400': bad, '404': err('No such note (NOT_FOUND)') },
    },
    patch: {
      operationId: 'updateNote',
      summary: 'New text for a note (its author only)',
      ...requestDoc({ path: noteParams, body: noteUpdate }),
      responses: {
        '200': noteAnswer,
        '400': bad,
        '403': err('Not an editor, or not the author (NOT_NOTE_AUTHOR)'),
        '404': err('No such note (NOT_FOUND)'),
      },
    },
    delete: {
      operationId: 'deleteNote',
      summary: 'Delete a note (its author only; the change log keeps its text)',
      ...requestDoc({ path: noteParams }),
      responses: {
        '200': ok('The deleted note', z.object({ deleted: Note })),
        '403': err('Not an editor, or not the author (NOT_NOTE_AUTHOR)'),
        '404': err('No such note (NOT_FOUND)'),
      },
    },
  },
  '/api/investigations': {
    get: {
      operationId: 'listInvestigations',
      summary: 'Saved investigations the user may open, most recently saved first (without state)',
      ...requestDoc({ query: investigationList }),
      responses: {
        '200': ok('Investigations', z.object({ investigations: z.array(InvestigationSummary) })),
        '400': bad,
      },
    },
    post: {
      operationId: 'createInvestigation',
      summary: 'Save a named view (editors); answers version 1 and its ETag',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: InvestigationInput } },
      },
      responses: {
        '201': investigationAnswer('The saved investigation'),
        '400': bad,
        '403': notEditor,
      },
    },
  },
  '/api/investigations/{id}': {
    get: {
      operationId: 'getInvestigation',
      summary: 'Reopen a saved investigation exactly as saved (share link: /?investigation=<id>)',
      ...requestDoc({ path: investigationParams }),
      responses: {
        '200': investigationAnswer('The investigation; ETag = its version'),
        '400': bad,
        '403': err('Shared with editors only (INVESTIGATION_FORBIDDEN)'),
        '404': err('No such investigation (NOT_FOUND)'),
      },
    },
    put: {
      operationId: 'updateInvestigation',
      summary: 'Save a new version (any editor), If-Match the version read',
      ...requestDoc({ path: investigationParams, headers: [ifMatch] }),
      requestBody: {
        required: true,
        content: { 'application/json': { schema: InvestigationInput } },
      },
      responses: {
        '200': investigationAnswer('The new version'),
        '400': bad,
        '403': notEditor,
        '404': err('No such investigation (NOT_FOUND)'),
        '409': err(
          'Saved since (VERSION_CONFLICT); `current` holds the investigation and its version',
        ),
        '428': err('No If-Match (PRECONDITION_REQUIRED)'),
      },
    },
    delete: {
      operationId: 'deleteInvestigation',
      summary: 'Delete a saved investigation (its owner only), If-Match the version read',
      ...requestDoc({ path: investigationParams, headers: [ifMatch] }),
      responses: {
        '200': ok(
          'The deleted investigation',
          z.object({ deleted: InvestigationSummary, version: int }),
        ),
        '403': err('Not an editor, or not the owner (NOT_INVESTIGATION_OWNER)'),
        '404': err('No such investigation (NOT_FOUND)'),
        '409': err('Saved since (VERSION_CONFLICT)'),
        '428': err('No If-Match (PRECONDITION_REQUIRED)'),
      },
    },
  },
};
