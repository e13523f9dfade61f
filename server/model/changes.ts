/**
 * The change log's shape (issue 12, docs/workspace.md): one `:Change` node per write, committed
 * in the same transaction as the graph write it records. The client imports these types only.
 */

export const CHANGE_ACTIONS = [
  'create',
  'update',
  'retract',
  'revert',
  'merge',
  'unmerge',
  'import',
  'dataset-delete',
  'note',
] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export const CHANGE_TARGET_TYPES = ['entity', 'relationship', 'dataset', 'pair'] as const;
export type ChangeTargetType = (typeof CHANGE_TARGET_TYPES)[number];

/** A full snapshot of what a change touched: plain JSON, enough to undo it. */
export type ChangeSnapshot = { [key: string]: unknown };

/** One recorded change, as `GET /api/changes` answers it (`before`/`after` parsed back). */
export interface Change {
  /** `change:<uuid>` */
  id: string;
  /** ISO date-time of the transaction that wrote it. */
  at: string;
  user: string;
  action: ChangeAction;
  targetType: ChangeTargetType;
  /** Id of the element (entity, relationship, dataset, `a|b` pair) the change is about. */
  target: string;
  /** Every element id the change touched besides `target` (e.g. an entity's relationships). */
  targets: string[];
  before: ChangeSnapshot | null;
  after: ChangeSnapshot | null;
  /** Version of `target` after this change (null when the target has no version). */
  version: number | null;
  source: string | null;
  evidence: string | null;
  confidence: number | null;
  reason: string | null;
  /** The change this one undid (`revert` changes). */
  revertOf: string | null;
}

/** What a writer hands to `appendChange`; the log adds `id` and `at`. */
export interface ChangeInput {
  user: string;
  action: ChangeAction;
  targetType: ChangeTargetType;
  target: string;
  targets?: readonly string[];
  before?: ChangeSnapshot | null;
  after?: ChangeSnapshot | null;
  version?: number | null;
  source?: string | null;
  evidence?: string | null;
  confidence?: number | null;
  reason?: string | null;
  revertOf?: string | null;
}
