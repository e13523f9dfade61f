import type { Collection, Core, CytoscapeOptions, NodeSingular, StylesheetJson } from 'cytoscape';
import { FAMILY_STYLE, graphStyle, KIND_STYLE } from './style';
import { runForceLayout, type ForceLayoutResult } from './layouts/force-worker';

/**
 * Large-graph mode, one code path for the app (canvas.ts) and the render bench
 * (bench/render/main.ts): above LARGE_GRAPH_NODES nodes, a light style and the multilevel force
 * layout in a Web Worker instead of fcose.
 */

/**
 * Past a few hundred nodes labels overlap at any zoom that shows the whole graph, the full style
 * (SVG icons, label backgrounds, edge labels, bezier edges) takes about 1.1 s to draw 1k nodes in
 * headless Chromium against ~0.2 s for the light one, and fcose (O(n²) per iteration) slows down.
 */
export const LARGE_GRAPH_NODES = 500;

export function isLargeGraph(nodeCount: number): boolean {
  return nodeCount > LARGE_GRAPH_NODES;
}

/** Labels appear once zoomed in this far (rendered font size in px; below it, none are drawn). */
const MIN_LABEL_PX = 8;

/**
 * Shapes and kind colours (so the legend still reads), family colours; no icons, no label
 * backgrounds, no edge labels or arrows, haystack edges (straight, drawn without bezier maths).
 * State classes (selected, filtered, path, focus) keep their meaning.
 */
export const largeGraphStyle: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#111827',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'min-zoomed-font-size': MIN_LABEL_PX,
      width: 14,
      height: 14,
    },
  },
  ...Object.entries(KIND_STYLE).map(([kind, s]) => ({
    selector: `node[kind = "${kind}"]`,
    style: { 'background-color': s.color, shape: s.shape },
  })),
  {
    selector: 'node.more',
    style: { 'background-color': '#9ca3af', shape: 'round-rectangle' },
  },
  {
    selector: 'edge',
    style: {
      width: 0.8,
      'curve-style': 'haystack',
      'haystack-radius': 0,
      opacity: 0.55,
      'line-color': '#9ca3af',
    },
  },
  ...Object.entries(FAMILY_STYLE).map(([family, s]) => ({
    selector: `edge[family = "${family}"]`,
    style: { 'line-color': s.color },
  })),
  {
    selector: 'node:selected',
    style: { 'border-width': 3, 'border-color': '#111827', width: 22, height: 22 },
  },
  {
    selector: 'edge:selected',
    style: { 'line-color': '#111827', width: 3, opacity: 1, 'z-index': 10 },
  },
  { selector: '.filtered, .time-hidden', style: { display: 'none' } },
  { selector: '.dimmed', style: { opacity: 0.1 } },
  {
    selector: 'node.path',
    style: { 'border-width': 3, 'border-color': '#facc15', 'z-index': 20 },
  },
  {
    selector: 'edge.path',
    style: { width: 4, 'line-color': '#ca8a04', opacity: 1, 'z-index': 20 },
  },
  {
    selector: 'node.focus',
    style: { 'underlay-color': '#facc15', 'underlay-opacity': 0.45, 'underlay-padding': 6 },
  },
];

/** The stylesheet for a canvas holding this many nodes. */
export function styleFor(nodeCount: number): StylesheetJson {
  return isLargeGraph(nodeCount) ? largeGraphStyle : graphStyle;
}

/**
 * Renderer settings for large graphs. Cytoscape only reads them at construction, so `applyTo`
 * also sets them on a live renderer (the app's canvas switches modes as graphs come and go).
 */
export const largeGraphRenderer = {
  /** While the user pans or zooms, one cached bitmap moves instead of every element redrawing. */
  textureOnViewport: true,
  /** Edges vanish during a gesture: with 2× as many edges as nodes they are most of the cost. */
  hideEdgesOnViewport: true,
  /** One canvas pixel per CSS pixel: a hi-DPI screen would otherwise draw 4× the pixels. */
  pixelRatio: 1,
} as const satisfies Partial<CytoscapeOptions>;

/** The canvas renderer's fields behind those options (cytoscape src/extensions/renderer/base). */
interface RendererFlags {
  textureOnViewport: boolean;
  hideEdgesOnViewport: boolean;
  forcedPixelRatio: number | null;
}

export function applyRendererMode(renderer: unknown, large: boolean): void {
  const r = renderer as Partial<RendererFlags> | null;
  if (!r || typeof r !== 'object' || !('textureOnViewport' in r)) return;
  r.textureOnViewport = large && largeGraphRenderer.textureOnViewport;
  r.hideEdgesOnViewport = large && largeGraphRenderer.hideEdgesOnViewport;
  r.forcedPixelRatio = large ? largeGraphRenderer.pixelRatio : null;
}

