import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { Db } from '../db/db';
import { AppError, notFound } from '../errors';
import { familyOf } from '../families';
import type { GraphEdge, GraphNode, JsonValue } from '../mapper';
import type { Change, ChangeInput, ChangeSnapshot } from '../model/changes';
import type { EntityKind, RelationshipType } from '../model/families';
import { nameKeys, nameKeysOf } from '../model/name-keys';
import { STAKE_TYPES } from '../model/records';
import { appendChange } from '../workspace/change-log';
import { entityIdBase, firstFreeId, nameSlug } from '../workspace/ids';
import {
  entitySnapshot,
  relationshipSnapshot,
  typedProperties,
  type EntitySnapshot,
  type RelationshipSnapshot,
} from '../workspace/snapshots';
import { VersionConflictError } from '../workspace/versions';

/** A property value an analyst may set: what the loader writes (lists are lists of strings). */
export type EditValue = string | number | boolean | string[];

/** `source`: an existing Source id, or a new source to record. */
export type SourceRef = string | { title: string; url?: string; date?: string };

/** Who writes and on what authority: every write names it (docs/workspace.md). */
export interface Provenance {
  user: string;
  source: SourceRef;
  evidence: string;
  confidence: number;
  reason?: string;
}

export interface EntityCreate {
  kind: EntityKind;
  name: string;
  aliases?: string[];
  description?: string;
  identifiers?: string[];
  properties?: Record<string, EditValue>;
}

export interface EntityPatch {
  name?: string;
  aliases?: string[];
  description?: string;
  identifiers?: string[];
  /** Extra facts to set; null removes one. */
  properties?: Record<string, EditValue | null>;
}

/** Stake fields: `stake` (exact) or `stakeMin`/`stakeMax` (an interval), as the model has them. */
export interface StakeFields {
  stake?: number | null;
  stakeMin?: number | null;
  stakeMax?: number | null;
  stakeMinExclusive?: boolean | null;
  stakeMaxExclusive?: boolean | null;
}

export interface RelationshipFields extends StakeFields {
  since?: string | null;
  until?: string | null;
  role?: string | null;
  interestType?: string | null;
  amountUsd?: number | null;
}

export interface RelationshipCreate extends RelationshipFields {
  type: RelationshipType;
  from: string;
  to: string;
}

export type RelationshipPatch = RelationshipFields;

export interface EntityAnswer {
  entity: GraphNode;
  version: number;
}

export interface RelationshipView extends GraphEdge {
  from: string;
  to: string;
}

export interface RelationshipAnswer {
  relationship: RelationshipView;
  version: number;
}

/** Keys the API sets itself: `properties` may not name them. */
export const RESERVED_KEYS = new Set([
  'id',
  'name',
  'aliases',
  'description',
  'identifiers',
  'version',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'retractedAt',
  'retractedBy',
  'datasets',
  'dataset',
  'mergedFrom',
  'mergedInto',
]);

/** Whole numbers of these stay floats (a stake of 1 is 1.0), as the loader keeps them. */
const RATIO_KEYS = new Set(['stake', 'stakeMin', 'stakeMax', 'confidence']);

export function entityJson(s: EntitySnapshot): GraphNode {
  return { id: s.id, labels: s.labels, properties: s.properties };
}

export function relationshipJson(s: RelationshipSnapshot): RelationshipView {
  return {
    id: s.id,
    type: s.type,
    family: familyOf(s.type) ?? null,
    source: s.from,
    target: s.to,
    from: s.from,
    to: s.to,
    properties: s.properties,
  };
}

function isRetracted(s: { properties: Record<string, JsonValue> }): boolean {
  return s.properties.retractedAt !== undefined && s.properties.retractedAt !== null;
}

/** Whether an element retracted at `retractedAt` (ISO) is still shown as of the day `at`. */
export function visibleAsOf(retractedAt: JsonValue | undefined, at?: string): boolean {
  if (retractedAt === undefined || retractedAt === null) return true;
  return at !== undefined && String(retractedAt).slice(0, 10) > at;
}

