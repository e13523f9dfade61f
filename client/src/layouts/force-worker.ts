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
 * Barnes-Hut force layout for large graphs (d3-force: many-body forces through a quadtree, so
 * one tick costs O(n log n) and a fixed number of ticks keeps the whole layout O(n log n)),
 * meant to run in a Web Worker so the page stays responsive. fcose is O(n²) per iteration and
 * cannot lay out 20k nodes; this can.
 *
 * Main thread:
 *   const worker = new Worker(new URL('./layouts/force-worker.ts', import.meta.url), { type: 'module' });
 *   const { positions } = await runForceLayout(worker, { nodes: ids, edges: [[0, 1], ...] });
 *   cy.nodes().positions((n) => positions[n.id()]);  // then layout 'preset'
 */

export interface ForceLayoutInput {
  /** Node ids; edges refer to them by index. */
  nodes: string[];
  /** Pairs of node indexes. */
  edges: Array<[number, number]>;
  /** Simulation ticks (default: fewer for bigger graphs, see defaultTicks). */
  ticks?: number;
  /** Many-body strength (negative = repulsion). */
  charge?: number;
  linkDistance?: number;
}

export interface ForceLayoutResult {
  /** Position of each node id. */
  positions: Record<string, { x: number; y: number }>;
  ticks: number;
  /** Time spent in the simulation, in ms (measured where it ran). */
  ms: number;
}

/**
 * Ticks: 300 up to 1k nodes, then fewer as graphs grow (log-linear: 100 at 5k, 50 at 20k) so a
 * 5k graph lays out in about a second; the initial phyllotaxis spiral is already untangled
 * enough that the remaining ticks mostly spread clusters apart.
 */
export function defaultTicks(n: number): number {
  if (n <= 1000) return 300;
  const t = Math.log(n / 1000) / Math.log(20);
  return Math.max(40, Math.round(300 * Math.pow(50 / 300, t)));
}

/** Barnes-Hut accuracy: d3's 0.9 up to 5k nodes, coarser (cheaper) above. */
export function defaultTheta(n: number): number {
  return n > 5000 ? 1.2 : 0.9;
}

/** Runs the simulation synchronously (in the worker, or anywhere for tests). */
export function computeForceLayout(input: ForceLayoutInput): ForceLayoutResult {
  const t0 = performance.now();
  const n = input.nodes.length;
  const ticks = input.ticks ?? defaultTicks(n);
  const nodes: SimulationNodeDatum[] = input.nodes.map(() => ({}));
  const links: SimulationLinkDatum<SimulationNodeDatum>[] = input.edges
    .filter(([s, t]) => s !== t && s >= 0 && t >= 0 && s < n && t < n)
    .map(([source, target]) => ({ source, target }));
  const sim = forceSimulation(nodes)
    .force(
      'charge',
      forceManyBody()
        .strength(input.charge ?? -30)
        .theta(defaultTheta(n)),
    )
    .force(
      'link',
      forceLink(links)
        .distance(input.linkDistance ?? 30)
        .iterations(1),
    )
    .force('center', forceCenter(0, 0))
    .alphaDecay(1 - Math.pow(0.001, 1 / ticks))
    .velocityDecay(ticks < 150 ? 0.5 : 0.4)
    .stop();
  sim.tick(ticks);
  const positions: ForceLayoutResult['positions'] = {};
  input.nodes.forEach((id, i) => {
    positions[id] = { x: nodes[i].x ?? 0, y: nodes[i].y ?? 0 };
  });
  return { positions, ticks, ms: performance.now() - t0 };
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
