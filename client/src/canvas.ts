import cytoscape, {
  type BoundingBox12,
  type Collection,
  type Core,
  type EdgeSingular,
  type ElementDefinition,
  type LayoutOptions,
  type NodeCollection,
  type NodeSingular,
  type Position,
  type SingularElementArgument,
} from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import type { Family, GraphEdge, GraphNode, GraphPayload, NeighborsPayload } from './api';
import { FAMILIES } from './api';
import { KINDS, nodeElement, edgeElement, type Kind } from './elements';
import { applyRendererMode, isLargeGraph, layOutInWorker, styleFor } from './large-graph';
import { graphStyle } from './style';
import { overlayStyle } from './canvas-overlay-style';
import { bundleParallel } from './bundles';
import { Groups } from './groups';

cytoscape.use(fcose);
cytoscape.use(dagre);

export type LayoutName = 'force' | 'hierarchy' | 'concentric';
export const LAYOUTS: { name: LayoutName; label: string }[] = [
  { name: 'force', label: 'Force' },
  { name: 'hierarchy', label: 'Ownership hierarchy' },
  { name: 'concentric', label: 'Around focus' },
];

/** Everything the canvas needs from the outside world: it never fetches on its own. */
export interface CanvasLoaders {
  neighbors(
    id: string,
    opts: { families: Family[]; limit: number; at: string | null },
  ): Promise<NeighborsPayload>;
}

interface Action {
  label: string;
  undo(): void;
  redo(): void;
}

export const EXPAND_LIMIT = 25;
/** A plain expansion asks for this many: a hub's crowd arrives grouped (groups.ts), not loose. */
export const GROUPED_EXPAND_LIMIT = 100;
const MORE_PREFIX = 'more:';

export class Canvas {
  readonly cy: Core;
  readonly families = new Set<Family>(FAMILIES);
  readonly kinds = new Set<Kind | 'Other'>([...KINDS, 'Other']);
  /** Datasets switched off in the legend: their claims hide, and entities only they assert. */
  readonly hiddenDatasets = new Set<string>();
  at: string | null = null;
  layoutName: LayoutName = 'force';
  focusId: string | null = null;
  private undoStack: Action[] = [];
  private redoStack: Action[] = [];
  private timeFilter: ((e: EdgeSingular) => boolean) | null = null;
  /** Large-graph mode (client/src/large-graph.ts): light style, worker force layout. */
  large = false;
  private layoutWorker: Worker | null = null;
  readonly groups: Groups;
  /** Entity pairs whose parallel relationships the user unbundled (bundles.ts). */
  readonly openBundles = new Set<string>();
  /** Set while a worker layout runs; aborted when a newer layout starts (see cancelLayout). */
  private layoutAbort: AbortController | null = null;
  private listeners = {
    select: [] as ((el: SingularElementArgument | null) => void)[],
    change: [] as (() => void)[],
    expandRequest: [] as ((id: string, limit: number) => void)[],
  };

  constructor(
    container: HTMLElement,
    private readonly loaders: CanvasLoaders,
  ) {
    this.cy = cytoscape({
      container,
      style: [...graphStyle, ...overlayStyle],
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4,
      selectionType: 'single',
    });
    this.groups = new Groups(this.cy);
    this.cy.on('tap', 'node, edge', (ev) => {
      const el = ev.target as SingularElementArgument;
      if (el.hasClass('group')) this.openGroup(el.id());
      else if (el.hasClass('bundle')) this.openBundle(String(el.data('pair')));
      else this.emitSelect(el);
    });
    this.cy.on('tap', (ev) => {
      if (ev.target === this.cy) this.emitSelect(null);
    });
    this.cy.on('dbltap', 'node', (ev) => {
      const node = ev.target as NodeSingular;
      const [id, limit] = node.hasClass('more')
        ? [node.data('hub') as string, node.data('nextLimit') as number]
        : [node.id(), EXPAND_LIMIT];
      for (const fn of this.listeners.expandRequest) fn(id, limit);
    });
  }

  /** Double-click on a node (or on a hub's "N more"): the owner decides how to expand. */
  onExpandRequest(fn: (id: string, limit: number) => void): void {
    this.listeners.expandRequest.push(fn);
  }

