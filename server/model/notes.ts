/** Notes on entities and relationships (issue 12d, docs/workspace.md); the client imports these types only. */

export type NoteTargetType = 'entity' | 'relationship';

export interface Note {
  /** `note:<uuid>` */
  id: string;
  /** The entity id or relationship (claim) id the note is about. */
  target: string;
  targetType: NoteTargetType;
  /** A relationship note: the ids of its two entities (what search finds it by); else empty. */
  ends: string[];
  text: string;
  author: string;
  /** ISO date-times: written, last edited. */
  at: string;
  updatedAt: string;
}

/** Longest note text accepted. */
export const NOTE_MAX_LENGTH = 10_000;
