/// <reference lib="webworker" />
import {
  forceCenter,
  forceLink,
  forceManyBody,
  forceSimulation,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';

/**
 * Multilevel Barnes-Hut force layout for large graphs, meant to run in a Web Worker so the page
 * stays responsive. fcose is O(n²) per iteration and cannot lay out 20k nodes; this can.
 *
 * The graph is coarsened level by level (each node merges with its lightest neighbour, leaves
 * with their only neighbour) down to a few hundred supernodes, which a long d3-force run lays
 * out cheaply; each finer level starts from its parents' positions and needs only a few ticks.
 * Every tick is a d3-force Barnes-Hut step, O(n log n); levels shrink geometrically and the tick
 * counts per level are bounded, so the whole layout stays O(n log n).
 *
 * Main thread:
 *   const worker = new Worker(new URL('./layouts/force-worker.ts', import.meta.url), { type: 'module' });
 *   const { positions } = await runForceLayout(worker, { nodes: ids, edges: [[0, 1], ...] });
 */

export interface ForceLayoutInput {
  /** Node ids; edges refer to them by index. */
  nodes: string[];
  /** Pairs of node indexes. */
  edges: Array<[number, number]>;
  /** Ticks on the full graph (default: see fineTicks); coarser levels get their own. */
  ticks?: number;
  /** Many-body strength per node (negative = repulsion). */
  charge?: number;
  linkDistance?: number;
}

export interface ForceLayoutResult {
  /** Position of each node id. */
  positions: Record<string, { x: number; y: number }>;
  /**
   * Work in full-graph ticks: Σ over levels of ticks × level size ÷ n, so that time ÷ ticks is
   * the cost of one tick on the whole graph (the bench compares it across sizes).
   */
  ticks: number;
  /** Number of levels, the full graph included. */
  levels: number;
  /** Time spent in the simulation, in ms (measured where it ran). */
  ms: number;
}

/** Below this many nodes a level is laid out from scratch (and coarsening stops). */
const COARSEST = 200;
/** Ticks for the coarsest level: cheap (≤ COARSEST supernodes) and sets the global shape. */
const COARSEST_TICKS = 150;
/** Ticks for an intermediate level: enough to untangle the children a level spreads out. */
const LEVEL_TICKS = 12;
/** An intermediate level is simulated only when it is this much bigger than the last one run. */
const LEVEL_STEP = 2.5;

/** Ticks on the full graph: a plain run for small graphs, a short refinement for multilevel. */
export function fineTicks(n: number): number {
  return n <= COARSEST ? COARSEST_TICKS : 8;
}

/**
 * Barnes-Hut accuracy: d3's 0.9 on coarse levels; coarser (cheaper) on big ones, where the
 * far field is already right from the coarser levels and only near neighbours still move.
 */
export function levelTheta(n: number): number {
  return n > 2000 ? 1.5 : n > 500 ? 1.2 : 0.9;
}

interface Level {
  n: number;
  /** Nodes of the full graph each node stands for. */
  weight: Float64Array;
  /** Edge endpoints, flat: [s0, t0, s1, t1, ...], no self-loops. */
  edges: Int32Array;
  /** For each node, its supernode in the next coarser level (set when that level is built). */
  parent?: Int32Array;
}

/** Undirected adjacency in CSR form. */
function adjacency(level: Level): { start: Int32Array; adj: Int32Array } {
  const start = new Int32Array(level.n + 1);
  const e = level.edges;
  for (let i = 0; i < e.length; i++) start[e[i] + 1]++;
  for (let i = 0; i < level.n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, level.n);
  const adj = new Int32Array(e.length);
  for (let i = 0; i < e.length; i += 2) {
    adj[fill[e[i]]++] = e[i + 1];
    adj[fill[e[i + 1]]++] = e[i];
  }
  return { start, adj };
}

/**
 * One coarsening step, O(n + m): visiting nodes from the least connected, each unmatched node
 * merges with its lightest unmatched neighbour; a leaf with none left joins its neighbour's
 * group, so hubs with many leaves shrink too (plain matching would take one leaf per level).
 */
function coarsen(level: Level): Level {
  const { n, weight } = level;
  const { start, adj } = adjacency(level);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => start[a + 1] - start[a] - (start[b + 1] - start[b]) || a - b,
  );
  const group = new Int32Array(n).fill(-1);
  const groupWeight: number[] = [];
  for (const u of order) {
    if (group[u] >= 0) continue;
    const degree = start[u + 1] - start[u];
    let best = -1;
    let bestWeight = Infinity;
    let joinable = -1;
    for (let k = start[u]; k < start[u + 1]; k++) {
      const v = adj[k];
      if (group[v] < 0 && weight[v] < bestWeight) {
        best = v;
        bestWeight = weight[v];
      } else if (group[v] >= 0) joinable = v;
    }
    if (best >= 0) {
      group[u] = group[best] = groupWeight.length;
      groupWeight.push(weight[u] + weight[best]);
    } else if (degree === 1 && joinable >= 0) {
      group[u] = group[joinable];
      groupWeight[group[u]] += weight[u];
    } else {
      group[u] = groupWeight.length;
      groupWeight.push(weight[u]);
    }
  }
  level.parent = group;
  const seen = new Set<number>();
  const edges: number[] = [];
  const m = groupWeight.length;
  for (let i = 0; i < level.edges.length; i += 2) {
    const a = group[level.edges[i]];
    const b = group[level.edges[i + 1]];
    if (a === b) continue;
    const key = a < b ? a * m + b : b * m + a;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push(a, b);
  }
  return { n: m, weight: Float64Array.from(groupWeight), edges: Int32Array.from(edges) };
}

