import neo4j from 'neo4j-driver';
import type { Db } from '../db/db';
import { AppError, notFound } from '../errors';
import type { Change, ChangeTargetType } from '../model/changes';
import { appendChange, changeFromProperties } from '../workspace/change-log';
import type {
  ElementsSnapshot,
  EntitySnapshot,
  RelationshipSnapshot,
} from '../workspace/snapshots';
import { VersionConflictError } from '../workspace/versions';
import { EditService, entityJson, relationshipJson } from './edit-service';

export interface ChangeQuery {
  /** An entity or relationship id: changes that target or touched it. */
  element?: string;
  targetType?: ChangeTargetType;
  user?: string;
  action?: string;
  /** ISO date or date-time; `until` exclusive. */
  since?: string;
  until?: string;
  limit: number;
  offset: number;
}

export interface ChangePage {
  changes: Change[];
  /** Offset of the next page, null on the last one. */
  next: number | null;
}

/** Actions a revert can undo by restoring the snapshots it holds. */
const REVERTIBLE = new Set(['create', 'update', 'retract', 'revert']);

/** `2025-07-01` reads as the start of that day (UTC). */
function instant(s: string | undefined): string | null {
  if (s === undefined) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s;
}

/** The change log: listed newest first, and one change undone as a new change. */
export class ChangeService {
  private readonly edits: EditService;

  constructor(private readonly db: Db) {
    this.edits = new EditService(db);
  }

  async list(q: ChangeQuery): Promise<ChangePage> {
    const result = await this.db.read('change-list', {
      element: q.element ?? null,
      targetType: q.targetType ?? null,
      user: q.user ?? null,
      action: q.action ?? null,
      since: instant(q.since),
      until: instant(q.until),
      offset: neo4j.int(q.offset),
      limit: neo4j.int(q.limit + 1),
    });
    const changes = result.records.map((r) =>
      changeFromProperties(r.get('change') as Record<string, unknown>),
    );
    const more = changes.length > q.limit;
    return { changes: changes.slice(0, q.limit), next: more ? q.offset + q.limit : null };
  }

  async get(id: string): Promise<Change> {
    const result = await this.db.read('change-by-id', { id });
    if (result.records.length === 0) throw notFound(`Change ${id}`);
    return changeFromProperties(result.records[0].get('change') as Record<string, unknown>);
  }

  /**
   * Undoes one change as a new `revert` change: every element the change wrote goes back to its
   * snapshot before it (an element the change created is retracted). Refused with 409 when any of
   * them moved on since (its version is no longer the one the change left).
   */
  async revert(id: string, user: string, reason?: string): Promise<Change> {
    return this.db.writeTx(async (tx) => {
      const found = await tx.run(this.db.queries.get('change-by-id'), { id });
      if (found.records.length === 0) throw notFound(`Change ${id}`);
      const change = changeFromProperties(
        found.records[0].get('change') as Record<string, unknown>,
      );
      if (!REVERTIBLE.has(change.action)) {
        throw new AppError(
          422,
          'NOT_REVERTIBLE',
          `A ${change.action} change is not undone by revert${change.action === 'merge' ? ' (unmerge it)' : ''}`,
        );
      }
      const after = (change.after ?? {}) as ElementsSnapshot;
      const before = (change.before ?? {}) as ElementsSnapshot;
      const entityBefore = before.entity;
      const relsBefore = new Map(
        [before.relationship, ...(before.relationships ?? [])]
          .filter((r): r is RelationshipSnapshot => r !== undefined)
          .map((r) => [r.id, r]),
      );

      const out: ElementsSnapshot = {};
      const was: ElementsSnapshot = {};
      const relIds: string[] = [];
      // Relationships first: an entity restore then sees its relationships already back.
      const relsAfter = [after.relationship, ...(after.relationships ?? [])].filter(
        (r): r is RelationshipSnapshot => r !== undefined,
      );
      const restoredRels: RelationshipSnapshot[] = [];
      const currentRels: RelationshipSnapshot[] = [];
      for (const snap of relsAfter) {
        const locked = await this.edits.lockRelationship(tx, snap.id);
        this.checkMovedOn(
          'relationship',
          locked.snapshot,
          snap.version,
          relationshipJson(locked.snapshot),
        );
        const prior = relsBefore.get(snap.id);
        const next = locked.snapshot.version + 1;
        const props = prior
          ? EditService.restoredProps(prior, next)
          : { ...locked.raw, version: neo4j.int(next) };
        const [written] = await this.edits.writeRelationships(
          tx,
          [{ elementId: locked.elementId, type: snap.type, from: snap.from, to: snap.to, props }],
          user,
          prior === undefined,
        );
        currentRels.push(locked.snapshot);
        restoredRels.push(written);
        relIds.push(snap.id);
      }
      if (after.relationship) {
        out.relationship = restoredRels[0];
        was.relationship = currentRels[0];
      }
      const extra = after.relationship ? 1 : 0;
      if (restoredRels.length > extra) {
        out.relationships = restoredRels.slice(extra);
        was.relationships = currentRels.slice(extra);
      }

      let version: number | null = restoredRels[0]?.version ?? null;
      if (after.entity) {
        const snap: EntitySnapshot = after.entity;
        const locked = await this.edits.lockEntity(tx, snap.id);
        this.checkMovedOn('entity', locked.snapshot, snap.version, entityJson(locked.snapshot));
        const next = locked.snapshot.version + 1;
        const props = entityBefore
          ? EditService.restoredProps(entityBefore, next)
          : { ...locked.raw, version: neo4j.int(next) };
        out.entity = await this.edits.writeEntity(tx, snap.id, props, user, !entityBefore);
        was.entity = locked.snapshot;
        version = out.entity.version;
      }
      if (!out.entity && !out.relationship) {
        throw new AppError(422, 'NOT_REVERTIBLE', `Change ${id} holds nothing to restore`);
      }
      return appendChange(tx, {
        user,
        action: 'revert',
        targetType: change.targetType,
        target: change.target,
        targets: [...new Set([...change.targets, ...relIds])].filter((t) => t !== change.target),
        before: was,
        after: out,
        version,
        source: change.source,
        evidence: `Revert of ${change.id} (${change.action} by ${change.user} at ${change.at})`,
        confidence: change.confidence,
        reason: reason ?? null,
        revertOf: change.id,
      });
    });
  }

  private checkMovedOn(
    kind: 'entity' | 'relationship',
    current: EntitySnapshot | RelationshipSnapshot,
    leftAt: number,
    json: unknown,
  ): void {
    if (current.version !== leftAt) {
      throw new VersionConflictError(
        kind,
        json,
        current.version,
        leftAt,
        false,
        `The ${kind} ${current.id} changed since this change (it left version ${leftAt}, it is at ${current.version}); revert the later changes first, or edit it`,
      );
    }
  }
}
