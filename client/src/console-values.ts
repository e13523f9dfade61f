/**
 * Console values as text, faithful to their Cypher type. The console asks for Neo4j's typed JSON
 * (`{"$type", "_value"}`, server/typed-json.ts), so 2.0 stays `2.0`, the float NaN reads `NaN`
 * while the string 'NaN' reads `"NaN"` (strings are quoted, as Cypher and cypher-shell write
 * them), and temporals carry their type (`Date`, `Duration`…). Plain JSON (named queries) falls
 * back to the generic display. The table and the CSV export both take their text from here.
 */
import type { TypedValue } from '../../server/typed-value';
import type { GraphPayload, JsonValue } from './api';
import { display } from './inspector';

export type { TypedValue };

/** The type badge of temporal, spatial and byte values: what their text alone does not say. */
const BADGED = new Set([
  'Date',
  'Time',
  'LocalTime',
  'DateTime',
  'OffsetDateTime',
  'ZonedDateTime',
  'LocalDateTime',
  'Duration',
  'Point',
  'ByteArray',
  'Base64',
]);

export function isTyped(v: unknown): v is TypedValue {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    typeof (v as { $type?: unknown }).$type === 'string' &&
    '_value' in v
  );
}

/** A string as Cypher writes a string literal: double quotes, backslash escapes. */
function quoted(s: string): string {
  return JSON.stringify(s);
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : `\`${k.replace(/`/g, '``')}\``;
}

export interface NodeShape {
  _element_id: string;
  _labels: string[];
  _properties: Record<string, TypedValue>;
}
export interface RelShape {
  _element_id: string;
  _start_node_element_id: string;
  _end_node_element_id: string;
  _type: string;
  _properties: Record<string, TypedValue>;
}

function str(v: TypedValue | undefined): string | undefined {
  return v?.$type === 'String' ? (v._value as string) : undefined;
}

/** A node by its name (or slug), as the graph panel names it. */
function nodeText(n: NodeShape): string {
  const name = str(n._properties.name) ?? str(n._properties.id);
  return name !== undefined ? `(${name})` : `(:${n._labels.join(':')})`;
}

/** A node's name as its chip shows it: the name of nodeText without the parentheses. */
export function nodeName(n: NodeShape): string {
  return nodeText(n).slice(1, -1);
}

/** The canvas id of a typed node or relationship: its slug, else `element:<element id>`. */
export function canvasId(x: NodeShape | RelShape): string {
  return str(x._properties.id) ?? `element:${x._element_id}`;
}

/** The canvas id and name of a relationship's end, from the result's graph. */
export function relEnd(
  r: RelShape,
  end: 'start' | 'end',
  graph: GraphPayload | undefined,
): { id: string; name: string; labels: string[] } {
  const edge = graph?.edges.find((e) => e.id === canvasId(r));
  const elementId = end === 'start' ? r._start_node_element_id : r._end_node_element_id;
  const id = edge ? (end === 'start' ? edge.source : edge.target) : `element:${elementId}`;
  const node =
    graph?.nodes.find((n) => n.id === id) ??
    graph?.nodes.find((n) => n.id === `element:${elementId}`);
  return node
    ? { id: node.id, name: display(node.properties.name ?? node.id), labels: node.labels }
    : { id, name: endName(elementId, graph, []), labels: [] };
}

/** The name of the node with this element id, from the result's graph (slug or element: ids). */
function endName(elementId: string, graph: GraphPayload | undefined, known: NodeShape[]): string {
  const seen = known.find((n) => n._element_id === elementId);
  if (seen) return nodeText(seen).slice(1, -1);
  const node =
    graph?.nodes.find((n) => n.id === `element:${elementId}`) ??
    graph?.nodes.find((n) => (n.properties.elementId ?? null) === elementId);
  return node ? display(node.properties.name ?? node.id) : '…';
}

function relText(r: RelShape, graph: GraphPayload | undefined, known: NodeShape[]): string {
  const slug = str(r._properties.id);
  const edge = graph?.edges.find((e) => e.id === (slug ?? `element:${r._element_id}`));
  const byId = (id: string) => {
    const n = graph?.nodes.find((x) => x.id === id);
    return n ? display(n.properties.name ?? n.id) : undefined;
  };
  const src = (edge && byId(edge.source)) ?? endName(r._start_node_element_id, graph, known);
  const tgt = (edge && byId(edge.target)) ?? endName(r._end_node_element_id, graph, known);
  return `(${src})-[:${r._type}]->(${tgt})`;
}