function retractedError(
  kind: 'entity' | 'relationship',
  id: string,
  s: EntitySnapshot | RelationshipSnapshot,
) {
  return new AppError(
    410,
    kind === 'entity' ? 'ENTITY_RETRACTED' : 'RELATIONSHIP_RETRACTED',
    `The ${kind} ${id} was retracted on ${String(s.properties.retractedAt)} by ${String(s.properties.retractedBy)}; revert that change to restore it, or read it with ?at= a day before`,
  );
}

function neoDate(iso: string) {
  const [y, m, d] = iso.split('-').map(Number);
  return new neo4j.types.Date(y, m, d);
}

/** A value as the driver should send it: whole numbers as Integers except ratios, dates as Date. */
function toNeo(key: string, value: EditValue): unknown {
  if (typeof value === 'number' && Number.isInteger(value) && !RATIO_KEYS.has(key)) {
    return neo4j.int(value);
  }
  if (key === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return neoDate(value);
  }
  return value;
}

/** The stake bounds the model wants from what the writer gave (MODEL-CONTRACT: min/max always). */
function stakeProps(type: string, f: StakeFields): Record<string, unknown> {
  if (f.stake !== undefined && f.stake !== null) {
    return {
      stake: f.stake,
      stakeMin: f.stake,
      stakeMax: f.stake,
      stakeMinExclusive: null,
      stakeMaxExclusive: null,
    };
  }
  const min = f.stakeMin ?? null;
  const max = f.stakeMax ?? null;
  if (min === null && max === null) {
    // Unknown: [0, 1] on the types that always carry bounds, nothing elsewhere.
    const bounded = STAKE_TYPES.has(type as RelationshipType);
    return {
      stake: null,
      stakeMin: bounded ? 0 : null,
      stakeMax: bounded ? 1 : null,
      stakeMinExclusive: null,
      stakeMaxExclusive: null,
    };
  }
  const lo = min ?? 0;
  const hi = max ?? 1;
  const exact = lo === hi && !f.stakeMinExclusive && !f.stakeMaxExclusive;
  return {
    stake: exact ? lo : null,
    stakeMin: lo,
    stakeMax: hi,
    stakeMinExclusive: f.stakeMinExclusive ? true : null,
    stakeMaxExclusive: f.stakeMaxExclusive ? true : null,
  };
}

const hasStake = (f: StakeFields) =>
  ['stake', 'stakeMin', 'stakeMax', 'stakeMinExclusive', 'stakeMaxExclusive'].some(
    (k) => (f as Record<string, unknown>)[k] !== undefined,
  );

/** Drops nulls (a null property is no property in Neo4j). */
function compact(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null && v !== undefined));
}

interface LockedEntity {
  snapshot: EntitySnapshot;
  raw: Record<string, unknown>;
}

interface LockedRelationship {
  elementId: string;
  snapshot: RelationshipSnapshot;
  raw: Record<string, unknown>;
}

/** Appends a write's change: its provenance, and a Source the write created listed with it. */
function logWrite(
  tx: ManagedTransaction,
  prov: Provenance,
  source: { id: string; created?: EntitySnapshot },
  c: Pick<ChangeInput, 'action' | 'targetType' | 'target' | 'before' | 'version'> & {
    targets: string[];
    after: ChangeSnapshot;
  },
): Promise<Change> {
  return appendChange(tx, {
    ...c,
    user: prov.user,
    targets: [...c.targets, ...(source.created ? [source.created.id] : [])],
    after: { ...c.after, ...(source.created ? { source: source.created } : {}) },
    source: source.id,
    evidence: prov.evidence,
    confidence: prov.confidence,
    reason: prov.reason,
  });
}

/** The editing API's writes: each one transaction holding the graph write and its Change. */
export class EditService {
  constructor(private readonly db: Db) {}

  private q(name: string): string {
    return this.db.queries.get(name);
  }

  // ---- reads -------------------------------------------------------------------------------

