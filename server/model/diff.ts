/**
 * What `GET /api/diff` answers (issue 12): a graph payload whose elements say how they changed
 * between two dates (world time) or two instants (record time, `recorded=true`). Generic over the
 * node and edge shapes so the server (server/mapper.ts) and the client (client/src/api.ts) share it.
 */

export const DIFF_CHANGES = ['added', 'removed', 'changed'] as const;
export type DiffChange = (typeof DIFF_CHANGES)[number];

/** A property value as the diff reports it (dates as YYYY-MM-DD text). */
export type DiffValue = string | number | boolean | null | DiffValue[] | { [k: string]: DiffValue };

/** One changed field: its value at `from` and at `to` (null when absent). */
export interface FieldChange {
  from: DiffValue;
  to: DiffValue;
}

/** Why an element counts as changed (which boundary or record made it so). */
export type DiffReason =
  | 'began' // a relationship's `since` falls in the window
  | 'ended' // its `until` falls in the window
  | 'began-and-ended' // both: it existed only inside the window (change "removed", transient)
  | 'version' // another version of the same source record (`record`) took over
  | 'founded' // an entity's founding/birth date falls in the window
  | 'dissolved' // its dissolution/death date falls in the window
  | 'occurred' // an event's date falls in the window
  | 'relationships' // an entity with no valid relationship at one date and some at the other
  | 'recorded'; // record time: written into the graph in the window (change log, imports)

export interface DiffMark {
  /** Absent on nodes that are only the unchanged ends of changed edges. */
  change?: DiffChange;
  /** The fields that differ, each `{from, to}`. */
  changes?: Record<string, FieldChange>;
  reason?: DiffReason;
  /** When it happened: a date (world time) or an instant (record time). */
  at?: string;
  /** Record time: the change-log entries behind this element, oldest first. */
  changeIds?: string[];
  /** Version changes: the id of the relationship (claim) it replaced. */
  previous?: string;
}

export interface DiffPayload<N, E> {
  nodes: (N & DiffMark)[];
  edges: (E & DiffMark)[];
  from: string;
  to: string;
  time: 'world' | 'recorded';
  /** How many of each kind of change are listed. */
  counts: Record<DiffChange, number>;
  /** More changes matched than `limit`: the earliest ones are listed. */
  truncated: boolean;
  limit: number;
}
