import { FAMILIES } from '../families';

/**
 * OpenAPI for the analyst's layer (issue 12d): GET /api/diff, notes, saved investigations.
 * Spread into server/openapi.ts (paths and component schemas) by one line each.
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
});
const json = (schema: Schema) => ({ 'application/json': { schema } });
const ok = (description: string, schema: Schema) => ({ description, content: json(schema) });
const err = (description: string) => ({ description, content: json(ref('Error')) });
const str: Schema = { type: 'string' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const query = (name: string, description: string, schema: Schema, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema,
});
const idPath = (description: string, pattern: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', pattern },
});
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
  change: { type: 'string', enum: ['added', 'removed', 'changed'] },
  changes: {
    type: 'object',
    description: 'Each changed field: {from, to} (null when absent).',
    additionalProperties: obj({ from: {}, to: {} }, ['from', 'to']),
  },
  reason: {
    type: 'string',
    enum: [
      'began',
      'ended',
      'began-and-ended',
      'version',
      'founded',
      'dissolved',
      'occurred',
      'relationships',
      'recorded',
    ],
  },
  at: { type: 'string', description: 'When: a date (world time) or a date-time (record time).' },
  changeIds: arrayOf(str),
  previous: { type: 'string', description: 'A version change: the claim it replaced.' },
};

export const analystSchemas: Record<string, Schema> = {
  DiffNode: obj({ id: str, labels: arrayOf(str), properties: { type: 'object' }, ...diffMark }, [
    'id',
    'labels',
    'properties',
  ]),
  DiffEdge: obj(
    {
      id: str,
      type: str,
      family: { type: ['string', 'null'], enum: [...FAMILIES, null] },
      source: str,
      target: str,
      properties: { type: 'object' },
      ...diffMark,
    },
    ['id', 'type', 'family', 'source', 'target', 'properties', 'change'],
  ),
  Diff: obj(
    {
      nodes: arrayOf(ref('DiffNode')),
      edges: arrayOf(ref('DiffEdge')),
      from: str,
      to: str,
      time: { type: 'string', enum: ['world', 'recorded'] },
      counts: obj(
        { added: { type: 'integer' }, removed: { type: 'integer' }, changed: { type: 'integer' } },
        ['added', 'removed', 'changed'],
      ),
      truncated: { type: 'boolean' },
      limit: { type: 'integer' },
    },
    ['nodes', 'edges', 'from', 'to', 'time', 'counts', 'truncated', 'limit'],
  ),
  Note: obj(
    {
      id: { type: 'string', pattern: '^note:' },
      target: str,
      targetType: { type: 'string', enum: ['entity', 'relationship'] },
      ends: arrayOf(str),
      text: str,
      author: str,
      at: dateTime,
      updatedAt: dateTime,
    },
    ['id', 'target', 'targetType', 'ends', 'text', 'author', 'at', 'updatedAt'],
  ),
  InvestigationSummary: obj(
    {
      id: { type: 'string', pattern: '^investigation:' },
      name: str,
      description: str,
      owner: str,
      role: { type: 'string', enum: ['viewer', 'editor'] },
      version: { type: 'integer' },
      createdAt: dateTime,
      updatedAt: dateTime,
    },
    ['id', 'name', 'description', 'owner', 'role', 'version', 'createdAt', 'updatedAt'],
  ),
  Investigation: {
    allOf: [ref('InvestigationSummary')],
    ...obj(
      {
        id: str,
        name: str,
        description: str,
        owner: str,
        role: { type: 'string', enum: ['viewer', 'editor'] },
        version: { type: 'integer' },
        createdAt: dateTime,
        updatedAt: dateTime,
        updatedBy: str,
        state: ref('InvestigationState'),
      },
      ['id', 'name', 'owner', 'role', 'version', 'state'],
    ),
  },
  InvestigationState: obj(
    {
      view: {
        type: 'object',
        description:
          'The share-link state (focus, families, kinds, at, layout, expanded, query, params, mode, pathFrom, pathTo, groups).',
      },
      nodes: arrayOf(str),
      edges: arrayOf(str),
      positions: {
        type: 'object',
        additionalProperties: obj({ x: { type: 'number' }, y: { type: 'number' } }, ['x', 'y']),
      },
      selection: arrayOf(str),
      viewport: obj({ zoom: { type: 'number' }, pan: { type: 'object' } }),
      compare: obj({ from: str, to: str, recorded: { type: 'boolean' } }),
    },
    ['view', 'nodes', 'edges', 'positions', 'selection'],
  ),
  InvestigationInput: obj(
    {
      name: str,
      description: str,
      role: {
        type: 'string',
        enum: ['viewer', 'editor'],
        description:
          'Who may open it: viewer = everyone signed in; editor (default) = editors only.',
      },
      state: ref('InvestigationState'),
    },
    ['name', 'state'],
  ),
};

const noteAnswer = ok('The note', obj({ note: ref('Note') }, ['note']));
const investigationAnswer = (d: string) =>
  ok(
    d,
    obj({ investigation: ref('Investigation'), version: { type: 'integer' } }, [
      'investigation',
      'version',
    ]),
  );

export const analystPaths: Record<string, Record<string, unknown>> = {
  '/api/diff': {
    get: {
      operationId: 'diff',
      summary:
        'What changed between two dates (world time: relationships that began or ended, versions of one source record as one changed stake, entities founded, dissolved, or appearing by their relationships) or, with recorded=true, between two instants (record time: the change log and imports). Nodes without `change` are the unchanged ends of changed edges.',
      parameters: [
        query('from', 'YYYY-MM-DD (recorded=true: also a date-time); not after `to`', str, true),
        query('to', 'YYYY-MM-DD (recorded=true: a date covers its whole day, UTC)', str, true),
        query('recorded', 'true = record time', { type: 'string', enum: ['true', 'false'] }),
        query('limit', 'Changes listed at most (1–5000, default 500); earliest first', {
          type: 'integer',
        }),
        query('entity', 'Scope: this entity and its neighbourhood', str),
        query('depth', 'Scope depth in hops (1–4, default 2)', { type: 'integer' }),
        query('families', 'Only relationships of these families (comma-separated)', str),
      ],
      responses: {
        '200': ok('The changes as a graph payload', ref('Diff')),
        '400': bad,
        '404': err('Unknown scope entity (NOT_FOUND)'),
      },
    },
  },
  '/api/notes': {
    get: {
      operationId: 'listNotes',
      summary: 'Notes, newest first: on one element (`target`), by one author, or all',
      parameters: [
        query('target', 'Entity or relationship id', str),
        query('author', 'User name', str),
        query('limit', '1–1000, default 200', { type: 'integer' }),
      ],
      responses: {
        '200': ok('Notes', obj({ notes: arrayOf(ref('Note')) }, ['notes'])),
        '400': bad,
      },
    },
    post: {
      operationId: 'createNote',
      summary: 'Write a note on an entity or a relationship (editors; logged as a `note` change)',
      requestBody: {
        required: true,
        content: json(obj({ target: str, text: str }, ['target', 'text'])),
      },
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
      parameters: [idPath('Note id', '^note:')],
      responses: { '200': noteAnswer, '400': bad, '404': err('No such note (NOT_FOUND)') },
    },
    patch: {
      operationId: 'updateNote',
      summary: 'New text for a note (its author only)',
      parameters: [idPath('Note id', '^note:')],
      requestBody: { required: true, content: json(obj({ text: str }, ['text'])) },
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
      parameters: [idPath('Note id', '^note:')],
      responses: {
        '200': ok('The deleted note', obj({ deleted: ref('Note') }, ['deleted'])),
        '403': err('Not an editor, or not the author (NOT_NOTE_AUTHOR)'),
        '404': err('No such note (NOT_FOUND)'),
      },
    },
  },
  '/api/investigations': {
    get: {
      operationId: 'listInvestigations',
      summary: 'Saved investigations the user may open, most recently saved first (without state)',
      parameters: [
        query('owner', 'Only those of this user', str),
        query('limit', '1–500, default 100', { type: 'integer' }),
      ],
      responses: {
        '200': ok(
          'Investigations',
          obj({ investigations: arrayOf(ref('InvestigationSummary')) }, ['investigations']),
        ),
        '400': bad,
      },
    },
    post: {
      operationId: 'createInvestigation',
      summary: 'Save a named view (editors); answers version 1 and its ETag',
      requestBody: { required: true, content: json(ref('InvestigationInput')) },
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
      parameters: [idPath('Investigation id', '^investigation:')],
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
      parameters: [idPath('Investigation id', '^investigation:'), ifMatch],
      requestBody: { required: true, content: json(ref('InvestigationInput')) },
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
      parameters: [idPath('Investigation id', '^investigation:'), ifMatch],
      responses: {
        '200': ok(
          'The deleted investigation',
          obj({ deleted: ref('InvestigationSummary'), version: { type: 'integer' } }, [
            'deleted',
            'version',
          ]),
        ),
        '403': err('Not an editor, or not the owner (NOT_INVESTIGATION_OWNER)'),
        '404': err('No such investigation (NOT_FOUND)'),
        '409': err('Saved since (VERSION_CONFLICT)'),
        '428': err('No If-Match (PRECONDITION_REQUIRED)'),
      },
    },
  },
};
