import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { Db } from '../db/db';
import { AppError, badRequest, notFound } from '../errors';
import { ENTITY_KINDS, RELATIONSHIP_TYPES } from '../families';
import { propertiesToJson, type JsonValue } from '../mapper';
import type {
  DecisionResult,
  DuplicateDecisionRecord,
  DuplicateDecisionValue,
  MergeResult,
  UnmergeResult,
} from '../model/duplicates';
import { nameKeys } from '../model/name-keys';
import { decodeProps, encodeProps, type EncodedProps } from '../ops/property-codec';
import { appendChange, changeFromProperties, type Change } from '../workspace/change-log';
import { VersionConflictError, versionOf } from '../workspace/versions';
import { pairKey } from './duplicates-service';

/** A node as a merge snapshots it: readable properties and their typed form for a restore. */
export interface EntitySnapshot {
  id: string;
  kind: string | null;
  labels: string[];
  properties: Record<string, JsonValue>;
  typed: EncodedProps;
}

export interface RelationshipSnapshot {
  id: string;
  type: string;
  from: string;
  to: string;
  properties: Record<string, JsonValue>;
  typed: EncodedProps;
}

/** What a merge change records in `before` and `after`: enough to undo it exactly. */
export interface MergeSnapshot {
  canonical: EntitySnapshot;
  merged: EntitySnapshot;
  relationships: RelationshipSnapshot[];
  decision: { properties: Record<string, JsonValue>; typed: EncodedProps } | null;
  [key: string]: unknown;
}

export interface DecisionInput {
  a: string;
  b: string;
  decision: DuplicateDecisionValue;
  user: string;
  /** Which of a and b keeps its id on "same"; default the one with more relationships, else a. */
  canonical?: string;
  /** Versions the analyst saw (`{id: version}`): a merge of an entity that moved on is a 409. */
  versions?: Record<string, number>;
  reason?: string;
}

interface NodeRow {
  id: string;
  labels: string[];
  properties: Record<string, unknown>;
  elementId: string;
  degree: number;
}

interface RelRow {
  elementId: string;
  id: string;
  type: string;
  from: string;
  to: string;
  start: string;
  end: string;
  properties: Record<string, unknown>;
}

/** Properties an entity never takes over from the one merged into it. */
const NOT_INHERITED = new Set([
  'id',
  'name',
  'description',
  'version',
  'nameKeys',
  'mergedFrom',
  'mergedInto',
  'mergedAt',
  'mergedBy',
  'retractedAt',
  'retractedBy',
]);
/** A merge chain longer than this is a loop (it cannot be made by merges). */
const MAX_CHAIN = 50;

const kindOf = (labels: readonly string[]): string | null =>
  labels.find((l) => (ENTITY_KINDS as readonly string[]).includes(l) && l !== 'Source') ?? null;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const unique = (xs: string[]) => [...new Set(xs)];

function snapshotNode(row: Pick<NodeRow, 'id' | 'labels' | 'properties'>): EntitySnapshot {
  return {
    id: row.id,
    kind: kindOf(row.labels),
    labels: [...row.labels].sort(),
    properties: propertiesToJson(row.properties),
    typed: encodeProps(row.properties),
  };
}

function snapshotRel(row: Omit<RelRow, 'start' | 'end' | 'elementId'>): RelationshipSnapshot {
  return {
    id: row.id,
    type: row.type,
    from: row.from,
    to: row.to,
    properties: propertiesToJson(row.properties),
    typed: encodeProps(row.properties),
  };
}

function conflict(code: string, message: string): AppError {
  return new AppError(409, code, message);
}

/**
 * Decisions on duplicate pairs, merges and unmerges (issue 12). A merge is one transaction: the
 * relationships move to the canonical entity with their ids and provenance, the other entity
 * becomes `:Merged` (its id still resolves), the decision is stored and one `merge` change
 * records both entities and every moved relationship before and after.
 */
export class MergeService {
  constructor(private readonly db: Db) {}

  private q(name: string): string {
    return this.db.queries.get(name);
  }

  async decide(input: DecisionInput): Promise<DecisionResult> {
    if (input.a === input.b) throw badRequest('b: a pair needs two different entities');
    if (input.canonical !== undefined && input.canonical !== input.a && input.canonical !== input.b)
      throw badRequest('canonical: must be a or b');
    return this.db.writeTx(async (tx) => {
      const a = await this.entity(tx, input.a);
      const b = await this.entity(tx, input.b);
      if (input.decision !== 'same') {
        return { decision: await this.saveDecision(tx, a.id, b.id, input.decision, input.user) };
      }
      return this.merge(tx, a, b, input);
    });
  }

