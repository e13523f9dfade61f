/**
 * Result cells that read: nodes, relationships and paths as chips (kind colour, name, type) that
 * select on the canvas, maps as key/value lists, lists as items, long values folded, and the raw
 * JSON of a cell when asked. All value text comes from console-values.ts, so the table says what
 * the CSV export says.
 */
import type { GraphPayload, JsonValue } from './api';
import { h } from './dom';
import { kindOf, stakeLabel } from './elements';
import { FAMILY_STYLE, KIND_STYLE } from './style';
import {
  canvasId,
  cellView,
  isTyped,
  nodeName,
  relEnd,
  typedText,
  type NodeShape,
  type RelShape,
  type TypedValue,
} from './console-values';
import { display } from './inspector';

export interface CellContext {
  graph: GraphPayload | undefined;
  /** Selects the node or relationship with this canvas id (slug or `element:` id). */
  select(id: string): void;
}

/** Values whose text runs longer than this fold to a few lines, with a button to show all. */
const FOLD_AT = 160;
/** Lists show this many items, then a button for the rest. */
const LIST_HEAD = 12;

function kindStyle(labels: string[]): { color: string; label: string; kind: string } {
  const kind = kindOf(labels);
  const s = KIND_STYLE[kind];
  // "Other" says nothing: name its own label instead.
  return { color: s.color, label: kind === 'Other' ? (labels[0] ?? 'Node') : s.label, kind };
}

function nodeChip(id: string, name: string, labels: string[], ctx: CellContext): HTMLElement {
  const k = kindStyle(labels);
  const chip = h(
    'button',
    {
      type: 'button',
      class: 'ent-chip node-chip',
      'data-id': id,
      'data-kind': k.kind,
      title: `${k.label} · ${id} · click to select on the canvas`,
      onclick: () => ctx.select(id),
    },
    h('span', { class: 'chip-dot', 'aria-hidden': 'true' }),
    h('span', { class: 'chip-name' }, name),
    h('span', { class: 'chip-type' }, k.label),
  );
  chip.style.setProperty('--kind', k.color);
  return chip;
}

function relChip(
  id: string,
  type: string,
  forward: boolean,
  ctx: CellContext,
  title: string,
): HTMLElement {
  const edge = ctx.graph?.edges.find((e) => e.id === id);
  const family = edge?.family ?? null;
  // The stake, as the canvas writes it on the edge: what an analyst reads an ownership for.
  const stake = edge ? stakeLabel(edge.properties) : '';
  const chip = h(
    'button',
    {
      type: 'button',
      class: 'ent-chip rel-chip',
      'data-id': id,
      'data-type': type,
      title: `${title} · click to select on the canvas`,
      onclick: () => ctx.select(id),
    },
    forward ? '–' : '←',
    type,
    stake ? h('span', { class: 'chip-type' }, ` ${stake}`) : null,
    forward ? '→' : '–',
  );
  if (family && family in FAMILY_STYLE) {
    chip.style.setProperty('--kind', FAMILY_STYLE[family as keyof typeof FAMILY_STYLE].color);
  }
  return chip;
}

function typedNodeChip(n: NodeShape, ctx: CellContext): HTMLElement {
  return nodeChip(canvasId(n), nodeName(n), n._labels, ctx);
}

/** A relationship alone: its ends (from the result's graph) around it, as a chain. */
function relChain(r: RelShape, ctx: CellContext): HTMLElement {
  const a = relEnd(r, 'start', ctx.graph);
  const b = relEnd(r, 'end', ctx.graph);
  const text = `(${a.name})-[:${r._type}]->(${b.name})`;
  return h(
    'span',
    { class: 'chip-chain' },
    nodeChip(a.id, a.name, a.labels, ctx),
    relChip(canvasId(r), r._type, true, ctx, text),
    nodeChip(b.id, b.name, b.labels, ctx),
  );
}

function pathChain(parts: TypedValue[], ctx: CellContext): HTMLElement {
  const out: HTMLElement[] = [];
  let prev: NodeShape | null = null;
  for (const p of parts) {
    if (p.$type === 'Node') {
      prev = p._value as NodeShape;
      out.push(typedNodeChip(prev, ctx));
    } else {
      const r = p._value as RelShape;
      const forward = prev === null || r._start_node_element_id === prev._element_id;
      out.push(relChip(canvasId(r), r._type, forward, ctx, r._type));
    }
  }
  return h('span', { class: 'chip-chain path-chain', role: 'group', 'aria-label': 'Path' }, out);
}

/** A list's items, the first LIST_HEAD shown and the rest one click away. */
function listView(items: Node[]): HTMLElement {
  if (!items.length) return h('span', { class: 'v-scalar' }, '[]');
  const ol = h(
    'ol',
    { class: 'val-list' },
    items.map((x, i) => h('li', i >= LIST_HEAD ? { hidden: true } : {}, x)),
  );
  if (items.length > LIST_HEAD) {
    const more = h(
      'button',
      {
        type: 'button',
        class: 'fold-toggle',
        onclick: () => {
          for (const li of ol.querySelectorAll('li[hidden]')) li.removeAttribute('hidden');
          more.remove();
        },
      },
      `+${items.length - LIST_HEAD} more`,
    );
    return h('span', { class: 'val-list-wrap' }, ol, more);
  }
  return ol;
}