/** Golden-angle spiral (d3's own initial placement), here around a parent and at a given pitch. */
const GOLDEN = Math.PI * (3 - Math.sqrt(5));

interface SimNode extends SimulationNodeDatum {
  x: number;
  y: number;
}

function simulate(
  level: Level,
  nodes: SimNode[],
  ticks: number,
  alpha: number,
  charge: number,
  linkDistance: number,
): void {
  const { weight } = level;
  const links: SimulationLinkDatum<SimNode>[] = [];
  for (let i = 0; i < level.edges.length; i += 2) {
    links.push({ source: level.edges[i], target: level.edges[i + 1] });
  }
  // A supernode pushes as hard as the nodes it stands for, and its links are as long as the
  // discs those nodes would fill (radius ∝ √weight), so every level has the final graph's scale.
  const reach = (i: number) => Math.sqrt(weight[i]);
  forceSimulation(nodes)
    .force(
      'charge',
      forceManyBody<SimNode>()
        .strength((_, i) => charge * weight[i])
        .theta(levelTheta(level.n)),
    )
    .force(
      'link',
      forceLink<SimNode, SimulationLinkDatum<SimNode>>(links)
        .distance((l) => (linkDistance * (reach(idx(l.source)) + reach(idx(l.target)))) / 2)
        .iterations(1),
    )
    .force('center', forceCenter(0, 0))
    .alpha(alpha)
    .alphaDecay(1 - Math.pow(0.001 / alpha, 1 / ticks))
    .velocityDecay(0.4)
    .stop()
    .tick(ticks);
}

function idx(end: SimNode | string | number): number {
  return typeof end === 'object' ? (end.index ?? 0) : Number(end);
}

