import { randomUUID } from 'node:crypto';
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { Db } from '../db/db';
import { QueryStore } from '../cypher';
import { toJson } from '../mapper';
import type {
  Change,
  ChangeAction,
  ChangeInput,
  ChangeSnapshot,
  ChangeTargetType,
} from '../model/changes';

export type { Change, ChangeInput } from '../model/changes';

let store: QueryStore | undefined;
/** The change queries, read once from cypher/ (a writer only holds a transaction, not a Db). */
function query(name: string): string {
  store ??= new QueryStore();
  return store.get(name);
}

/**
 * Appends one change to the log inside the caller's transaction, so the graph write and its
 * record commit or roll back together. Returns the change as the API shows it.
 */
export async function appendChange(tx: ManagedTransaction, input: ChangeInput): Promise<Change> {
  const id = `change:${randomUUID()}`;
  const params = {
    id,
    user: input.user,
    action: input.action,
    targetType: input.targetType,
    target: input.target,
    targets: [...(input.targets ?? [])],
    before: input.before ? JSON.stringify(input.before) : null,
    after: input.after ? JSON.stringify(input.after) : null,
    version: input.version == null ? null : neo4j.int(input.version),
    source: input.source ?? null,
    evidence: input.evidence ?? null,
    confidence: input.confidence ?? null,
    reason: input.reason ?? null,
    revertOf: input.revertOf ?? null,
  };
  const result = await tx.run(query('change-append'), params);
  const at = result.records[0].get('at') as string;
  return {
    id,
    at,
    user: input.user,
    action: input.action,
    targetType: input.targetType,
    target: input.target,
    targets: params.targets,
    before: input.before ?? null,
    after: input.after ?? null,
    version: input.version ?? null,
    source: params.source,
    evidence: params.evidence,
    confidence: params.confidence,
    reason: params.reason,
    revertOf: params.revertOf,
  };
}

/**
 * A change that is its own transaction: for batched operations (an import, a dataset deletion)
 * whose graph writes span many transactions, logged once they have finished.
 */
export async function recordChange(db: Db, input: ChangeInput): Promise<Change> {
  return db.writeTx((tx) => appendChange(tx, input));
}

function parseSnapshot(text: unknown): ChangeSnapshot | null {
  if (typeof text !== 'string') return null;
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' ? (value as ChangeSnapshot) : null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => {
  const j = toJson(v);
  return typeof j === 'number' ? j : null;
};

/** A `:Change` node's properties (as the driver returns them) as the API shows the change. */
export function changeFromProperties(p: Record<string, unknown>): Change {
  const at = toJson(p.at);
  return {
    id: String(p.id),
    at: typeof at === 'string' ? at : String(at),
    user: String(p.user),
    action: p.action as ChangeAction,
    targetType: p.targetType as ChangeTargetType,
    target: String(p.target),
    targets: Array.isArray(p.targets) ? p.targets.map(String) : [],
    before: parseSnapshot(p.before),
    after: parseSnapshot(p.after),
    version: num(p.version),
    source: str(p.source),
    evidence: str(p.evidence),
    confidence: num(p.confidence),
    reason: str(p.reason),
    revertOf: str(p.revertOf),
  };
}
