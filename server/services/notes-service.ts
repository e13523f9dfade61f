import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import type { SessionUser } from '../auth/users';
import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { AppError, notFound } from '../errors';
import { toJson } from '../mapper';
import type { Note, NoteTargetType } from '../model/notes';
import { appendChange } from '../workspace/change-log';

/** A `:Note` node's properties (as the driver gives them) as the API shows the note. */
export function noteFromProperties(p: Record<string, unknown>): Note {
  return {
    id: String(p.id),
    target: String(p.target),
    targetType: p.targetType as NoteTargetType,
    ends: Array.isArray(p.ends) ? p.ends.map(String) : [],
    text: String(p.text),
    author: String(p.author),
    at: String(toJson(p.at)),
    updatedAt: String(toJson(p.updatedAt ?? p.at)),
  };
}

/**
 * Notes on entities and relationships. Editors write (the access policy), viewers read; a note
 * is changed or deleted by its author only (the app has no admin role). Every write is logged
 * as a `note` change in the same transaction, so record-time diffs and histories show it.
 */
export class NotesService {
  constructor(private readonly db: Db) {}

  async create(user: SessionUser, target: string, text: string): Promise<Note> {
    return this.db.writeTx(async (tx) => {
      const found = await tx.run(this.db.queries.get('note-target'), { id: target });
      const targetType = found.records[0]?.get('targetType') as NoteTargetType | null;
      if (!targetType) throw notFound(`Entity or relationship ${target}`);
      const res = await tx.run(this.db.queries.get('note-create'), {
        id: `note:${randomUUID()}`,
        target,
        targetType,
        ends: found.records[0].get('ends') as string[],
        text,
        author: user.name,
      });
      const note = noteFromProperties(res.records[0].get('note') as Record<string, unknown>);
      await this.log(tx, user, note, null, note);
      return note;
    });
  }

  async get(id: string): Promise<Note> {
    const res = await this.db.read('note-by-id', { id });
    if (res.records.length === 0) throw notFound(`Note ${id}`);
    return noteFromProperties(res.records[0].get('note') as Record<string, unknown>);
  }

  async list(filter: { target?: string; author?: string; limit: number }): Promise<Note[]> {
    const res = await this.db.read('note-list', {
      target: filter.target ?? null,
      author: filter.author ?? null,
      limit: intParam(filter.limit),
    });
    return res.records.map((r) => noteFromProperties(r.get('note') as Record<string, unknown>));
  }

  async update(user: SessionUser, id: string, text: string): Promise<Note> {
    return this.db.writeTx(async (tx) => {
      const before = await this.mine(tx, user, id, 'edit');
      const res = await tx.run(this.db.queries.get('note-update'), { id, text });
      const note = noteFromProperties(res.records[0].get('note') as Record<string, unknown>);
      await this.log(tx, user, note, before, note);
      return note;
    });
  }

  async remove(user: SessionUser, id: string): Promise<Note> {
    return this.db.writeTx(async (tx) => {
      const before = await this.mine(tx, user, id, 'delete');
      await tx.run(this.db.queries.get('note-delete'), { id });
      await this.log(tx, user, before, before, null);
      return before;
    });
  }

  /** The note, when it exists and the user wrote it (read in the write's transaction). */
  private async mine(
    tx: ManagedTransaction,
    user: SessionUser,
    id: string,
    verb: string,
  ): Promise<Note> {
    const res = await tx.run(this.db.queries.get('note-by-id'), { id });
    if (res.records.length === 0) throw notFound(`Note ${id}`);
    const note = noteFromProperties(res.records[0].get('note') as Record<string, unknown>);
    if (note.author !== user.name) {
      throw new AppError(
        403,
        'NOT_NOTE_AUTHOR',
        `Only its author (${note.author}) may ${verb} this note`,
      );
    }
    return note;
  }

  private log(
    tx: ManagedTransaction,
    user: SessionUser,
    note: Note,
    before: Note | null,
    after: Note | null,
  ) {
    return appendChange(tx, {
      user: user.name,
      action: 'note',
      targetType: note.targetType,
      target: note.target,
      targets: [note.id],
      before: before ? { note: { ...before } } : null,
      after: after ? { note: { ...after } } : null,
    });
  }
}