function mapView(entries: [string, Node][]): HTMLElement {
  if (!entries.length) return h('span', { class: 'v-scalar' }, '{}');
  return h(
    'dl',
    { class: 'val-map' },
    entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

/** A typed value inside a cell: chips for graph values, structure for maps and lists. */
function typedView(v: TypedValue, ctx: CellContext): Node {
  switch (v.$type) {
    case 'Node':
      return typedNodeChip(v._value as NodeShape, ctx);
    case 'Relationship':
      return relChain(v._value as RelShape, ctx);
    case 'Path':
      return pathChain(v._value as TypedValue[], ctx);
    case 'List':
      return listView((v._value as TypedValue[]).map((x) => typedView(x, ctx)));
    case 'Map':
      return mapView(
        Object.entries(v._value as Record<string, TypedValue>).map(([k, x]) => [
          k,
          typedView(x, ctx),
        ]),
      );
    default:
      return h(
        'span',
        { class: `v-scalar v-${v.$type.toLowerCase()}` },
        typedText(v, ctx.graph, true),
      );
  }
}

/** Plain JSON (named queries): nodes and relationships as chips, the rest as text. */
function plainView(v: JsonValue, ctx: CellContext): Node | null {
  if (!v || typeof v !== 'object') return null;
  const o = (Array.isArray(v) ? {} : v) as Record<string, JsonValue>;
  const props = (o.properties ?? {}) as Record<string, JsonValue>;
  if (Array.isArray(o.labels) && typeof o.id === 'string') {
    return nodeChip(o.id, display(props.name ?? o.id), o.labels as string[], ctx);
  }
  if (typeof o.type === 'string' && typeof o.source === 'string' && typeof o.id === 'string') {
    const edge = ctx.graph?.edges.find((e) => e.id === o.id);
    const end = (id: string) => {
      const n = ctx.graph?.nodes.find((x) => x.id === id);
      return nodeChip(id, n ? display(n.properties.name ?? n.id) : id, n?.labels ?? [], ctx);
    };
    return h(
      'span',
      { class: 'chip-chain' },
      end(edge?.source ?? o.source),
      relChip(o.id, o.type, true, ctx, o.type),
      end(edge?.target ?? String(o.target)),
    );
  }
  if (Array.isArray(v)) {
    return listView(v.map((x) => plainView(x, ctx) ?? plainScalar(x)));
  }
  return mapView(Object.entries(o).map(([k, x]) => [k, plainView(x, ctx) ?? plainScalar(x)]));
}

function plainScalar(v: JsonValue): HTMLElement {
  return h(
    'span',
    { class: typeof v === 'number' ? 'v-scalar v-integer' : 'v-scalar' },
    display(v),
  );
}

/** Folds long content to a few lines behind a "Show all" button. */
function folding(content: (Node | string)[], length: number): (Node | string)[] {
  if (length <= FOLD_AT) return content;
  const box = h('div', { class: 'fold folded' }, content);
  const btn = h('button', { type: 'button', class: 'fold-toggle', 'aria-expanded': 'false' });
  const sync = () => {
    const open = !box.classList.contains('folded');
    btn.setAttribute('aria-expanded', String(open));
    btn.textContent = open ? 'Show less' : `Show all (${length} chars)`;
  };
  btn.addEventListener('click', () => {
    box.classList.toggle('folded');
    sync();
  });
  sync();
  return [box, btn];
}

const STRUCTURED = new Set(['Node', 'Relationship', 'Path', 'List', 'Map']);

/** One result cell as it reads best. Scalars keep the text, type title and badge of cellView. */
export function resultCell(v: JsonValue, ctx: CellContext): HTMLTableCellElement {
  const view = cellView(v, ctx.graph);
  const attrs = view.type
    ? { class: `v v-${view.type.toLowerCase()}`, title: view.type }
    : typeof v === 'number'
      ? { class: 'v-number' }
      : {};
  let content: (Node | string)[];
  if (isTyped(v) && STRUCTURED.has(v.$type)) content = [typedView(v, ctx)];
  else {
    const plain = isTyped(v) ? null : plainView(v, ctx);
    content = plain
      ? [plain]
      : [view.text, view.badge ? h('span', { class: 'v-badge' }, view.badge) : ''];
  }
  return h('td', attrs, folding(content, view.text.length));
}

/** The cell's JSON exactly as the server sent it. */
export function rawCell(v: JsonValue): HTMLTableCellElement {
  return h('td', { class: 'v-raw' }, h('pre', {}, JSON.stringify(v, null, 2)));
}