  onSelect(fn: (el: SingularElementArgument | null) => void): void {
    this.listeners.select.push(fn);
  }

  /** Called after anything that changes what is on the canvas (for URL state, counts). */
  onChange(fn: () => void): void {
    this.listeners.change.push(fn);
  }

  /** Selects one element (or nothing) and tells the listeners, as a tap would. */
  select(el: SingularElementArgument | null): void {
    this.cy.elements(':selected').unselect();
    el?.select();
    this.emitSelect(el);
  }

  private emitSelect(el: SingularElementArgument | null): void {
    for (const fn of this.listeners.select) fn(el);
  }

  private emitChange(): void {
    this.syncMode(this.cy.nodes().length);
    for (const fn of this.listeners.change) fn();
  }

  /** Switches between the full and the large-graph style and renderer settings. */
  private syncMode(nodeCount: number): void {
    const large = isLargeGraph(nodeCount);
    if (large === this.large) return;
    this.large = large;
    this.cy.style([...styleFor(nodeCount), ...overlayStyle]);
    // cy.renderer() exists at run time but not in Cytoscape's type definitions.
    applyRendererMode((this.cy as unknown as { renderer(): unknown }).renderer(), large);
  }

  // ---- data ---------------------------------------------------------------------------------

  /** Adds a payload (or replaces the canvas with it). Returns the elements that are new. */
  load(
    graph: GraphPayload,
    opts: { mode: 'add' | 'replace'; layout?: boolean; near?: string; record?: string } = {
      mode: 'add',
    },
  ): Collection {
    const removed = opts.mode === 'replace' ? this.cy.elements().remove() : this.cy.collection();
    const defs = this.newDefinitions(graph.nodes, graph.edges);
    // Style first: elements added under the full style would be styled twice.
    this.syncMode(this.cy.nodes().length + defs.filter((d) => d.group === 'nodes').length);
    const added = this.cy.add(defs);
    if (opts.near) this.placeNear(opts.near, added.nodes());
    this.applyFilters();
    if (opts.layout) void this.runLayout(this.layoutName);
    else if (opts.near) this.declutter(added.nodes());
    if (opts.record) {
      this.record({
        label: opts.record,
        undo: () => {
          added.remove();
          removed.restore();
        },
        redo: () => {
          removed.remove();
          added.restore();
        },
      });
    }
    this.emitChange();
    return added;
  }

  private newDefinitions(nodes: GraphNode[], edges: GraphEdge[]): ElementDefinition[] {
    const defs: ElementDefinition[] = [];
    const seen = new Set<string>();
    for (const n of nodes) {
      if (seen.has(n.id) || this.cy.getElementById(n.id).nonempty()) continue;
      seen.add(n.id);
      defs.push(nodeElement(n));
    }
    for (const e of edges) {
      if (seen.has(e.id) || this.cy.getElementById(e.id).nonempty()) continue;
      const endsKnown = [e.source, e.target].every(
        (id) => seen.has(id) || this.cy.getElementById(id).nonempty(),
      );
      if (!endsKnown) continue;
      seen.add(e.id);
      defs.push(edgeElement(e));
    }
    return defs;
  }

  /** Double-click: neighbours through the API with the family filter; a hub shows "N more". */
  async expand(id: string, limit = EXPAND_LIMIT): Promise<Collection> {
    const parent = this.cy.getElementById(id);
    if (parent.empty()) return this.cy.collection();
    const fetchLimit = limit === EXPAND_LIMIT ? GROUPED_EXPAND_LIMIT : limit;
    const res = await this.loaders.neighbors(id, {
      families: [...this.families],
      limit: fetchLimit,
      at: this.at,
    });
    const oldMore = this.cy.getElementById(MORE_PREFIX + id);
    const removed = oldMore.nonempty() ? oldMore.remove() : this.cy.collection();
    const defs = this.newDefinitions(res.nodes, res.edges);
    for (const d of defs) if (d.group === 'nodes') d.data.expandedFrom = id;
    if (res.omitted > 0) {
      defs.push(
        {
          group: 'nodes',
          classes: 'more',
          data: {
            id: MORE_PREFIX + id,
            label: `+${res.omitted} more`,
            kind: 'More',
            hub: id,
            expandedFrom: id,
            nextLimit: fetchLimit + 50,
          },
        },
        {
          group: 'edges',
          classes: 'more-edge',
          data: { id: `${MORE_PREFIX}${id}:edge`, source: id, target: MORE_PREFIX + id },
        },
      );
    }
    const added = this.groups.groupExpansion(parent, this.cy.add(defs));
    this.placeNear(id, added.nodes());
    this.applyFilters();
    this.declutter(added.nodes());
    this.record({
      label: `expand ${parent.data('name') ?? id}`,
      undo: () => {
        added.remove();
        removed.restore();
      },
      redo: () => {
        removed.remove();
        added.restore();
      },
    });
    this.emitChange();
    return added;
  }