  /** An entity a decision names: 404 when unknown, 409 when it was already merged. */
  private async entity(tx: ManagedTransaction, id: string): Promise<NodeRow> {
    const res = await tx.run(this.q('merge-entity'), { id });
    const rec = res.records[0];
    if (!rec) {
      const canonical = await this.resolveIn(tx, id);
      if (canonical)
        throw conflict('ALREADY_MERGED', `Entity ${id} was merged into ${canonical.id}`);
      throw notFound(`Entity ${id}`);
    }
    const row = rec.toObject() as unknown as NodeRow;
    if (row.labels.includes('Source')) {
      throw badRequest(`${id} is a source: sources are cited by id and are not merged`);
    }
    return { ...row, degree: Number(row.degree) };
  }

  private async saveDecision(
    tx: ManagedTransaction,
    x: string,
    y: string,
    decision: DuplicateDecisionValue,
    user: string,
  ): Promise<DuplicateDecisionRecord> {
    const [a, b] = x < y ? [x, y] : [y, x];
    const res = await tx.run(this.q('duplicate-decision-save'), {
      pair: pairKey(a, b),
      a,
      b,
      decision,
      user,
    });
    return res.records[0].toObject() as unknown as DuplicateDecisionRecord;
  }

  private async decisionSnapshot(
    tx: ManagedTransaction,
    pair: string,
  ): Promise<MergeSnapshot['decision']> {
    const res = await tx.run(this.q('duplicate-decision-get'), { pair });
    const props = res.records[0]?.get('decision') as Record<string, unknown> | undefined;
    return props ? { properties: propertiesToJson(props), typed: encodeProps(props) } : null;
  }

  private checkVersion(row: NodeRow, versions: Record<string, number> | undefined): void {
    const expected = versions?.[row.id];
    const current = versionOf(row.properties.version);
    if (expected !== undefined && expected !== current) {
      throw new VersionConflictError(
        'entity',
        { id: row.id, labels: row.labels, properties: propertiesToJson(row.properties) },
        current,
        expected,
      );
    }
  }

  private async relationshipsOf(tx: ManagedTransaction, id: string): Promise<RelRow[]> {
    const res = await tx.run(this.q('merge-relationships'), { id });
    const byElement = new Map<string, RelRow>();
    for (const r of res.records) {
      const row = r.toObject() as unknown as RelRow;
      byElement.set(row.elementId, row);
    }
    return [...byElement.values()];
  }

  /** Recreates relationships between new ends, type by type (a type cannot be a parameter). */
  private async moveRelationships(
    tx: ManagedTransaction,
    rows: Array<{
      type: string;
      old: string;
      start: string;
      end: string;
      properties: Record<string, unknown>;
    }>,
  ): Promise<void> {
    const byType = new Map<string, typeof rows>();
    for (const r of rows) {
      if (!(r.type in RELATIONSHIP_TYPES)) {
        throw conflict('UNKNOWN_RELATIONSHIP_TYPE', `A ${r.type} relationship cannot be moved`);
      }
      byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
    }
    for (const [type, list] of byType) {
      const res = await tx.run(this.db.queries.render('merge-move-relationships', { TYPE: type }), {
        rows: list.map(({ old, start, end, properties }) => ({ old, start, end, properties })),
      });
      if (Number(res.records[0].get('moved')) !== list.length) {
        throw conflict('MERGE_CHANGED', 'A relationship changed while it was being moved; retry');
      }
    }
  }

  private async nodeSnapshot(tx: ManagedTransaction, id: string): Promise<EntitySnapshot> {
    const res = await tx.run(this.q('merge-node'), { id });
    return snapshotNode(res.records[0].toObject() as unknown as NodeRow);
  }

  private async movedSnapshots(
    tx: ManagedTransaction,
    canonical: string,
    ids: string[],
  ): Promise<Array<RelationshipSnapshot & { elementId: string; version: number }>> {
    const res = await tx.run(this.q('merge-moved-relationships'), { canonical, ids });
    return res.records.map((r) => {
      const row = r.toObject() as unknown as RelRow;
      return {
        ...snapshotRel(row),
        elementId: row.elementId,
        version: versionOf(row.properties.version),
      };
    });
  }