function pathText(parts: TypedValue[]): string {
  let out = '';
  let prev: NodeShape | null = null;
  for (const p of parts) {
    if (p.$type === 'Node') {
      prev = p._value as NodeShape;
      out += nodeText(prev);
    } else {
      const r = p._value as RelShape;
      const forward = prev === null || r._start_node_element_id === prev._element_id;
      out += forward ? `-[:${r._type}]->` : `<-[:${r._type}]-`;
    }
  }
  return out;
}

/**
 * A typed value as Cypher-like text: `2.0`, `NaN`, `"NaN"`, `[1, "a"]`, `{k: 2.5}`,
 * `2015-06-24` (temporals as Neo4j writes them), nodes `(Meta)`, relationships
 * `(Meta)-[:OWNS]->(Scale AI)`, paths `(A)-[:T]->(B)`.
 */
export function typedText(v: TypedValue, graph?: GraphPayload, nested = false): string {
  switch (v.$type) {
    case 'Null':
      return nested ? 'null' : '';
    case 'String':
      return quoted(v._value as string);
    case 'List':
      return `[${(v._value as TypedValue[]).map((x) => typedText(x, graph, true)).join(', ')}]`;
    case 'Map':
      return `{${Object.entries(v._value as Record<string, TypedValue>)
        .map(([k, x]) => `${key(k)}: ${typedText(x, graph, true)}`)
        .join(', ')}}`;
    case 'Node':
      return nodeText(v._value as NodeShape);
    case 'Relationship':
      return relText(v._value as RelShape, graph, []);
    case 'Path':
      return pathText(v._value as TypedValue[]);
    default:
      // Integer, Float (2.0, NaN, Infinity), Boolean, temporals, Duration, Point, ByteArray.
      return String(v._value);
  }
}

export interface CellView {
  /** The text shown, and written to CSV. */
  text: string;
  /** The Cypher type ($type), or null for plain JSON. */
  type: string | null;
  /** A badge naming the type when the text alone does not tell it (dates, durations, points). */
  badge: string | null;
}

/** One result cell: typed values with their type, plain JSON (named queries) as before. */
export function cellView(v: JsonValue, graph: GraphPayload | undefined): CellView {
  if (isTyped(v)) {
    return {
      text: typedText(v, graph),
      type: v.$type,
      badge: BADGED.has(v.$type) ? v.$type : null,
    };
  }
  return { text: plainText(v, graph), type: null, badge: null };
}

/** A plain-JSON cell: nodes by name, relationships as (from)-[:TYPE]->(to), the rest as JSON. */
function plainText(v: JsonValue, graph: GraphPayload | undefined): string {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, JsonValue>;
    const props = (o.properties ?? {}) as Record<string, JsonValue>;
    if (Array.isArray(o.labels) && typeof o.id === 'string') {
      return `(${display(props.name ?? o.id)})`;
    }
    if (typeof o.type === 'string' && typeof o.source === 'string') {
      // Bare relationships in rows carry element ids for their ends; the graph has the slugs.
      const edge = graph?.edges.find((e) => e.id === o.id);
      const name = (id: string) => {
        const n = graph?.nodes.find((x) => x.id === id);
        return n ? display(n.properties.name ?? n.id) : id.startsWith('element:') ? '…' : id;
      };
      const src = edge?.source ?? o.source;
      const tgt = edge?.target ?? String(o.target);
      return `(${name(src)})-[:${o.type}]->(${name(tgt)})`;
    }
  }
  return display(v);
}

/**
 * A cell's CSV text: the table's text for typed values, except that a top-level string is
 * written bare (CSV quotes every cell itself); plain JSON as before (strings bare, the rest JSON).
 */
export function csvText(v: JsonValue, graph: GraphPayload | undefined): string {
  if (isTyped(v)) {
    if (v.$type === 'String') return v._value as string;
    return typedText(v, graph);
  }
  return v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}