  /** Removes what expanding `id` brought in and that nothing else on the canvas holds on to. */
  collapse(id: string): Collection {
    const parent = this.cy.getElementById(id);
    const candidates = this.cy.nodes().filter((n) => n.data('expandedFrom') === id);
    const leaving = candidates.filter((n) =>
      n
        .neighborhood()
        .nodes()
        .toArray()
        .every((m) => m.id() === id || candidates.contains(m)),
    );
    if (leaving.empty()) return leaving;
    const removed = leaving.remove();
    this.record({
      label: `collapse ${parent.data('name') ?? id}`,
      undo: () => void removed.restore(),
      redo: () => void removed.remove(),
    });
    this.emitChange();
    return removed;
  }

  hide(eles: Collection): void {
    if (eles.empty()) return;
    const removed = eles.union(eles.nodes().connectedEdges()).remove();
    this.record({
      label: 'hide',
      undo: () => void removed.restore(),
      redo: () => void removed.remove(),
    });
    this.emitSelect(null);
    this.emitChange();
  }

  /** Removes retracted elements for good: no undo, they left the graph (they were not hidden). */
  drop(eles: Collection): void {
    if (eles.empty()) return;
    eles.union(eles.nodes().connectedEdges()).remove();
    this.emitSelect(null);
    this.emitChange();
  }

  private record(action: Action): void {
    this.undoStack.push(action);
    this.redoStack = [];
  }

  canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  undo(): void {
    const a = this.undoStack.pop();
    if (!a) return;
    a.undo();
    this.redoStack.push(a);
    this.applyFilters();
    this.emitChange();
  }

  redo(): void {
    const a = this.redoStack.pop();
    if (!a) return;
    a.redo();
    this.undoStack.push(a);
    this.applyFilters();
    this.emitChange();
  }

  // ---- filters ------------------------------------------------------------------------------

  setFamily(f: Family, on: boolean): void {
    if (on) this.families.add(f);
    else this.families.delete(f);
    this.applyFilters();
    this.emitChange();
  }

  setKind(k: Kind | 'Other', on: boolean): void {
    if (on) this.kinds.add(k);
    else this.kinds.delete(k);
    this.applyFilters();
    this.emitChange();
  }

  setDataset(id: string, on: boolean): void {
    if (on) this.hiddenDatasets.delete(id);
    else this.hiddenDatasets.add(id);
    this.applyFilters();
    this.emitChange();
  }

  /** True when every dataset asserting the element is switched off (none listed: never). */
  private datasetHidden(el: NodeSingular | EdgeSingular): boolean {
    if (!this.hiddenDatasets.size) return false;
    const p = (el.data('properties') ?? {}) as Record<string, unknown>;
    const list = Array.isArray(p.datasets) ? p.datasets : p.dataset ? [p.dataset] : [];
    return list.length > 0 && list.every((d) => this.hiddenDatasets.has(String(d)));
  }

  /** Edges valid at the chosen date; `null` shows every edge. */
  setTimeFilter(at: string | null, valid: ((e: EdgeSingular) => boolean) | null): void {
    this.at = at;
    this.timeFilter = valid;
    this.applyFilters();
    this.emitChange();
  }

