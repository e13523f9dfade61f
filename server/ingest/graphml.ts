import { SaxesParser } from 'saxes';
import { ENTITY_KINDS, RELATIONSHIP_TYPES } from '../model/families';
import type { GraphRecords } from '../model/records';
import type { InputValue, ReadIssue } from './common';
import { InputError } from './parse';

/**
 * GraphML both ways. Written for Gephi, yEd and the like (one typed column per property, facts
 * flat beside the entity's fields) and so that it imports back to the same canonical records:
 * lists and other non-scalar values are JSON text in a column marked `ege:json="true"`. Read:
 * our own files, and other tools' GraphML whose nodes carry a kind (`kind`, or APOC's `labels`)
 * and a name, and whose edges carry a type (`type`, or APOC's `label`).
 */

const EGE_NS = 'urn:entity-graph-explorer:graphml';
/** Entity fields that are not facts; a fact of the same name is written as `fact:<name>`. */
const ENTITY_FIELDS = new Set(['kind', 'name', 'aliases', 'description', 'identifiers', 'dataset']);
/** Written for other tools' convenience; derived from the type on the way back in. */
const DERIVED_EDGE_KEYS = new Set(['family']);

type GraphmlType = 'string' | 'boolean' | 'long' | 'double';
interface Column {
  id: string;
  name: string;
  type: GraphmlType;
  json: boolean;
}

// A carriage return is a character reference: XML parsers turn a literal CR LF into LF.
const xml = (s: string) =>
  s.replace(
    /[<>&"'\r]/g,
    (c) =>
      ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[
        c
      ] as string,
  );

/** One column per property name, typed by every value it holds (mixed or non-scalar: JSON text). */
function columns(rows: Array<Record<string, unknown>>, prefix: string): Map<string, Column> {
  const kinds = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (v === undefined || v === null) continue;
      const kind = typeof v === 'number' ? (Number.isSafeInteger(v) ? 'long' : 'double') : typeof v;
      const seen = kinds.get(k) ?? new Set<string>();
      seen.add(Array.isArray(v) || kind === 'object' ? 'json' : kind);
      kinds.set(k, seen);
    }
  }
  const out = new Map<string, Column>();
  for (const [name, seen] of kinds) {
    // One scalar type keeps its GraphML type; integers beside fractions are doubles; else JSON.
    const numeric = [...seen].every((k) => k === 'long' || k === 'double');
    const only = seen.size === 1 ? [...seen][0] : numeric ? 'double' : 'json';
    const type: GraphmlType =
      only === 'boolean' || only === 'long' || only === 'double' ? only : 'string';
    out.set(name, { id: `${prefix}_${name}`, name, type, json: only === 'json' });
  }
  return out;
}

function dataLines(row: Record<string, unknown>, cols: Map<string, Column>): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(row)) {
    if (v === undefined || v === null) continue;
    const col = cols.get(k) as Column;
    const text = col.json ? JSON.stringify(v) : String(v);
    lines.push(`      <data key="${xml(col.id)}">${xml(text)}</data>`);
  }
  return lines;
}

function keyLine(col: Column, target: 'node' | 'edge'): string {
  const json = col.json ? ' ege:json="true"' : '';
  return `  <key id="${xml(col.id)}" for="${target}" attr.name="${xml(col.name)}" attr.type="${col.type}"${json}/>`;
}