  async relationship(id: string, at?: string): Promise<RelationshipAnswer> {
    const found = await this.db.read('relationship-by-id', { id });
    if (found.records.length === 0) throw notFound(`Relationship ${id}`);
    const rec = found.records[0];
    const snap = relationshipSnapshot(
      rec.get('type') as string,
      rec.get('from') as string,
      rec.get('to') as string,
      rec.get('properties') as Record<string, unknown>,
    );
    if (!visibleAsOf(snap.properties.retractedAt, at))
      throw retractedError('relationship', id, snap);
    return { relationship: relationshipJson(snap), version: snap.version };
  }

  // ---- locking reads inside a write --------------------------------------------------------

  async lockEntity(tx: ManagedTransaction, id: string, withRelationships = false) {
    const locked = await tx.run(this.q('edit-entity-lock'), { id, withRelationships });
    if (locked.records.length === 0) throw notFound(`Entity ${id}`);
    const state = await tx.run(this.q('edit-entity-state'), { id });
    const rec = state.records[0];
    const raw = rec.get('properties') as Record<string, unknown>;
    return { snapshot: entitySnapshot(rec.get('labels') as string[], raw), raw } as LockedEntity;
  }

  async lockRelationship(tx: ManagedTransaction, id: string): Promise<LockedRelationship> {
    const locked = await tx.run(this.q('edit-relationship-lock'), { id });
    if (locked.records.length === 0) throw notFound(`Relationship ${id}`);
    const elementId = locked.records[0].get('elementId') as string;
    const state = await tx.run(this.q('edit-relationship-state'), { elementId });
    const rec = state.records[0];
    const raw = rec.get('properties') as Record<string, unknown>;
    const snapshot = relationshipSnapshot(
      rec.get('type') as string,
      rec.get('from') as string,
      rec.get('to') as string,
      raw,
    );
    return { elementId, snapshot, raw };
  }

  /** 409 unless the element is at the version the writer read; 410 when it was retracted. */
  private checkEntity(locked: LockedEntity, expected: number): void {
    const s = locked.snapshot;
    if (s.version !== expected) {
      throw new VersionConflictError('entity', entityJson(s), s.version, expected, isRetracted(s));
    }
    if (isRetracted(s)) throw retractedError('entity', s.id, s);
  }

  private checkRelationship(locked: LockedRelationship, expected: number): void {
    const s = locked.snapshot;
    if (s.version !== expected) {
      throw new VersionConflictError(
        'relationship',
        relationshipJson(s),
        s.version,
        expected,
        isRetracted(s),
      );
    }
    if (isRetracted(s)) throw retractedError('relationship', s.id, s);
  }

  // ---- writes of one element ---------------------------------------------------------------

  async writeEntity(
    tx: ManagedTransaction,
    id: string,
    props: Record<string, unknown>,
    user: string,
    retract = false,
  ): Promise<EntitySnapshot> {
    const out = await tx.run(this.q('edit-entity-write'), { id, props, user, retract });
    const rec = out.records[0];
    return entitySnapshot(
      rec.get('labels') as string[],
      rec.get('properties') as Record<string, unknown>,
    );
  }

  async writeRelationships(
    tx: ManagedTransaction,
    rows: Array<{
      elementId: string;
      type: string;
      from: string;
      to: string;
      props: Record<string, unknown>;
    }>,
    user: string,
    retract = false,
  ): Promise<RelationshipSnapshot[]> {
    if (rows.length === 0) return [];
    const out = await tx.run(this.q('edit-relationship-write'), {
      rows: rows.map((r) => ({ elementId: r.elementId, props: r.props })),
      user,
      retract,
    });
    const byElement = new Map(rows.map((r) => [r.elementId, r]));
    return out.records.map((rec) => {
      const row = byElement.get(rec.get('elementId') as string)!;
      return relationshipSnapshot(
        row.type,
        row.from,
        row.to,
        rec.get('properties') as Record<string, unknown>,
      );
    });
  }

