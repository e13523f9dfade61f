import type { GraphEdge, GraphNode, JsonValue } from './api';
import { kindOf } from './elements';

/**
 * Element state as flat, comparable fields: what the edit forms diff against, what the conflict
 * view lays side by side. One place decides which stored keys are the system's, not the analyst's.
 */
export type Fields = Record<string, JsonValue>;

/** Kept by the server (ids, versions, retraction, merges, imports): never typed into a form. */
export const SYSTEM_KEYS = new Set([
  'id',
  'version',
  'retractedAt',
  'retractedBy',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'mergedFrom',
  'mergedInto',
  'movedFrom',
  'dataset',
  'datasets',
  'record',
  'sourceRecord',
  'family',
]);

/** Entity keys the form has fields of its own for. */
export const ENTITY_CORE = ['name', 'kind', 'aliases', 'description'] as const;
/** Relationship keys the form has fields of its own for (provenance included). */
export const RELATIONSHIP_CORE = [
  'type',
  'from',
  'to',
  'stake',
  'stakeMin',
  'stakeMax',
  'since',
  'until',
  'source',
  'evidence',
  'confidence',
] as const;

export function entityFields(n: GraphNode): Fields {
  const p = n.properties;
  const out: Fields = {
    name: typeof p.name === 'string' ? p.name : n.id,
    kind: kindOf(n.labels),
    aliases: Array.isArray(p.aliases) ? p.aliases : [],
    description: typeof p.description === 'string' ? p.description : '',
  };
  for (const [k, v] of Object.entries(p)) {
    if (!SYSTEM_KEYS.has(k) && !(k in out)) out[k] = v;
  }
  return out;
}

export function relationshipFields(e: GraphEdge): Fields {
  const out: Fields = { type: e.type, from: e.source, to: e.target };
  for (const [k, v] of Object.entries(e.properties)) {
    if (!SYSTEM_KEYS.has(k) && !(k in out)) out[k] = v;
  }
  return out;
}

/** Extra, analyst-editable scalar properties (the key/value rows of the entity form). */
export function extraProperties(f: Fields): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(f)) {
    if ((ENTITY_CORE as readonly string[]).includes(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

export function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  const norm = (v: JsonValue | undefined) =>
    v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)
      ? null
      : JSON.stringify(v);
  return norm(a) === norm(b);
}

/** Field value as short text for tables. */
export function fieldText(v: JsonValue | undefined): string {
  if (v === undefined || v === null || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map((x) => fieldText(x)).join(', ') : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