/**
 * Positions from the worker force layout for these node ids and edges (given as id pairs; edges
 * to unknown ids are ignored).
 */
export function forcePositions(
  worker: Worker,
  ids: string[],
  links: Array<[string, string]>,
): Promise<ForceLayoutResult> {
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges: Array<[number, number]> = [];
  for (const [source, target] of links) {
    const s = index.get(source);
    const t = index.get(target);
    if (s !== undefined && t !== undefined) edges.push([s, t]);
  }
  return runForceLayout(worker, { nodes: ids, edges });
}

/** Cytoscape internals the bulk styling below uses (3.35; not in its type definitions). */
interface StyleInternals {
  apply(eles: Collection): unknown;
  checkTriggers?: (...args: unknown[]) => void;
}
interface ElementInternals {
  _private: { styleDirty?: boolean };
}
interface CollectionInternals {
  dirtyStyleCache(): unknown;
  dirtyCompoundBoundsCache(): unknown;
  dirtyBoundingBoxCache(): unknown;
}
interface CoreInternals {
  notify(event: string, eles?: Collection): void;
}

/**
 * Computes the style of every element of `eles` whose style is dirty (what Cytoscape would do
 * lazily at the first draw), in one pass.
 *
 * Cytoscape's own `cleanStyle` applies every property that differs from the element's current
 * style (at a first styling all of them, about 150 with the defaults), and after each one runs
 * the style's `checkTriggers`: it clears the element's cached style values (and its connected
 * edges', through a new `connectedEdges()` collection every time, since the traversal cache
 * skips calls without a selector), and, for the properties that can move bounds or z-order,
 * clears bounding boxes and notifies the renderer ('bounds', 'zorder'), one event per property.
 * At 5k nodes and 10k edges that is millions of throw-away collections and events. Here the
 * triggers are held off during the pass (an own property shadowing the style's method), and
 * what they do is then done once for all the restyled elements: their (and their edges',
 * parallel edges') style caches and bounding boxes cleared, one 'bounds' and one 'zorder'
 * notification. That is a superset of what the per-property checks would have cleared (they
 * clear only when a value changes), and nothing reads those caches during the pass.
 */
function styleNow(cy: Core, eles: Collection): void {
  const restyled = eles.filter((ele) => {
    const p = (ele as unknown as ElementInternals)._private;
    if (!p.styleDirty) return false;
    // As cleanStyle does: the flag goes before applying (applying may read the style back).
    p.styleDirty = false;
    return true;
  });
  if (restyled.empty()) return;
  const style = cy.style() as unknown as StyleInternals;
  style.checkTriggers = () => undefined;
  try {
    style.apply(restyled);
  } finally {
    delete style.checkTriggers;
  }
  const touched = restyled
    .union(restyled.nodes().connectedEdges())
    .union(restyled.edges().parallelEdges()) as unknown as CollectionInternals & Collection;
  touched.dirtyStyleCache();
  touched.dirtyCompoundBoundsCache();
  touched.dirtyBoundingBoxCache();
  (cy as unknown as CoreInternals).notify('zorder', restyled);
}

/**
 * Lays out the nodes of `eles` (with the edges among them) in the worker and moves them there:
 * the app's force layout for large graphs (canvas.ts) and the render bench's path.
 *
 * The work overlaps: the job is posted first, then, while the worker computes, the main thread
 * computes every element's style (Cytoscape styles lazily, so otherwise the first draw does it,
 * after the layout, one step after the other), and a batch keeps the renderer from drawing the
 * new nodes piled at their initial positions meanwhile (a wasted frame of every element). The
 * positions go in inside that batch, so the first frame drawn afterwards is the laid-out graph.
 *
 * The batch must never outlive the job: `signal` (aborted when a newer layout starts, whose
 * worker may be terminated and never answer) ends it at once, synchronously, so the newer
 * layout runs and draws outside it; the call then resolves to null and leaves positions alone.
 */
export async function layOutInWorker(
  cy: Core,
  worker: Worker,
  eles: Collection,
  signal?: AbortSignal,
): Promise<ForceLayoutResult | null> {
  const nodes = eles.nodes();
  const pending = forcePositions(
    worker,
    nodes.map((n) => n.id()),
    eles.edges().map((e): [string, string] => [e.source().id(), e.target().id()]),
  );
  styleNow(cy, eles);
  cy.startBatch();
  let open = true;
  const close = () => {
    if (open) cy.endBatch();
    open = false;
  };
  const aborted = new Promise<null>((resolve) =>
    signal?.addEventListener(
      'abort',
      () => {
        close();
        resolve(null);
      },
      { once: true },
    ),
  );
  try {
    const result = await Promise.race([pending, aborted]);
    if (!result || signal?.aborted) return null;
    const { positions } = result;
    nodes.positions((n: NodeSingular) => positions[n.id()] ?? n.position());
    return result;
  } finally {
    close();
  }
}
