import type { ManagedTransaction } from 'neo4j-driver';
import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { notFound } from '../errors';
import type { Family } from '../families';
import type { GraphEdge, GraphNode, JsonValue } from '../mapper';
import type { DiffChange, DiffMark, DiffPayload, DiffValue, FieldChange } from '../model/diff';
import { toGraphNode } from './graph-service';

export type DiffNode = GraphNode & DiffMark;
export type DiffEdge = GraphEdge & DiffMark;
export type GraphDiff = DiffPayload<GraphNode, GraphEdge>;

export interface DiffOptions {
  from: string;
  to: string;
  limit: number;
  /** Neighbourhood scope: the entity and everything within `depth` hops (any date). */
  entity?: string;
  depth: number;
  families?: Family[];
}

/** Neighbourhoods larger than this are cut (the diff is then scoped to what was reached). */
const SCOPE_CAP = 20_000;
const STEP_ROW_CAP = 100_000;

/** Ids within `depth` hops of `entity` (relationships of any date, family or retraction), the entity included. */
export async function scopeIds(
  db: Db,
  tx: ManagedTransaction,
  entity: string,
  depth: number,
): Promise<string[]> {
  const center = await tx.run(db.queries.get('entity-by-id'), { id: entity, at: null });
  if (center.records.length === 0) throw notFound(`Entity ${entity}`);
  const seen = new Set<string>([entity]);
  let frontier = [entity];
  for (let d = 1; d <= depth && frontier.length > 0 && seen.size < SCOPE_CAP; d++) {
    const step = await tx.run(db.queries.get('diff-scope-step'), {
      frontier,
      rowCap: intParam(STEP_ROW_CAP),
    });
    const next: string[] = [];
    for (const rec of step.records) {
      const id = rec.get('neighbor') as string;
      if (!seen.has(id)) {
        seen.add(id);
        next.push(id);
      }
    }
    frontier = next;
  }
  return [...seen];
}

/** Nodes for ids, in id order. */
export async function nodesByIds(
  db: Db,
  tx: ManagedTransaction,
  ids: string[],
): Promise<Map<string, GraphNode>> {
  if (ids.length === 0) return new Map();
  const res = await tx.run(db.queries.get('entities-by-ids'), { ids, at: null });
  return new Map(
    res.records.map((r) => {
      const node = toGraphNode(r.toObject() as Parameters<typeof toGraphNode>[0]);
      return [node.id, node];
    }),
  );
}

/** A JSON property value as the diff reports it. */
export function diffValue(v: JsonValue | undefined): DiffValue {
  return v === undefined ? null : v;
}

/** Field-by-field difference of two property maps, leaving out `ignore`. */
export function fieldChanges(
  before: Record<string, JsonValue>,
  after: Record<string, JsonValue>,
  ignore: ReadonlySet<string>,
): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const k of keys) {
    if (ignore.has(k)) continue;
    const a = diffValue(before[k]);
    const b = diffValue(after[k]);
    if (JSON.stringify(a) !== JSON.stringify(b)) out[k] = { from: a, to: b };
  }
  return out;
}

export function countChanges(items: DiffMark[]): Record<DiffChange, number> {
  const counts: Record<DiffChange, number> = { added: 0, removed: 0, changed: 0 };
  for (const i of items) if (i.change) counts[i.change]++;
  return counts;
}

/** Orders listed changes by when they happened, then by id: the list the UI shows. */
export function byWhen<T extends DiffMark & { id: string }>(a: T, b: T): number {
  return (a.at ?? '').localeCompare(b.at ?? '') || a.id.localeCompare(b.id);
}
