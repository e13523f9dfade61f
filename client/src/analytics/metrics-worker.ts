/// <reference lib="webworker" />
import { DirectedGraph, UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import pagerank from 'graphology-metrics/centrality/pagerank';

/**
 * Graph metrics of the visible canvas, computed by graphology in a Web Worker so the page stays
 * responsive at thousands of nodes. Parallel relationships merge into one weighted link.
 *
 * Two answers per job: first degree, PageRank and Louvain communities (fast), then betweenness
 * (O(n·m), the slow one), so sizes and colours show before betweenness is ready.
 */
export interface MetricsInput {
  job: number;
  /** Node ids; edges refer to them by index (source, target). */
  nodes: string[];
  edges: Array<[number, number]>;
}

export interface MetricsFirst {
  job: number;
  phase: 'first';
  /** Relationships per node (parallel ones counted). */
  degree: number[];
  pagerank: number[];
  community: number[];
  communities: number;
  modularity: number;
  ms: number;
}

export interface MetricsBetweenness {
  job: number;
  phase: 'betweenness';
  /** Normalised betweenness centrality. */
  betweenness: number[];
  ms: number;
}

export type MetricsAnswer = MetricsFirst | MetricsBetweenness | { job: number; error: string };

/** A fixed-seed generator (mulberry32): the same graph gets the same communities every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildGraphs(input: MetricsInput): {
  und: UndirectedGraph;
  dir: DirectedGraph;
} {
  const und = new UndirectedGraph();
  const dir = new DirectedGraph();
  for (const id of input.nodes) {
    und.addNode(id);
    dir.addNode(id);
  }
  const bump = (g: UndirectedGraph | DirectedGraph, s: string, t: string) => {
    const e = g.edge(s, t);
    if (e === undefined) g.addEdge(s, t, { weight: 1 });
    else g.updateEdgeAttribute(e, 'weight', (w: number | undefined) => (w ?? 0) + 1);
  };
  for (const [si, ti] of input.edges) {
    const s = input.nodes[si];
    const t = input.nodes[ti];
    if (s === undefined || t === undefined || s === t) continue;
    bump(und, s, t);
    bump(dir, s, t);
  }
  return { und, dir };
}

export function firstMetrics(input: MetricsInput): MetricsFirst {
  const t0 = performance.now();
  const { und, dir } = buildGraphs(input);
  const degree = input.nodes.map((id) =>
    und.reduceEdges(
      id,
      (acc: number, _e: string, a: { weight?: number }) => acc + (a.weight ?? 1),
      0,
    ),
  );
  const pr = pagerank(dir, { getEdgeWeight: 'weight' });
  const detailed = louvain.detailed(und, { getEdgeWeight: 'weight', rng: seeded(42) });
  return {
    job: input.job,
    phase: 'first',
    degree,
    pagerank: input.nodes.map((id) => pr[id] ?? 0),
    community: input.nodes.map((id) => detailed.communities[id] ?? 0),
    communities: detailed.count,
    modularity: detailed.modularity,
    ms: performance.now() - t0,
  };
}

export function betweennessMetric(input: MetricsInput): MetricsBetweenness {
  const t0 = performance.now();
  const { und } = buildGraphs(input);
  const b = betweennessCentrality(und, { normalized: true, getEdgeWeight: null });
  return {
    job: input.job,
    phase: 'betweenness',
    betweenness: input.nodes.map((id) => b[id] ?? 0),
    ms: performance.now() - t0,
  };
}

// Inside a worker: answer each job in two messages.
declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== 'undefined' && typeof document === 'undefined') {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = (e: MessageEvent<MetricsInput>) => {
    try {
      scope.postMessage(firstMetrics(e.data));
      scope.postMessage(betweennessMetric(e.data));
    } catch (err) {
      scope.postMessage({ job: e.data.job, error: (err as Error).message });
    }
  };
}
