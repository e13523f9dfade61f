/**
 * Duplicate candidates and decisions (issue 12, docs/workspace.md "Duplicates and merging").
 * The client imports these types only.
 */

export const DUPLICATE_DECISIONS = ['same', 'different', 'unsure'] as const;
export type DuplicateDecisionValue = (typeof DUPLICATE_DECISIONS)[number];

export const EVIDENCE_TYPES = [
  'identifier',
  'name',
  'transliteration',
  'similar-name',
  'address',
  'birthDate',
  'neighbours',
  // Evidence against: the two differ where a duplicate would agree, or are linked to each other.
  'different-identifier',
  'different-birthDate',
  'different-kind',
  'linked',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/** One reason to think two entities are (or are not) the same. */
export interface DuplicateEvidence {
  type: EvidenceType;
  /** What matched, in words an analyst reads ("GB-COH:03209885", "scale ai"). */
  detail: string;
  /** The values on each side, when they are spelled differently. */
  a?: string;
  b?: string;
  /** How much it moves the score: 0..1 for, negative against. */
  weight: number;
}

/** One side of a candidate pair: enough to compare them side by side. */
export interface DuplicateSide {
  id: string;
  kind: string | null;
  name: string;
  aliases: string[];
  identifiers: string[];
  datasets: string[];
  /** Relationships of the entity, any family. */
  degree: number;
  version: number;
  properties: Record<string, unknown>;
}

export interface DuplicatePair {
  /** `<a>|<b>`, ids sorted: the DuplicateDecision key. */
  pair: string;
  a: DuplicateSide;
  b: DuplicateSide;
  /** 0..1: evidence for combined as independent signals, then discounted by evidence against. */
  score: number;
  evidence: DuplicateEvidence[];
  /** A stored "unsure" decision; pairs decided "different" or merged are never listed. */
  decision: 'unsure' | null;
}

export interface DuplicatesView {
  pairs: DuplicatePair[];
  /** Candidate pairs scored (before `limit` and `minScore`). */
  candidates: number;
  /** Blocks (entities sharing a key) too large to compare pair by pair, left out. */
  skippedBlocks: Array<{ key: string; size: number }>;
  limit: number;
  minScore: number;
}

/** The stored decision on a pair. */
export interface DuplicateDecisionRecord {
  pair: string;
  a: string;
  b: string;
  decision: DuplicateDecisionValue;
  at: string;
  user: string;
}

/** What `POST /api/duplicates/decisions` answers. */
export interface DecisionResult {
  decision: DuplicateDecisionRecord;
  /** Present when "same" merged the pair. */
  merge?: MergeResult;
}

export interface MergeResult {
  canonical: string;
  merged: string;
  /** Relationship ids that moved to the canonical entity. */
  moved: string[];
  /** The `merge` change (revert it, or unmerge, to undo). */
  change: string;
  version: number;
}

export interface UnmergeResult {
  canonical: string;
  merged: string;
  /** Relationship ids moved back. */
  restored: string[];
  change: string;
  /** The merge change this undid. */
  revertOf: string;
}