/** GraphML of canonical records: nodes are entities, edges are claims (one per relationship id). */
export function toGraphml(g: GraphRecords): string {
  const nodeRows = g.entities.map((e) => {
    const row: Record<string, unknown> = {
      kind: e.kind,
      name: e.name,
      aliases: e.aliases,
      description: e.description,
      identifiers: e.identifiers,
      dataset: e.dataset,
    };
    for (const [k, v] of Object.entries(e.facts ?? {})) {
      row[ENTITY_FIELDS.has(k) || k.startsWith('fact:') ? `fact:${k}` : k] = v;
    }
    return row;
  });
  const edgeRows = g.relationships.map((r) => {
    const row: Record<string, unknown> = { ...r, family: RELATIONSHIP_TYPES[r.type] };
    for (const k of ['id', 'from', 'to']) delete row[k];
    return row;
  });
  const nodeCols = columns(nodeRows, 'n');
  const edgeCols = columns(edgeRows, 'e');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:ege="${EGE_NS}">`,
    ...[...nodeCols.values()].map((c) => keyLine(c, 'node')),
    ...[...edgeCols.values()].map((c) => keyLine(c, 'edge')),
    '  <graph id="G" edgedefault="directed">',
  ];
  g.entities.forEach((e, i) => {
    lines.push(`    <node id="${xml(e.id)}">`, ...dataLines(nodeRows[i], nodeCols), '    </node>');
  });
  g.relationships.forEach((r, i) => {
    lines.push(
      `    <edge id="${xml(r.id)}" source="${xml(r.from)}" target="${xml(r.to)}">`,
      ...dataLines(edgeRows[i], edgeCols),
      '    </edge>',
    );
  });
  lines.push('  </graph>', '</graphml>');
  return lines.join('\n') + '\n';
}

interface KeyDef {
  name: string;
  for: string;
  type: string;
  json: boolean;
  default?: string;
}

interface Element {
  tag: 'node' | 'edge';
  line: number;
  attrs: Record<string, string>;
  data: Array<{ key: string; text: string; line: number }>;
}

/** A GraphML value read as its key's type, or why it does not read as one. */
function typed(text: string, key: KeyDef): { value: unknown } | { error: string } {
  if (key.json) {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (err) {
      return { error: `${key.name} is not JSON text: ${(err as Error).message}` };
    }
  }
  switch (key.type) {
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t === 'true' || t === 'false') return { value: t === 'true' };
      return { error: `${key.name} is not a boolean: ${JSON.stringify(text)}` };
    }
    case 'int':
    case 'long':
    case 'float':
    case 'double': {
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n)) {
        return { error: `${key.name} is not a number: ${JSON.stringify(text)}` };
      }
      return { value: n };
    }
    default:
      return { value: text };
  }
}

/** An element's properties by name: its data, then its keys' defaults for what it lacks. */
function properties(
  el: Element,
  keys: Map<string, KeyDef>,
): { props: Record<string, unknown> } | { error: string } {
  const props: Record<string, unknown> = {};
  for (const d of el.data) {
    const key = keys.get(d.key);
    if (!key) return { error: `data refers to an undeclared key ${JSON.stringify(d.key)}` };
    const v = typed(d.text, key);
    if ('error' in v) return v;
    props[key.name] = v.value;
  }
  for (const key of keys.values()) {
    if ((key.for === el.tag || key.for === 'all') && key.default !== undefined) {
      if (!(key.name in props)) {
        const v = typed(key.default, key);
        if ('error' in v) return v;
        props[key.name] = v.value;
      }
    }
  }
  return { props };
}

/** APOC writes labels as ":Organization:Entity": the first that is one of our kinds. */
function kindFromLabels(labels: unknown): string | undefined {
  if (typeof labels !== 'string') return undefined;
  return labels
    .split(':')
    .map((l) => l.trim())
    .find((l) => (ENTITY_KINDS as readonly string[]).includes(l));
}

function entityValue(el: Element, props: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = { id: el.attrs.id };
  const facts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (ENTITY_FIELDS.has(k)) record[k] = v;
    else if (k === 'labels' || k === 'label') continue;
    else facts[k.startsWith('fact:') ? k.slice(5) : k] = v;
  }
  const kind = record.kind ?? kindFromLabels(props.labels);
  if (kind !== undefined) record.kind = kind;
  if (record.name === undefined && typeof props.label === 'string') record.name = props.label;
  if (Object.keys(facts).length) record.facts = facts;
  return record;
}

function relationshipValue(el: Element, props: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = { from: el.attrs.source, to: el.attrs.target };
  if (el.attrs.id !== undefined) record.id = el.attrs.id;
  for (const [k, v] of Object.entries(props)) {
    if (!DERIVED_EDGE_KEYS.has(k) && k !== 'label') record[k] = v;
  }
  const type = record.type ?? props.label ?? el.attrs.label;
  if (type !== undefined) record.type = type;
  return record;
}

/**
 * GraphML text → one value per node and edge (nodes first), each with its line, in the shape of
 * our JSON lines for the loader's own validation. Not well-formed XML, or no <graphml> root,
 * stops the import (InputError with its line); a node or edge that cannot be read is rejected.
 * `partial`: the text is the head of a file (a preview), read up to where it stops.
 */
export function parseGraphml(
  text: string,
  opts: { partial?: boolean } = {},
): { values: InputValue[]; rejected: ReadIssue[] } {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const keys = new Map<string, KeyDef>();
  const nodes: Element[] = [];
  const edges: Element[] = [];
  const rejected: ReadIssue[] = [];
  let root: string | null = null;
  let current: Element | null = null;
  let key: KeyDef | null = null;
  let text_: { buf: string; target: 'data' | 'default'; key: string; line: number } | null = null;

  // No 'error' handler: saxes then throws at the first well-formedness error, which stops the read.
  parser.on('opentag', (t) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(t.attributes)) {
      attrs[a.uri === EGE_NS ? `ege:${a.local}` : a.local] = a.value;
    }
    if (root === null) {
      root = t.local;
      if (t.local !== 'graphml') {
        throw new InputError(
          'NOT_GRAPHML',
          `the root element is <${t.local}>, not <graphml>`,
          parser.line,
        );
      }
      return;
    }
    switch (t.local) {
      case 'key':
        key = {
          name: attrs['attr.name'] ?? attrs.id,
          for: attrs.for ?? 'all',
          type: attrs['attr.type'] ?? 'string',
          json: attrs['ege:json'] === 'true',
        };
        keys.set(attrs.id, key);
        break;
      case 'default':
        if (key) text_ = { buf: '', target: 'default', key: '', line: parser.line };
        break;
      case 'node':
      case 'edge':
        current = { tag: t.local as Element['tag'], line: parser.line, attrs, data: [] };
        break;
      case 'hyperedge':
        rejected.push({
          record: attrs.id ?? null,
          line: parser.line,
          code: 'UNSUPPORTED',
          message: 'a hyperedge has no counterpart in the graph: only nodes and edges are read',
        });
        break;
      case 'data':
        if (current) text_ = { buf: '', target: 'data', key: attrs.key, line: parser.line };
        break;
    }
  });
  parser.on('text', (s) => {
    if (text_) text_.buf += s;
  });
  parser.on('cdata', (s) => {
    if (text_) text_.buf += s;
  });
  parser.on('closetag', (tag) => {
    const local = tag.local;
    if (local === 'data' && text_?.target === 'data' && current) {
      current.data.push({ key: text_.key, text: text_.buf, line: text_.line });
      text_ = null;
    } else if (local === 'default' && text_?.target === 'default' && key) {
      key.default = text_.buf;
      text_ = null;
    } else if (local === 'key') {
      key = null;
    } else if ((local === 'node' || local === 'edge') && current) {
      (local === 'node' ? nodes : edges).push(current);
      current = null;
    }
  });
  try {
    parser.write(text);
    if (!opts.partial) parser.close();
  } catch (err) {
    // A preview reads the head of a file: what was read before the cut is all it wants.
    if (!opts.partial || root === null) {
      if (err instanceof InputError) throw err;
      throw new InputError('BAD_XML', `malformed GraphML: ${(err as Error).message}`, parser.line);
    }
  }
  if (root === null) throw new InputError('NOT_GRAPHML', 'the input has no <graphml> element', 1);

  const values: InputValue[] = [];
  for (const el of [...nodes, ...edges]) {
    const read = properties(el, keys);
    const record = el.attrs.id ?? null;
    if ('error' in read) {
      rejected.push({ record, line: el.line, code: 'INVALID_RECORD', message: read.error });
      continue;
    }
    const value =
      el.tag === 'node' ? entityValue(el, read.props) : relationshipValue(el, read.props);
    const missing =
      el.tag === 'node'
        ? value.kind === undefined
          ? 'kind'
          : null
        : value.type === undefined
          ? 'type'
          : null;
    if (missing) {
      const hint =
        missing === 'kind'
          ? `a kind (${ENTITY_KINDS.join(', ')}) in a "kind" or "labels" data`
          : 'a relationship type in a "type" data or a label';
      rejected.push({
        record,
        line: el.line,
        code: 'INVALID_RECORD',
        message: `${el.tag} has no ${missing}: it needs ${hint}`,
      });
      continue;
    }
    values.push({ line: el.line, value });
  }
  return { values, rejected };
}