  /** The Source id a write names; a new `{title,url,date}` source is created (or found by url). */
  private async resolveSource(
    tx: ManagedTransaction,
    ref: SourceRef,
    user: string,
  ): Promise<{ id: string; created?: EntitySnapshot }> {
    if (typeof ref === 'string') {
      const found = await tx.run(this.q('edit-source-find'), { id: ref, url: null });
      const rec = found.records[0];
      if (!rec || rec.get('id') === null) {
        throw new AppError(400, 'UNKNOWN_SOURCE', `source: no Source entity ${ref}`);
      }
      if (rec.get('retracted') === true) {
        throw new AppError(400, 'UNKNOWN_SOURCE', `source: the Source ${ref} was retracted`);
      }
      return { id: ref };
    }
    const url = ref.url ?? null;
    if (url !== null) {
      const byUrl = await tx.run(this.q('edit-source-find'), { id: null, url });
      const existing = byUrl.records[0]?.get('urlId') as string | null | undefined;
      if (existing) return { id: existing };
    }
    const base = `source:${nameSlug(ref.title)}`;
    const taken = await tx.run(this.q('edit-entity-ids-taken'), { base });
    const id = firstFreeId(base, new Set(taken.records.map((r) => r.get('id') as string)));
    const created = await tx.run(this.q('edit-source-create'), {
      id,
      title: ref.title,
      url,
      date: ref.date ?? null,
      description: `Recorded by ${user} as the source of an edit.`,
      user,
    });
    const rec = created.records[0];
    return {
      id,
      created: entitySnapshot(
        rec.get('labels') as string[],
        rec.get('properties') as Record<string, unknown>,
      ),
    };
  }

  // ---- entities ------------------------------------------------------------------------------