  /** Hidden nodes take their edges with them: no edge is ever drawn to a hidden end. */
  applyFilters(): void {
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        const raw = n.data('kind') as Kind | 'Other' | 'More' | 'Group';
        // A group shows while the kind of its members does.
        const kind = raw === 'Group' ? (n.data('memberKind') as Kind | 'Other') : raw;
        n.toggleClass(
          'filtered',
          kind !== 'More' && (!this.kinds.has(kind) || this.datasetHidden(n)),
        );
      });
      this.cy.edges().forEach((e) => {
        const fam = e.data('family') as Family | 'other' | undefined;
        const famHidden = fam !== undefined && fam !== 'other' && !this.families.has(fam);
        const endHidden = e.source().hasClass('filtered') || e.target().hasClass('filtered');
        e.toggleClass('filtered', famHidden || endHidden || this.datasetHidden(e));
        const timeHidden =
          !!this.timeFilter && !e.hasClass('more-edge group-edge') && !this.timeFilter(e);
        e.toggleClass('time-hidden', timeHidden);
      });
    });
    bundleParallel(this.cy, this.openBundles);
  }

  // ---- groups and bundles -------------------------------------------------------------------

  /** Opens a group node: its members return where it stood. */
  openGroup(id: string): Collection {
    const info = this.groups.get(id);
    const added = this.groups.open(id);
    if (added.empty() || !info) return added;
    this.applyFilters();
    this.declutter(added.nodes());
    this.record({
      label: `open ${info.name}`,
      undo: () => void this.groups.collapse(id),
      redo: () => void this.groups.open(id),
    });
    this.emitSelect(null);
    this.emitChange();
    return added;
  }

  /** Closes an open group back into its node. */
  collapseGroup(id: string): void {
    const info = this.groups.get(id);
    const node = this.groups.collapse(id);
    if (node.empty() || !info) return;
    this.applyFilters();
    this.declutter(node.nodes());
    this.record({
      label: `collapse ${info.name}`,
      undo: () => void this.groups.open(id),
      redo: () => void this.groups.collapse(id),
    });
    this.emitSelect(null);
    this.emitChange();
  }

  /** Groups entities by hand under a name (kept in share links). Returns the group's id. */
  groupNodes(name: string, nodes: NodeCollection, id?: string): string | null {
    const members = nodes.not('.group, .more');
    if (members.length < 2) return null;
    const node = this.groups.groupByHand(name, members, id);
    const gid = node.nodes().first().id();
    const ids = new Set(members.map((n) => n.id()));
    this.applyFilters();
    this.declutter(node.nodes());
    this.record({
      label: `group ${name}`,
      undo: () => this.groups.ungroup(gid),
      redo: () =>
        void this.groups.groupByHand(
          name,
          this.cy.nodes().filter((n) => ids.has(n.id())),
          gid,
        ),
    });
    this.emitSelect(null);
    this.emitChange();
    return gid;
  }

  /** Dissolves a group (its members stay on the canvas). */
  ungroup(id: string): void {
    this.groups.ungroup(id);
    this.applyFilters();
    this.emitChange();
  }

  /** Shows a bundle's relationships one by one. */
  openBundle(pair: string): void {
    this.openBundles.add(pair);
    this.applyFilters();
    this.emitSelect(null);
    this.emitChange();
  }

  /** Bundles a pair's parallel relationships again. */
  closeBundle(pair: string): void {
    this.openBundles.delete(pair);
    this.applyFilters();
    this.emitChange();
  }

  // ---- layout -------------------------------------------------------------------------------

  /** Resolves once the layout is applied (at once, except for the worker layout of big graphs). */
  async runLayout(
    name: LayoutName = this.layoutName,
    focusId: string | null = this.focusId,
  ): Promise<void> {
    this.layoutName = name;
    this.cancelLayout();
    const visible = this.cy.elements().not('.filtered, .time-hidden');
    const nodes = visible.nodes();
    if (nodes.empty()) return;
    if (name === 'force' && this.large) {
      const applied = await this.forceInWorker(visible);
      if (!applied) return;
    } else if (name === 'hierarchy') this.hierarchy(visible);
    else if (name === 'concentric') this.concentric(visible, focusId);
    else this.force(visible);
    this.declutter(nodes);
    this.fit();
    this.emitChange();
  }

  /**
   * The multilevel Barnes-Hut layout in a Web Worker (fcose is O(n²) per iteration). Returns
   * false when a newer layout started meanwhile: its positions win.
   */
  private async forceInWorker(eles: Collection): Promise<boolean> {
    this.layoutWorker ??= new Worker(new URL('./layouts/force-worker.ts', import.meta.url), {
      type: 'module',
    });
    const abort = new AbortController();
    this.layoutAbort = abort;
    const result = await layOutInWorker(this.cy, this.layoutWorker, eles, abort.signal);
    if (this.layoutAbort === abort) this.layoutAbort = null;
    return result !== null;
  }

  /**
   * A newer layout wins over a running worker layout: the abort ends that layout's render batch
   * at once, and its worker (one job at a time, its answer no longer wanted) is dropped.
   */
  private cancelLayout(): void {
    if (!this.layoutAbort) return;
    this.layoutAbort.abort();
    this.layoutAbort = null;
    this.layoutWorker?.terminate();
    this.layoutWorker = null;
  }

  private force(eles: Collection): void {
    eles
      .layout({
        name: 'fcose',
        quality: eles.nodes().length > 400 ? 'default' : 'proof',
        animate: false,
        randomize: true,
        nodeDimensionsIncludeLabels: true,
        nodeRepulsion: () => 12000,
        idealEdgeLength: () => 95,
        nodeSeparation: 90,
        packComponents: true,
        padding: 20,
      } as LayoutOptions)
      .run();
  }

  /** Ownership chains top-down (owner above asset); everything else on a grid below. */
  private hierarchy(eles: Collection): void {
    const own = eles.edges('[family = "ownership"]');
    const chain = own.connectedNodes();
    const tree = chain.nonempty() ? chain.union(own) : eles;
    tree
      .layout({
        name: 'dagre',
        rankDir: 'TB',
        nodeSep: 40,
        rankSep: 80,
        edgeSep: 10,
        nodeDimensionsIncludeLabels: true,
        animate: false,
      } as LayoutOptions)
      .run();
    const rest = eles.nodes().not(tree.nodes());
    if (rest.nonempty()) {
      const bb = tree.nodes().boundingBox({ includeLabels: true });
      const cols = Math.max(4, Math.ceil(Math.sqrt(rest.length * 2)));
      const w = 150;
      rest
        .layout({
          name: 'grid',
          animate: false,
          cols,
          avoidOverlap: true,
          nodeDimensionsIncludeLabels: true,
          boundingBox: {
            x1: bb.x1,
            y1: bb.y2 + 80,
            w: Math.max(bb.w, cols * w),
            h: Math.ceil(rest.length / cols) * 90,
          },
        } as LayoutOptions)
        .run();
    }
  }

  /**
   * Rings by hop distance from the focus (the selected entity, else the best connected one).
   * Each ring is as wide as its nodes need and turned a little against the previous one, so
   * chains do not line up into a column; unreachable nodes take the outermost ring.
   */
  private concentric(eles: Collection, focusId: string | null): void {
    const root = focusId ? this.cy.getElementById(focusId) : null;
    const rootNode =
      root && root.nonempty() && eles.contains(root)
        ? root
        : eles.nodes().max((n) => n.degree(false)).ele;
    const depth = new Map<string, number>();
    eles.breadthFirstSearch({
      root: rootNode,
      directed: false,
      visit: (v, _e, _u, _i, d) => {
        depth.set(v.id(), d);
      },
    });
    const outer = Math.max(0, ...depth.values()) + 1;
    const rings = new Map<number, NodeSingular[]>();
    eles.nodes().forEach((n) => {
      const d = depth.get(n.id()) ?? outer;
      rings.set(d, [...(rings.get(d) ?? []), n]);
    });
    const centre = rootNode.position();
    const slot = 110; // arc length per node; declutter() settles the odd label clash
    let radius = 0;
    const positions = new Map<string, Position>();
    for (const d of [...rings.keys()].sort((a, b) => a - b)) {
      const ring = rings.get(d)!.sort((a, b) => b.degree(false) - a.degree(false));
      if (d === 0 && ring.length === 1) {
        positions.set(ring[0].id(), { ...centre });
        continue;
      }
      // A crowded ring zigzags between two radii, so neighbours' labels need half the arc.
      const zigzag = ring.length > 10;
      radius = Math.max(radius + 130, (ring.length * slot) / (zigzag ? 2 : 1) / (2 * Math.PI));
      const offset = -Math.PI / 2 + d * 0.61;
      ring.forEach((n, i) => {
        const a = offset + (2 * Math.PI * i) / ring.length;
        const r = radius + (zigzag && i % 2 ? 75 : 0);
        positions.set(n.id(), { x: centre.x + r * Math.cos(a), y: centre.y + r * Math.sin(a) });
      });
      if (zigzag) radius += 75;
    }
    eles
      .nodes()
      .layout({
        name: 'preset',
        animate: false,
        fit: false,
        positions: (n: NodeSingular) => positions.get(n.id()) ?? n.position(),
      } as LayoutOptions)
      .run();
  }

  /** Space on the right covered by an overlay panel (the inspector): fit and focus avoid it. */
  insets = { right: 0 };

  /** Fits the elements into the part of the canvas no panel covers, never zooming past 1.3. */
  fit(eles?: Collection, padding = 30): void {
    const target = eles ?? this.cy.elements().not('.filtered, .time-hidden');
    if (target.empty()) return;
    const bb = target.boundingBox({ includeLabels: true, includeOverlays: false });
    const w = Math.max(100, this.cy.width() - this.insets.right);
    const h = this.cy.height();
    const zoom = Math.min(
      1.3,
      Math.max(
        this.cy.minZoom(),
        Math.min((w - 2 * padding) / Math.max(bb.w, 1), (h - 2 * padding) / Math.max(bb.h, 1)),
      ),
    );
    this.cy.viewport({
      zoom,
      pan: { x: (w - bb.w * zoom) / 2 - bb.x1 * zoom, y: (h - bb.h * zoom) / 2 - bb.y1 * zoom },
    });
  }

  /** Centres a node in the uncovered part of the canvas. */
  private centre(node: NodeSingular, zoom: number, animate: boolean): void {
    const p = node.position();
    const w = Math.max(100, this.cy.width() - this.insets.right);
    const pan = { x: w / 2 - p.x * zoom, y: this.cy.height() / 2 - p.y * zoom };
    if (animate) this.cy.animate({ zoom, pan }, { duration: 250 });
    else this.cy.viewport({ zoom, pan });
  }

  /**
   * New nodes go around their parent, first on the side facing away from the rest of the graph,
   * each on the nearest free spot (no box of node + label touching another), so nothing that is
   * already on the canvas moves.
   */
  private placeNear(parentId: string, nodes: NodeCollection): void {
    const parent = this.cy.getElementById(parentId);
    if (parent.empty() || nodes.empty()) return;
    const p = parent.position();
    const others = this.cy.nodes().not(nodes).not('.filtered');
    let base = 0;
    if (others.length > 1) {
      const c = others.boundingBox({});
      const cx = (c.x1 + c.x2) / 2;
      const cy = (c.y1 + c.y2) / 2;
      if (Math.hypot(p.x - cx, p.y - cy) > 1) base = Math.atan2(p.y - cy, p.x - cx);
    }
    const pad = 8;
    const placed = others.map((n) => n.boundingBox({}));
    const free = (b: BoundingBox12) =>
      placed.every(
        (o) => b.x2 + pad <= o.x1 || o.x2 + pad <= b.x1 || b.y2 + pad <= o.y1 || o.y2 + pad <= b.y1,
      );
    const steps = 24;
    nodes.forEach((node) => {
      node.position({ ...p });
      const own = node.boundingBox({});
      const dx1 = own.x1 - p.x;
      const dx2 = own.x2 - p.x;
      const dy1 = own.y1 - p.y;
      const dy2 = own.y2 - p.y;
      let spot: Position | null = null;
      for (let r = 110; r <= 2000 && !spot; r += 45) {
        for (let k = 0; k < steps && !spot; k++) {
          // base, base+δ, base−δ, base+2δ, … so the nearest angle to "outward" wins
          const turn = (k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * ((2 * Math.PI) / steps);
          const x = p.x + r * Math.cos(base + turn);
          const y = p.y + r * Math.sin(base + turn);
          const box = { x1: x + dx1, x2: x + dx2, y1: y + dy1, y2: y + dy2 };
          if (free(box)) spot = { x, y };
        }
      }
      node.position(spot ?? { x: p.x + 150 * Math.cos(base), y: p.y + 150 * Math.sin(base) });
      placed.push(node.boundingBox({}));
    });
  }

  /**
   * Pushes apart nodes whose boxes (node plus label) overlap. Only `movable` nodes move, so an
   * expansion never makes the rest of the graph jump.
   */
  declutter(movable: NodeCollection, maxIterations = 300): void {
    const visible = this.cy.nodes().not('.filtered').nodes();
    if (visible.length > 600 || movable.empty()) return;
    const pad = 6;
    const canMove = new Set(movable.map((n) => n.id()));
    for (let iter = 0; iter < maxIterations; iter++) {
      let moved = false;
      // Default boxes: node, label and the focus halo.
      const boxes = visible.map((n) => ({ n, b: n.boundingBox({}) }));
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i];
          const b = boxes[j];
          const am = canMove.has(a.n.id());
          const bm = canMove.has(b.n.id());
          if (!am && !bm) continue;
          const ox = Math.min(a.b.x2, b.b.x2) - Math.max(a.b.x1, b.b.x1) + pad;
          const oy = Math.min(a.b.y2, b.b.y2) - Math.max(a.b.y1, b.b.y1) + pad;
          if (ox <= 0 || oy <= 0) continue;
          const acx = (a.b.x1 + a.b.x2) / 2;
          const bcx = (b.b.x1 + b.b.x2) / 2;
          const acy = (a.b.y1 + a.b.y2) / 2;
          const bcy = (b.b.y1 + b.b.y2) / 2;
          const move: Position =
            ox < oy
              ? { x: (bcx >= acx ? 1 : -1) * (ox / 2 + 1), y: 0 }
              : { x: 0, y: (bcy >= acy ? 1 : -1) * (oy / 2 + 1) };
          const share = am && bm ? 1 : 2;
          if (bm) shift(b.n, move, share);
          if (am) shift(a.n, { x: -move.x, y: -move.y }, share);
          a.b = a.n.boundingBox({});
          b.b = b.n.boundingBox({});
          moved = true;
        }
      }
      if (!moved) break;
    }
  }

  // ---- focus and highlight ------------------------------------------------------------------

  /** Marks the entity the view is about (ring under the node); concentric layout centres on it. */
  setFocus(id: string | null): void {
    this.focusId = id;
    this.cy.nodes('.focus').removeClass('focus');
    if (id) this.cy.getElementById(id).addClass('focus');
  }

  /** Selects and centres a node; `keepZoom` (restoring a link) keeps the fitted overview. */
  focus(id: string, opts: { animate?: boolean; keepZoom?: boolean } = {}): NodeSingular | null {
    const node = this.cy.getElementById(id);
    if (node.empty() || !node.isNode()) return null;
    this.setFocus(id);
    this.cy.elements(':selected').unselect();
    node.select();
    this.emitSelect(node);
    this.centre(node, opts.keepZoom ? this.cy.zoom() : Math.max(this.cy.zoom(), 1), !!opts.animate);
    this.emitChange();
    return node;
  }

  /** Highlights the given elements and dims everything else; `null` clears. */
  highlight(eles: Collection | null): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('path dimmed');
      if (!eles || eles.empty()) return;
      eles.addClass('path');
      this.cy.elements().not(eles).addClass('dimmed');
    });
  }

  /** The visible graph as an API payload (for JSON export). */
  visiblePayload(): GraphPayload {
    const vis = this.cy
      .elements()
      .not('.filtered, .time-hidden, .more, .more-edge, .group, .group-edge, .bundle');
    return {
      nodes: vis.nodes().map((n) => ({
        id: n.id(),
        labels: n.data('labels') ?? [],
        properties: n.data('properties') ?? {},
      })),
      edges: vis.edges().map((e) => ({
        id: e.id(),
        type: e.data('type'),
        family: e.data('family') === 'other' ? null : e.data('family'),
        source: e.source().id(),
        target: e.target().id(),
        properties: e.data('properties') ?? {},
      })),
    };
  }
}

function shift(n: NodeSingular, d: Position, share: number): void {
  const p = n.position();
  n.position({ x: p.x + (d.x * share) / 2, y: p.y + (d.y * share) / 2 });
}
