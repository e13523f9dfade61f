import { DUPLICATE_DECISIONS, EVIDENCE_TYPES } from '../model/duplicates';

/** OpenAPI paths and schemas of duplicates and merging (issue 12), spread into server/openapi.ts. */

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
});
const json = (schema: Schema) => ({ 'application/json': { schema } });
const err = (description: string) => ({ description, content: json(ref('Error')) });
const ok = (description: string, schema: Schema) => ({ description, content: json(schema) });
const str = { type: 'string' };
const int = { type: 'integer' };

export const duplicatesSchemas: Record<string, Schema> = {
  DuplicateEvidence: obj(
    {
      type: { type: 'string', enum: [...EVIDENCE_TYPES] },
      detail: str,
      a: str,
      b: str,
      weight: { type: 'number', description: '0..1 for; negative against (a factor 1 + weight)' },
    },
    ['type', 'detail', 'weight'],
  ),
  DuplicateSide: obj(
    {
      id: str,
      kind: { type: ['string', 'null'] },
      name: str,
      aliases: arrayOf(str),
      identifiers: arrayOf(str),
      datasets: arrayOf(str),
      degree: int,
      version: int,
      properties: { type: 'object' },
    },
    ['id', 'kind', 'name', 'aliases', 'identifiers', 'datasets', 'degree', 'version'],
  ),
  DuplicatePair: obj(
    {
      pair: { type: 'string', description: '`<a>|<b>`, ids sorted' },
      a: ref('DuplicateSide'),
      b: ref('DuplicateSide'),
      score: { type: 'number' },
      evidence: arrayOf(ref('DuplicateEvidence')),
      decision: { type: ['string', 'null'], enum: ['unsure', null] },
    },
    ['pair', 'a', 'b', 'score', 'evidence', 'decision'],
  ),
  DuplicateDecision: obj(
    {
      pair: str,
      a: str,
      b: str,
      decision: { type: 'string', enum: [...DUPLICATE_DECISIONS] },
      at: str,
      user: str,
    },
    ['pair', 'a', 'b', 'decision', 'at', 'user'],
  ),
  MergeResult: obj(
    { canonical: str, merged: str, moved: arrayOf(str), change: str, version: int },
    ['canonical', 'merged', 'moved', 'change', 'version'],
  ),
  UnmergeResult: obj(
    { canonical: str, merged: str, restored: arrayOf(str), change: str, revertOf: str },
    ['canonical', 'merged', 'restored', 'change', 'revertOf'],
  ),
};

export const duplicatesPaths: Record<string, Record<string, unknown>> = {
  '/api/duplicates': {
    get: {
      operationId: 'duplicates',
      tags: ['workspace'],
      summary:
        'Candidate duplicate pairs with a score and the evidence (identifier, normalised name, transliteration, close spelling, address, birth date, neighbours; and against). Merged entities and pairs decided "different" are never proposed.',
      parameters: [
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
        { name: 'minScore', in: 'query', schema: { type: 'number', minimum: 0, maximum: 1 } },
        {
          name: 'entity',
          in: 'query',
          schema: str,
          description: 'Only the candidates of this entity',
        },
      ],
      responses: {
        '200': ok(
          'Pairs, best first',
          obj(
            {
              pairs: arrayOf(ref('DuplicatePair')),
              candidates: int,
              skippedBlocks: arrayOf(obj({ key: str, size: int }, ['key', 'size'])),
              limit: int,
              minScore: { type: 'number' },
            },
            ['pairs', 'candidates', 'skippedBlocks', 'limit', 'minScore'],
          ),
        ),
        '400': err('A bad parameter (INVALID_REQUEST), naming it'),
      },
    },
  },
  '/api/duplicates/decisions': {
    post: {
      operationId: 'duplicateDecision',
      tags: ['workspace'],
      summary:
        'Decide a pair (editors only). "same" merges in one transaction: the canonical entity keeps its id, relationships move with their provenance, the other id keeps resolving; one merge change.',
      requestBody: {
        required: true,
        content: json(
          obj(
            {
              a: str,
              b: str,
              decision: { type: 'string', enum: [...DUPLICATE_DECISIONS] },
              canonical: { type: 'string', description: 'a or b; default the better connected' },
              versions: {
                type: 'object',
                additionalProperties: int,
                description: 'The versions read, by id: a stale one is a 409',
              },
              reason: str,
            },
            ['a', 'b', 'decision'],
          ),
        ),
      },
      responses: {
        '200': ok(
          'Stored (different, unsure)',
          obj({ decision: ref('DuplicateDecision') }, ['decision']),
        ),
        '201': ok(
          'Merged (same)',
          obj({ decision: ref('DuplicateDecision'), merge: ref('MergeResult') }, [
            'decision',
            'merge',
          ]),
        ),
        '400': err('Invalid body (INVALID_REQUEST), naming the field'),
        '403': err('Not an editor (INSUFFICIENT_ROLE)'),
        '404': err('Unknown entity (NOT_FOUND)'),
        '409': err('VERSION_CONFLICT (with `current`) or ALREADY_MERGED'),
      },
    },
  },
  '/api/duplicates/unmerge': {
    post: {
      operationId: 'unmerge',
      tags: ['workspace'],
      summary:
        'Undo a merge, named by its two entities or by its change (editors only): both entities and every moved relationship as before, as one unmerge change.',
      requestBody: {
        required: true,
        content: json({
          oneOf: [
            obj({ canonical: str, merged: str, reason: str }, ['canonical', 'merged']),
            obj({ change: str, reason: str }, ['change']),
          ],
        }),
      },
      responses: {
        '200': ok('Unmerged', ref('UnmergeResult')),
        '400': err('Invalid body (INVALID_REQUEST)'),
        '403': err('Not an editor (INSUFFICIENT_ROLE)'),
        '404': err('No such merge that is not undone (NOT_FOUND)'),
        '409': err('Something the merge wrote was edited since (MERGE_CHANGED), or ALREADY_UNDONE'),
      },
    },
  },
};