  async createEntity(
    input: EntityCreate,
    prov: Provenance,
  ): Promise<EntityAnswer & { change: Change }> {
    // Two writers racing for one slug: the unique constraint refuses the second, which retries.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.writeTx((tx) => this.createEntityTx(tx, input, prov));
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'ID_TAKEN') || attempt >= 4) throw err;
      }
    }
  }

  private async createEntityTx(tx: ManagedTransaction, input: EntityCreate, prov: Provenance) {
    const source = await this.resolveSource(tx, prov.source, prov.user);
    const base = entityIdBase(input.kind, input.name);
    const taken = await tx.run(this.q('edit-entity-ids-taken'), { base });
    const id = firstFreeId(base, new Set(taken.records.map((r) => r.get('id') as string)));
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input.properties ?? {})) props[k] = toNeo(k, v);
    Object.assign(props, {
      id,
      name: input.name,
      aliases: input.aliases ?? [],
      nameKeys: nameKeys(input.name, input.aliases ?? []),
      description: input.description ?? '',
      ...(input.identifiers?.length ? { identifiers: input.identifiers } : {}),
    });
    let rec;
    try {
      const out = await tx.run(this.db.queries.render('edit-entity-create', { KIND: input.kind }), {
        props,
        user: prov.user,
      });
      rec = out.records[0];
    } catch (err) {
      if ((err as { code?: string }).code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
        throw new AppError(409, 'ID_TAKEN', `The id ${id} was taken meanwhile`);
      }
      throw err;
    }
    const snap = entitySnapshot(
      rec.get('labels') as string[],
      rec.get('properties') as Record<string, unknown>,
    );
    const change = await logWrite(tx, prov, source, {
      action: 'create',
      targetType: 'entity',
      target: id,
      targets: [],
      before: null,
      after: { entity: snap },
      version: snap.version,
    });
    return { entity: entityJson(snap), version: snap.version, change };
  }

  async updateEntity(
    id: string,
    expected: number,
    patch: EntityPatch,
    prov: Provenance,
  ): Promise<EntityAnswer & { change: Change }> {
    return this.db.writeTx(async (tx) => {
      const locked = await this.lockEntity(tx, id);
      this.checkEntity(locked, expected);
      const source = await this.resolveSource(tx, prov.source, prov.user);
      const props: Record<string, unknown> = { ...locked.raw };
      for (const [k, v] of Object.entries(patch.properties ?? {})) {
        if (v === null) delete props[k];
        else props[k] = toNeo(k, v);
      }
      if (patch.name !== undefined) props.name = patch.name;
      if (patch.aliases !== undefined) props.aliases = patch.aliases;
      // Duplicate detection's blocking keys follow the name and aliases (server/model/name-keys.ts).
      props.nameKeys = nameKeysOf(props);
      if (patch.description !== undefined) props.description = patch.description;
      if (patch.identifiers !== undefined) {
        if (patch.identifiers.length) props.identifiers = patch.identifiers;
        else delete props.identifiers;
      }
      props.version = neo4j.int(expected + 1);
      const snap = await this.writeEntity(tx, id, props, prov.user);
      const change = await logWrite(tx, prov, source, {
        action: 'update',
        targetType: 'entity',
        target: id,
        targets: [],
        before: { entity: locked.snapshot },
        after: { entity: snap },
        version: snap.version,
      });
      return { entity: entityJson(snap), version: snap.version, change };
    });
  }

  /** Retraction: the entity and its live relationships are marked, in one change; nothing deleted. */
  async retractEntity(
    id: string,
    expected: number,
    prov: Provenance,
  ): Promise<EntityAnswer & { change: Change; relationships: string[] }> {
    return this.db.writeTx(async (tx) => {
      const locked = await this.lockEntity(tx, id, true);
      this.checkEntity(locked, expected);
      const source = await this.resolveSource(tx, prov.source, prov.user);
      const rels = await tx.run(this.q('edit-entity-relationships'), { id });
      const relRows = rels.records.map((rec) => {
        const raw = rec.get('properties') as Record<string, unknown>;
        const type = rec.get('type') as string;
        const from = rec.get('from') as string;
        const to = rec.get('to') as string;
        const before = relationshipSnapshot(type, from, to, raw);
        return {
          elementId: rec.get('elementId') as string,
          type,
          from,
          to,
          before,
          props: { ...raw, version: neo4j.int(before.version + 1) },
        };
      });
      const relsAfter = await this.writeRelationships(tx, relRows, prov.user, true);
      const snap = await this.writeEntity(
        tx,
        id,
        { ...locked.raw, version: neo4j.int(expected + 1) },
        prov.user,
        true,
      );
      const relIds = relRows.map((r) => r.before.id);
      const change = await logWrite(tx, prov, source, {
        action: 'retract',
        targetType: 'entity',
        target: id,
        targets: [...relIds],
        before: { entity: locked.snapshot, relationships: relRows.map((r) => r.before) },
        after: { entity: snap, relationships: relsAfter },
        version: snap.version,
      });
      return { entity: entityJson(snap), version: snap.version, change, relationships: relIds };
    });
  }

  // ---- relationships ---------------------------------------------------------------------------

  async createRelationship(
    input: RelationshipCreate,
    prov: Provenance,
  ): Promise<RelationshipAnswer & { change: Change }> {
    return this.db.writeTx(async (tx) => {
      const base = `${input.type}:${input.from}->${input.to}`;
      const ends = await tx.run(this.q('edit-relationship-ends'), {
        from: input.from,
        to: input.to,
        base,
      });
      const e = ends.records[0];
      for (const [field, id] of [
        ['from', input.from],
        ['to', input.to],
      ] as const) {
        if (!e.get(`${field}Exists`)) {
          throw new AppError(400, 'UNKNOWN_ENTITY', `${field}: no entity ${id}`);
        }
        if (e.get(`${field}Retracted`)) {
          throw new AppError(400, 'UNKNOWN_ENTITY', `${field}: the entity ${id} was retracted`);
        }
      }
      const source = await this.resolveSource(tx, prov.source, prov.user);
      const id = firstFreeId(base, new Set(e.get('taken') as string[]), '#');
      const props = compact({
        ...this.relationshipProps(input.type, input),
        id,
        family: familyOf(input.type),
        source: source.id,
        evidence: prov.evidence,
        confidence: prov.confidence,
      });
      const out = await tx.run(
        this.db.queries.render('edit-relationship-create', { TYPE: input.type }),
        {
          from: input.from,
          to: input.to,
          props,
          user: prov.user,
        },
      );
      const snap = relationshipSnapshot(
        input.type,
        input.from,
        input.to,
        out.records[0].get('properties') as Record<string, unknown>,
      );
      const change = await logWrite(tx, prov, source, {
        action: 'create',
        targetType: 'relationship',
        target: id,
        targets: [input.from, input.to],
        before: null,
        after: { relationship: snap },
        version: snap.version,
      });
      return { relationship: relationshipJson(snap), version: snap.version, change };
    });
  }

  /** The model properties of a relationship from the editable fields (nulls = none). */
  private relationshipProps(type: string, f: RelationshipFields): Record<string, unknown> {
    return {
      ...stakeProps(type, f),
      since: f.since ? neoDate(f.since) : null,
      until: f.until ? neoDate(f.until) : null,
      role: f.role ?? null,
      interestType: f.interestType ?? null,
      amountUsd: f.amountUsd ?? null,
    };
  }

  async updateRelationship(
    id: string,
    expected: number,
    patch: RelationshipPatch,
    prov: Provenance,
  ): Promise<RelationshipAnswer & { change: Change }> {
    return this.db.writeTx(async (tx) => {
      const locked = await this.lockRelationship(tx, id);
      this.checkRelationship(locked, expected);
      const source = await this.resolveSource(tx, prov.source, prov.user);
      const s = locked.snapshot;
      const props: Record<string, unknown> = { ...locked.raw };
      const set = (key: string, value: unknown) => {
        if (value === null || value === undefined) delete props[key];
        else props[key] = value;
      };
      if (hasStake(patch)) {
        for (const [k, v] of Object.entries(stakeProps(s.type, patch))) set(k, v);
      }
      if (patch.since !== undefined) set('since', patch.since ? neoDate(patch.since) : null);
      if (patch.until !== undefined) set('until', patch.until ? neoDate(patch.until) : null);
      for (const k of ['role', 'interestType', 'amountUsd'] as const) {
        if (patch[k] !== undefined) set(k, patch[k]);
      }
      const since = props.since as { toString(): string } | undefined;
      const until = props.until as { toString(): string } | undefined;
      if (since && until && since.toString() >= until.toString()) {
        throw new AppError(
          400,
          'INVALID_REQUEST',
          `until: must be after since (${since.toString()}); the relationship would be valid on no day`,
        );
      }
      set('source', source.id);
      set('evidence', prov.evidence);
      set('confidence', prov.confidence);
      props.version = neo4j.int(expected + 1);
      const [snap] = await this.writeRelationships(
        tx,
        [{ elementId: locked.elementId, type: s.type, from: s.from, to: s.to, props }],
        prov.user,
      );
      const change = await logWrite(tx, prov, source, {
        action: 'update',
        targetType: 'relationship',
        target: id,
        targets: [s.from, s.to],
        before: { relationship: s },
        after: { relationship: snap },
        version: snap.version,
      });
      return { relationship: relationshipJson(snap), version: snap.version, change };
    });
  }

  async retractRelationship(
    id: string,
    expected: number,
    prov: Provenance,
  ): Promise<RelationshipAnswer & { change: Change }> {
    return this.db.writeTx(async (tx) => {
      const locked = await this.lockRelationship(tx, id);
      this.checkRelationship(locked, expected);
      const source = await this.resolveSource(tx, prov.source, prov.user);
      const s = locked.snapshot;
      const [snap] = await this.writeRelationships(
        tx,
        [
          {
            elementId: locked.elementId,
            type: s.type,
            from: s.from,
            to: s.to,
            props: { ...locked.raw, version: neo4j.int(expected + 1) },
          },
        ],
        prov.user,
        true,
      );
      const change = await logWrite(tx, prov, source, {
        action: 'retract',
        targetType: 'relationship',
        target: id,
        targets: [s.from, s.to],
        before: { relationship: s },
        after: { relationship: snap },
        version: snap.version,
      });
      return { relationship: relationshipJson(snap), version: snap.version, change };
    });
  }

  /** Writes a snapshot's typed properties back over an element, at a new version. */
  static restoredProps(snapshot: { typed: EntitySnapshot['typed'] }, version: number) {
    return { ...typedProperties(snapshot), version: neo4j.int(version) };
  }
}
