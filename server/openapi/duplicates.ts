import { z } from 'zod';
import type * as D from '../model/duplicates';
import { DUPLICATE_DECISIONS, EVIDENCE_TYPES } from '../model/duplicates';
import { component, ok } from './components';
import { ErrorBody } from './responses';
import { requestDoc } from './request';
import { decisionBody, listQuery, unmergeBody } from '../routes/duplicates';
import { type AllAgree, type Agrees, int, jsonObject, num, str, strOrNull, strs } from './zod-kit';

/** OpenAPI paths and schemas of duplicates and merging (issue 12), spread into server/openapi.ts. */

const err = (description: string) => ok(description, ErrorBody);

export const DuplicateEvidence = component(
  'DuplicateEvidence',
  z.object({
    type: z.enum(EVIDENCE_TYPES),
    detail: str,
    a: str.optional(),
    b: str.optional(),
    weight: num.describe('0..1 for; negative against (a factor 1 + weight)'),
  }),
);

export const DuplicateSide = component(
  'DuplicateSide',
  z.object({
    id: str,
    kind: strOrNull,
    name: str,
    aliases: strs,
    identifiers: strs,
    datasets: strs,
    degree: int,
    version: int,
    properties: jsonObject.optional(),
  }),
);

export const DuplicatePair = component(
  'DuplicatePair',
  z.object({
    pair: str.describe('`<a>|<b>`, ids sorted'),
    a: DuplicateSide,
    b: DuplicateSide,
    score: num,
    evidence: z.array(DuplicateEvidence),
    decision: z.enum(['unsure']).nullable(),
  }),
);

export const DuplicateDecision = component(
  'DuplicateDecision',
  z.object({
    pair: str,
    a: str,
    b: str,
    decision: z.enum(DUPLICATE_DECISIONS),
    at: str,
    user: str,
  }),
);

export const MergeResult = component(
  'MergeResult',
  z.object({ canonical: str, merged: str, moved: strs, change: str, version: int }),
);

export const UnmergeResult = component(
  'UnmergeResult',
  z.object({ canonical: str, merged: str, restored: strs, change: str, revertOf: str }),
);

const DuplicatesView = z.object({
  pairs: z.array(DuplicatePair),
  candidates: int,
  skippedBlocks: z.array(z.object({ key: str, size: int })),
  limit: int,
  minScore: num,
});

/** Each documented payload against the type the server builds (see `Agrees`). */
export type Agreements = AllAgree<
  [
    Agrees<typeof DuplicateEvidence, D.DuplicateEvidence>,
    Agrees<typeof DuplicateSide, D.DuplicateSide>,
    Agrees<typeof DuplicatePair, D.DuplicatePair>,
    Agrees<typeof DuplicateDecision, D.DuplicateDecisionRecord>,
    Agrees<typeof MergeResult, D.MergeResult>,
    Agrees<typeof UnmergeResult, D.UnmergeResult>,
    Agrees<typeof DuplicatesView, D.DuplicatesView>,
  ]
>;

export const duplicatesPaths: Record<string, Record<string, unknown>> = {
  '/api/duplicates': {
    get: {
      operationId: 'duplicates',
      tags: ['workspace'],
      summary:
        'Candidate duplicate pairs with a score and the evidence (identifier, normalised name, transliteration, close spelling, address, birth date, neighbours; and against). Merged entities and pairs decided "different" are never proposed.',
      ...requestDoc({ query: listQuery }),
      responses: {
        '200': ok('Pairs, best first', DuplicatesView),
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
      ...requestDoc({ body: decisionBody }),
      responses: {
        '200': ok('Stored (different, unsure)', z.object({ decision: DuplicateDecision })),
        '201': ok('Merged (same)', z.object({ decision: DuplicateDecision, merge: MergeResult })),
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
      ...requestDoc({ body: unmergeBody }),
      responses: {
        '200': ok('Unmerged', UnmergeResult),
        '400': err('Invalid body (INVALID_REQUEST)'),
        '403': err('Not an editor (INSUFFICIENT_ROLE)'),
        '404': err('No such merge that is not undone (NOT_FOUND)'),
        '409': err('Something the merge wrote was edited since (MERGE_CHANGED), or ALREADY_UNDONE'),
      },
    },
  },
};