  private async merge(
    tx: ManagedTransaction,
    a: NodeRow,
    b: NodeRow,
    input: DecisionInput,
  ): Promise<DecisionResult> {
    this.checkVersion(a, input.versions);
    this.checkVersion(b, input.versions);
    const [c, m] =
      input.canonical === b.id || (input.canonical === undefined && b.degree > a.degree)
        ? [b, a]
        : [a, b];
    const mKind = kindOf(m.labels);
    if (!mKind) throw badRequest(`${m.id} has no entity kind and cannot be merged`);
    const pair = pairKey(c.id, m.id);
    const rels = await this.relationshipsOf(tx, m.id);
    const before: MergeSnapshot = {
      canonical: snapshotNode(c),
      merged: snapshotNode(m),
      relationships: rels.map(snapshotRel),
      decision: await this.decisionSnapshot(tx, pair),
    };

    // Relationships move with their id and provenance; `movedFrom` says from where.
    await this.moveRelationships(
      tx,
      rels.map((r) => ({
        type: r.type,
        old: r.elementId,
        start: r.start === m.elementId ? c.elementId : r.start,
        end: r.end === m.elementId ? c.elementId : r.end,
        properties: {
          ...r.properties,
          movedFrom: m.id,
          version: neo4j.int(versionOf(r.properties.version) + 1),
        },
      })),
    );

    // The canonical entity answers to the other's names, identifiers and datasets too.
    const cp = c.properties;
    const mp = m.properties;
    const name = typeof cp.name === 'string' ? cp.name : c.id;
    const aliases = unique([
      ...strings(cp.aliases),
      ...(typeof mp.name === 'string' ? [mp.name] : []),
      ...strings(mp.aliases),
    ]).filter((x) => x !== name);
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(mp)) if (!NOT_INHERITED.has(k)) props[k] = v;
    const version = versionOf(cp.version) + 1;
    Object.assign(props, cp, {
      aliases,
      identifiers: unique([...strings(cp.identifiers), ...strings(mp.identifiers)]),
      datasets: unique([...strings(cp.datasets), ...strings(mp.datasets)]),
      mergedFrom: unique([...strings(cp.mergedFrom), m.id, ...strings(mp.mergedFrom)]),
      nameKeys: nameKeys(name, aliases),
      version: neo4j.int(version),
    });
    if (strings(props.datasets).length === 0) delete props.datasets;
    if (strings(props.identifiers).length === 0) delete props.identifiers;
    await tx.run(this.q('merge-set-entity'), { id: c.id, properties: props });
    await tx.run(this.db.queries.render('merge-retire-entity', { KIND: mKind }), {
      id: m.id,
      properties: {
        ...mp,
        mergedInto: c.id,
        mergedBy: input.user,
        version: neo4j.int(versionOf(mp.version) + 1),
      },
    });
    const decision = await this.saveDecision(tx, c.id, m.id, 'same', input.user);