/** Runs the layout synchronously (in the worker, or anywhere for tests). */
export function computeForceLayout(input: ForceLayoutInput): ForceLayoutResult {
  const t0 = performance.now();
  const n = input.nodes.length;
  const charge = input.charge ?? -30;
  const linkDistance = input.linkDistance ?? 30;
  // Nodes without links stay out of the simulation: repelled by everything and held by nothing,
  // they would drift far out and shrink the rest of the graph when the view fits it.
  const local = new Int32Array(n).fill(-1);
  const linked: number[] = [];
  for (const [s, t] of input.edges) {
    if (s === t || !(s >= 0 && t >= 0 && s < n && t < n)) continue;
    for (const v of [s, t]) if (local[v] < 0) local[v] = linked.push(v) - 1;
  }
  const flat: number[] = [];
  for (const [s, t] of input.edges) {
    if (s !== t && local[s] >= 0 && local[t] >= 0) flat.push(local[s], local[t]);
  }
  const m = linked.length;
  const levels: Level[] = [
    { n: m, weight: new Float64Array(m).fill(1), edges: Int32Array.from(flat) },
  ];
  for (;;) {
    const last = levels[levels.length - 1];
    if (last.n <= COARSEST) break;
    const next = coarsen(last);
    if (next.n > 0.9 * last.n) {
      // Nothing left to merge: lay out this level as it is.
      last.parent = undefined;
      break;
    }
    levels.push(next);
  }

  let work = 0;
  let nodes: SimNode[] = [];
  let lastRun = Infinity;
  for (let l = levels.length - 1; l >= 0; l--) {
    const level = levels[l];
    if (l === levels.length - 1) {
      // d3's phyllotaxis start, its pitch scaled to the supernodes' sizes.
      const pitch = 10 * Math.sqrt(m / Math.max(1, level.n));
      nodes = Array.from({ length: level.n }, (_, i) => ({
        x: pitch * Math.sqrt(0.5 + i) * Math.cos(i * GOLDEN),
        y: pitch * Math.sqrt(0.5 + i) * Math.sin(i * GOLDEN),
      }));
    } else {
      // Children start on a small spiral around their parent; the next run spreads them.
      const parent = level.parent!;
      const coarse = nodes;
      const seen = new Int32Array(coarse.length);
      nodes = Array.from({ length: level.n }, (_, i) => {
        const p = coarse[parent[i]];
        const k = seen[parent[i]]++;
        const r = linkDistance * 0.3 * Math.sqrt(level.weight[i]) * Math.sqrt(0.5 + k);
        return { x: p.x + r * Math.cos(k * GOLDEN), y: p.y + r * Math.sin(k * GOLDEN) };
      });
    }
    const ticks =
      l === 0
        ? (input.ticks ?? fineTicks(m))
        : l === levels.length - 1
          ? COARSEST_TICKS
          : level.n >= LEVEL_STEP * lastRun
            ? LEVEL_TICKS
            : 0;
    if (ticks === 0) continue;
    simulate(level, nodes, ticks, l === levels.length - 1 ? 1 : 0.3, charge, linkDistance);
    lastRun = level.n;
    work += (ticks * level.n) / Math.max(1, n);
  }

  const positions: ForceLayoutResult['positions'] = {};
  const xy = new Float64Array(2 * n);
  linked.forEach((v, i) => {
    xy[2 * v] = nodes[i].x;
    xy[2 * v + 1] = nodes[i].y;
  });
  packComponents(n, input.edges, xy, linkDistance);
  input.nodes.forEach((id, v) => (positions[id] = { x: xy[2 * v], y: xy[2 * v + 1] }));
  return { positions, ticks: work, levels: levels.length, ms: performance.now() - t0 };
}

/**
 * Repulsion pushes small components (and unlinked nodes, which are not simulated) far from the
 * main one, and a fitted view would shrink the main one to a dot: the biggest component goes to
 * the centre and the others onto a golden-angle spiral just around it, biggest first.
 */
function packComponents(
  n: number,
  edges: Array<[number, number]>,
  xy: Float64Array,
  gap: number,
): void {
  const root = Int32Array.from({ length: n }, (_, i) => i);
  const find = (v: number): number => {
    while (root[v] !== v) v = root[v] = root[root[v]];
    return v;
  };
  for (const [s, t] of edges) {
    if (s >= 0 && t >= 0 && s < n && t < n) root[find(s)] = find(t);
  }
  const members = new Map<number, number[]>();
  for (let v = 0; v < n; v++) {
    const r = find(v);
    const list = members.get(r);
    if (list) list.push(v);
    else members.set(r, [v]);
  }
  const comps = [...members.values()].map((vs) => {
    let cx = 0;
    let cy = 0;
    for (const v of vs) {
      cx += xy[2 * v];
      cy += xy[2 * v + 1];
    }
    cx /= vs.length;
    cy /= vs.length;
    let r = 0;
    for (const v of vs) r = Math.max(r, Math.hypot(xy[2 * v] - cx, xy[2 * v + 1] - cy));
    return { vs, cx, cy, r };
  });
  comps.sort((a, b) => b.vs.length - a.vs.length || a.vs[0] - b.vs[0]);
  let area = 0;
  comps.forEach((c, k) => {
    let x = 0;
    let y = 0;
    if (k > 0) {
      area += (c.r + gap) * (c.r + gap);
      const rho = Math.sqrt((comps[0].r + gap) ** 2 + 4 * area) + c.r;
      x = rho * Math.cos(k * GOLDEN);
      y = rho * Math.sin(k * GOLDEN);
    }
    for (const v of c.vs) {
      xy[2 * v] += x - c.cx;
      xy[2 * v + 1] += y - c.cy;
    }
  });
}

/** Posts one layout job to a worker made from this file and resolves with its answer. */
export function runForceLayout(
  worker: Worker,
  input: ForceLayoutInput,
): Promise<ForceLayoutResult> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<ForceLayoutResult | { error: string }>) =>
      'error' in e.data ? reject(new Error(e.data.error)) : resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage(input);
  });
}

// Inside a worker: answer each job.
declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== 'undefined' && typeof document === 'undefined') {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = (e: MessageEvent<ForceLayoutInput>) => {
    try {
      scope.postMessage(computeForceLayout(e.data));
    } catch (err) {
      scope.postMessage({ error: (err as Error).message });
    }
  };
}