    const moved = await this.movedSnapshots(
      tx,
      c.id,
      rels.map((r) => r.id),
    );
    const after: MergeSnapshot = {
      canonical: await this.nodeSnapshot(tx, c.id),
      merged: await this.nodeSnapshot(tx, m.id),
      relationships: moved.map(({ elementId: _e, version: _v, ...snap }) => snap),
      decision: await this.decisionSnapshot(tx, pair),
    };
    const change = await appendChange(tx, {
      user: input.user,
      action: 'merge',
      targetType: 'entity',
      target: c.id,
      targets: [m.id, ...rels.map((r) => r.id)],
      before,
      after,
      version,
      evidence: `duplicates: ${m.id} is the same as ${c.id}`,
      reason: input.reason ?? null,
    });
    const merge: MergeResult = {
      canonical: c.id,
      merged: m.id,
      moved: rels.map((r) => r.id).sort(),
      change: change.id,
      version,
    };
    return { decision, merge };
  }

  /** Undoes a merge, named by its two entities or by its change. */
  async unmerge(
    input: { canonical: string; merged: string } | { change: string },
    user: string,
    reason?: string,
  ): Promise<UnmergeResult> {
    return this.db.writeTx(async (tx) => (await this.unmergeIn(tx, input, user, reason)).result);
  }

  /**
   * The unmerge inside a caller's transaction: the revert of a merge change
   * (`POST /api/changes/:id/revert`) calls this with `{change}`.
   */
  async unmergeIn(
    tx: ManagedTransaction,
    input: { canonical: string; merged: string } | { change: string },
    user: string,
    reason?: string,
  ): Promise<{ result: UnmergeResult; change: Change }> {
    const mergeChange = await this.findMerge(tx, input);
    const before = mergeChange.before as MergeSnapshot | null;
    const after = mergeChange.after as MergeSnapshot | null;
    if (!before?.canonical || !before.merged || !after?.canonical) {
      throw conflict('NOT_A_MERGE', `Change ${mergeChange.id} holds no merge snapshot`);
    }
    const cId = before.canonical.id;
    const mId = before.merged.id;

    // Everything the merge wrote must be as it left it: an edit since would be lost.
    const cRes = await tx.run(this.q('merge-entity'), { id: cId });
    const cRow = cRes.records[0]?.toObject() as unknown as NodeRow | undefined;
    if (!cRow) {
      const further = await this.resolveIn(tx, cId);
      throw conflict(
        'MERGE_CHANGED',
        further
          ? `${cId} was merged into ${further.id} since; unmerge that first`
          : `${cId} is no longer in the graph`,
      );
    }
    const cVersion = versionOf(cRow.properties.version);
    if (!sameContent(encodeProps(cRow.properties), after.canonical.typed)) {
      throw conflict(
        'MERGE_CHANGED',
        `${cId} was edited since the merge (now version ${cVersion}); revert that edit first`,
      );
    }
    const mNow = await tx.run(this.q('merge-node'), { id: mId });
    const mRow = mNow.records[0]?.toObject() as unknown as NodeRow | undefined;
    if (!mRow || !mRow.labels.includes('Merged') || mRow.properties.mergedInto !== cId) {
      throw conflict(
        'MERGE_CHANGED',
        `${mId} is no longer merged into ${cId} (an entity with that id exists again, or it was restored)`,
      );
    }
    const relIds = before.relationships.map((r) => r.id);
    const current = await this.movedSnapshots(tx, cId, relIds);
    const currentById = new Map(current.map((r) => [r.id, r]));
    for (const r of after.relationships) {
      const now = currentById.get(r.id);
      if (!now) throw conflict('MERGE_CHANGED', `Relationship ${r.id} is no longer on ${cId}`);
      if (!sameContent(now.typed, r.typed) || now.from !== r.from || now.to !== r.to) {
        throw conflict(
          'MERGE_CHANGED',
          `Relationship ${r.id} was edited since the merge (now version ${now.version}); revert that edit first`,
        );
      }
    }

    const restoredFrom: MergeSnapshot = {
      canonical: snapshotNode(cRow),
      merged: snapshotNode(mRow),
      relationships: current.map(({ elementId: _e, version: _v, ...snap }) => snap),
      decision: await this.decisionSnapshot(tx, pairKey(cId, mId)),
    };

    // The merged entity first (its relationships need their end back), then the relationships,
    // then the canonical entity's own properties; versions move forward, never back.
    const mKind = before.merged.kind;
    if (!mKind || !(ENTITY_KINDS as readonly string[]).includes(mKind)) {
      throw conflict('NOT_A_MERGE', `Change ${mergeChange.id}: unknown kind ${String(mKind)}`);
    }
    await tx.run(this.db.queries.render('unmerge-restore-entity', { KIND: mKind }), {
      id: mId,
      properties: {
        ...decodeProps(before.merged.typed),
        version: neo4j.int(versionOf(mRow.properties.version) + 1),
      },
    });
    const ends = await tx.run(this.q('unmerge-endpoints'), {
      ids: unique(before.relationships.flatMap((r) => [r.from, r.to])),
    });
    const element = new Map(
      ends.records.map((r) => [r.get('id') as string, r.get('elementId') as string]),
    );
    await this.moveRelationships(
      tx,
      before.relationships.map((r) => {
        const now = currentById.get(r.id)!;
        const start = element.get(r.from);
        const end = element.get(r.to);
        if (!start || !end) {
          throw conflict(
            'MERGE_CHANGED',
            `An end of relationship ${r.id} is no longer in the graph`,
          );
        }
        return {
          type: r.type,
          old: now.elementId,
          start,
          end,
          properties: { ...decodeProps(r.typed), version: neo4j.int(now.version + 1) },
        };
      }),
    );
    const version = cVersion + 1;
    await tx.run(this.q('merge-set-entity'), {
      id: cId,
      properties: { ...decodeProps(before.canonical.typed), version: neo4j.int(version) },
    });
    await tx.run(this.q('duplicate-decision-restore'), {
      pair: pairKey(cId, mId),
      properties: before.decision ? decodeProps(before.decision.typed) : null,
    });

    const restored: MergeSnapshot = {
      canonical: await this.nodeSnapshot(tx, cId),
      merged: await this.nodeSnapshot(tx, mId),
      relationships: (await this.movedSnapshotsAnywhere(tx, cId, mId, relIds)).map(
        ({ elementId: _e, version: _v, ...snap }) => snap,
      ),
      decision: await this.decisionSnapshot(tx, pairKey(cId, mId)),
    };
    const change = await appendChange(tx, {
      user,
      action: 'unmerge',
      targetType: 'entity',
      target: cId,
      targets: [mId, ...relIds],
      before: restoredFrom,
      after: restored,
      version,
      evidence: `unmerge of ${mergeChange.id}`,
      reason: reason ?? null,
      revertOf: mergeChange.id,
    });
    const result: UnmergeResult = {
      canonical: cId,
      merged: mId,
      restored: [...relIds].sort(),
      change: change.id,
      revertOf: mergeChange.id,
    };
    return { result, change };
  }

  /** After an unmerge the relationships are on either entity again. */
  private async movedSnapshotsAnywhere(
    tx: ManagedTransaction,
    cId: string,
    mId: string,
    ids: string[],
  ) {
    const onC = await this.movedSnapshots(tx, cId, ids);
    const onM = await this.movedSnapshots(tx, mId, ids);
    const byId = new Map([...onC, ...onM].map((r) => [r.id, r]));
    return [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : 1));
  }

  private async findMerge(
    tx: ManagedTransaction,
    input: { canonical: string; merged: string } | { change: string },
  ): Promise<Change> {
    if ('change' in input) {
      const res = await tx.run(this.q('change-by-id'), { id: input.change });
      const props = res.records[0]?.get('change') as Record<string, unknown> | undefined;
      if (!props) throw notFound(`Change ${input.change}`);
      const change = changeFromProperties(props);
      if (change.action !== 'merge') {
        throw badRequest(`Change ${input.change} is a ${change.action}, not a merge`);
      }
      const undone = await tx.run(this.q('merge-change-undone'), { id: change.id });
      if (undone.records.length > 0) {
        throw conflict(
          'ALREADY_UNDONE',
          `Change ${change.id} was already undone by ${undone.records[0].get('id') as string}`,
        );
      }
      return change;
    }
    const res = await tx.run(this.q('merge-change-open'), input);
    const props = res.records[0]?.get('change') as Record<string, unknown> | undefined;
    if (!props) {
      throw notFound(`A merge of ${input.merged} into ${input.canonical} that is not undone`);
    }
    return changeFromProperties(props);
  }

  /** The entity an id answers as: itself, or the end of its `mergedInto` chain. */
  async resolve(id: string): Promise<{ id: string; mergedFrom: string[] } | null> {
    return this.db.readTx((tx) => this.resolveIn(tx, id));
  }

  private async resolveIn(
    tx: ManagedTransaction,
    id: string,
  ): Promise<{ id: string; mergedFrom: string[] } | null> {
    let current = id;
    for (let i = 0; i < MAX_CHAIN; i++) {
      const res = await tx.run(this.q('merged-resolve'), { id: current });
      const rec = res.records[0];
      if (rec.get('entity') === true) {
        return { id: current, mergedFrom: strings(rec.get('mergedFrom')) };
      }
      const next = rec.get('mergedInto') as string | null;
      if (!next) return null;
      current = next;
    }
    return null;
  }
}

/**
 * Whether an element is as a merge left it. Versions aside: a later merge undone in turn moves
 * them on without changing anything else, and must not block undoing the earlier one.
 */
function sameContent(now: EncodedProps, then: EncodedProps): boolean {
  const canon = (p: EncodedProps) =>
    JSON.stringify(
      Object.keys(p)
        .filter((k) => k !== 'version')
        .sort()
        .map((k) => [k, p[k]]),
    );
  return canon(now) === canon(then);
}
