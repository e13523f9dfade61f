import cytoscape from 'cytoscape';
import type { GraphPayload } from '../../client/src/api';
import { toElements } from '../../client/src/elements';
import {
  isLargeGraph,
  largeGraphRenderer,
  layOutInWorker,
  styleFor,
} from '../../client/src/large-graph';

/** Deterministic graph JSON in the API's shape: n nodes, 2n edges, kinds and families mixed. */
function makeGraph(n: number): string {
  let s = 12345;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const kinds = ['Organization', 'Person', 'Government', 'Project', 'Event', 'Source'];
  const types: Array<[string, string]> = [
    ['OWNS', 'ownership'],
    ['CLIENT_OF', 'client'],
    ['LEADS', 'leadership'],
    ['PARTICIPATED_IN', 'event'],
  ];
  const g: GraphPayload = { nodes: [], edges: [] };
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length];
    g.nodes.push({ id: `n:${i}`, labels: ['Entity', kind], properties: { name: `${kind} ${i}` } });
  }
  for (let j = 0; j < 2 * n; j++) {
    const a = Math.floor(rnd() * n);
    // Half the edges local (community structure), half power-law towards hubs.
    const b = j % 2 ? (a + 1 + Math.floor(rnd() * 20)) % n : Math.floor(n * rnd() ** 3);
    const [type, family] = types[j % types.length];
    g.edges.push({
      id: `${type}:n:${a}->n:${b}:${j}`,
      type,
      family,
      source: `n:${a}`,
      target: `n:${b}`,
      properties: family === 'ownership' ? { stake: 0.25 } : {},
    } as GraphPayload['edges'][number]);
  }
  return JSON.stringify(g);
}

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));

let cy: cytoscape.Core | null = null;
// The root tsconfig (CommonJS) also sees this file; vite builds it as an ES module and bundles
// the worker (it needs this exact `new Worker(new URL(..., import.meta.url))` form).
const worker = new Worker(
  // @ts-expect-error -- import.meta is valid here (vite, ESM), not under the root CommonJS config
  new URL('../../client/src/layouts/force-worker.ts', import.meta.url),
  { type: 'module' },
);

/** One drawn frame of the scripted pan/zoom: its time since the previous one and the viewport. */
export interface PanFrame {
  /** Index of the drawn frame (0 = the first after the script began). */
  frame: number;
  /** The script's step (0–89) whose change this frame drew. */
  step: number;
  ms: number;
  /** performance.now() when it was drawn (its `render` event). */
  at: number;
  zoom: number;
  /**
   * Cytoscape's texture cache level for this zoom, ceil(log2(zoom × pixel ratio)): the layered
   * and element texture caches keep one set of bitmaps per level, so crossing a power of two
   * switches set.
   */
  level: number;
  /**
   * How Cytoscape drew the elements: from its layered texture cache ('layers', one bitmap per
   * layer), or each element on its own ('direct': the level's layers are not built yet, or
   * 'skipped': an invalidation under 250 ms ago), or neither asked (no element redraw).
   */
  drawnFrom: 'layers' | 'direct' | 'skipped' | 'none';
  /** Layers still queued for building in the layered texture cache. */
  layersQueued: number;
}

/** The parts of Cytoscape's layered texture cache the frame probe reads (canvas renderer). */
interface LayeredTextureCache {
  getLayers(...args: unknown[]): unknown[] | null;
  skipping: boolean;
  layersQueue: { size(): number };
}

let drawn: { n: number; webgl: boolean; large: boolean } | null = null;

/** Phase 1: graph JSON → parsed → added → laid out in the worker → first frame drawn. */
async function draw(n: number, webgl: boolean, opts: { mark?: boolean } = {}) {
  cy?.destroy();
  cy = null;
  drawn = null;
  const json = makeGraph(n);
  await nextFrame();
  const markAt = performance.now();
  if (opts.mark) benchProfileMark(10);
  const t0 = performance.now();
  const graph = JSON.parse(json) as GraphPayload;
  const elements = toElements(graph);
  const t1 = performance.now();
  // The app's path (client/src/canvas.ts): the canvas exists before the graph arrives, with the
  // style and renderer settings for the graph's size; the elements are added, then laid out by
  // the worker while the main thread styles them (layOutInWorker), then fitted.
  const large = isLargeGraph(graph.nodes.length);
  const c = cytoscape({
    container: document.getElementById('cy')!,
    style: styleFor(graph.nodes.length),
    ...(large ? largeGraphRenderer : {}),
    ...(webgl ? { renderer: { name: 'canvas', webgl: true } } : {}),
  } as cytoscape.CytoscapeOptions);
  cy = c;
  const added = c.add(elements);
  const tAdded = performance.now();
  const layout = (await layOutInWorker(c, worker, added))!;
  const t2 = performance.now();
  // Listening from here on: any frame drawn now shows the final positions.
  const rendered = new Promise<void>((r) => c.one('render', () => r()));
  c.fit(undefined, 30);
  await rendered;
  await nextFrame();
  await nextFrame();
  const t3 = performance.now();
  drawn = { n, webgl, large };
  // Where each step began (performance.now()), so a profile can be split by step.
  const marks = { markAt, parse: t0, add: t1, layout: tAdded, draw: t2, end: t3 };
  const row = {
    nodes: n,
    edges: 2 * n,
    renderer: webgl ? 'webgl' : 'canvas',
    parseAndElementsMs: t1 - t0,
    addMs: tAdded - t1,
    layoutMs: t2 - t1,
    layoutInWorkerMs: layout.ms,
    layoutTicks: layout.ticks,
    largeGraphMode: large,
    drawMs: t3 - t2,
    totalMs: t3 - t0,
  };
  return { row, marks };
}

/**
 * Busy for `ms` in a function of its own: a CPU profile sampled every 200 µs shows it as a
 * block, which ties the profile's clock to performance.now() (bench/render-profile.ts).
 */
function benchProfileMark(ms: number): number {
  const t = performance.now();
  let x = 0;
  while (performance.now() - t < ms) x += Math.sqrt(x + 1);
  return x;
}

/** Phase 2 (after `draw`): the scripted pan/zoom, with each drawn frame's time and zoom. */
async function pan(opts: { mark?: boolean } = {}) {
  const c = cy;
  if (!c || !drawn) throw new Error('pan before draw');
  // Scripted pan/zoom: 90 animation frames, each one pan step and one zoom step around the
  // centre. Cytoscape draws in its own requestAnimationFrame loop and skips frames when drawing
  // is slow, so the frame time is taken between its `render` events (one per drawn frame), not
  // between our own animation frames.
  const pixelRatio = (c as unknown as { renderer(): { getPixelRatio(): number } })
    .renderer()
    .getPixelRatio();
  let step = 0;
  const renders: Array<Omit<PanFrame, 'frame' | 'ms' | 'level'> & { t: number }> = [];
  // Probe: note whether each frame's elements came from the layered cache.
  const lyr = (
    c as unknown as { renderer(): { data: { lyrTxrCache?: LayeredTextureCache } } }
  ).renderer().data.lyrTxrCache;
  let drawnFrom: PanFrame['drawnFrom'] = 'none';
  const getLayers = lyr?.getLayers;
  if (lyr && getLayers) {
    lyr.getLayers = function (this: LayeredTextureCache, ...args: unknown[]) {
      const layers = getLayers.apply(this, args);
      drawnFrom = layers ? 'layers' : this.skipping ? 'skipped' : 'direct';
      return layers;
    };
  }
  const onRender = () => {
    renders.push({
      t: performance.now(),
      at: performance.now(),
      step,
      zoom: c.zoom(),
      drawnFrom,
      layersQueued: lyr?.layersQueue.size() ?? 0,
    });
    drawnFrom = 'none';
  };
  const markAt = performance.now();
  if (opts.mark) benchProfileMark(10);
  c.on('render', onRender);
  for (; step < 90; step++) {
    c.panBy({ x: step % 30 < 15 ? 12 : -12, y: step % 20 < 10 ? 8 : -8 });
    c.zoom({
      level: c.zoom() * (step % 30 < 15 ? 1.03 : 1 / 1.03),
      renderedPosition: { x: 640, y: 400 },
    });
    await nextFrame();
  }
  await nextFrame();
  c.off('render', onRender);
  if (lyr && getLayers) lyr.getLayers = getLayers;
  const frames: PanFrame[] = renders.slice(1).map(({ t, ...r }, i) => ({
    ...r,
    frame: i + 1,
    ms: t - renders[i].t,
    level: Math.ceil(Math.log2(r.zoom * pixelRatio)),
  }));
  const sorted = frames.map((f) => f.ms).sort((a, b) => a - b);
  const webglActive = drawn.webgl
    ? Boolean((c as unknown as { renderer(): { webgl?: unknown } }).renderer().webgl)
    : false;
  return {
    webglActive,
    frameMedianMs: sorted[Math.floor(sorted.length / 2)],
    frameP95Ms: sorted[Math.floor(sorted.length * 0.95)],
    framesDrawn: renders.length,
    webgl2Available: Boolean(document.createElement('canvas').getContext('webgl2')),
    /** performance.now() at the profile mark (or at the start, without one). */
    markAt,
    /** performance.now() of the first and last drawn frame. */
    firstFrameAt: renders[0]?.t ?? markAt,
    lastFrameAt: renders[renders.length - 1]?.t ?? markAt,
    frames,
  };
}

/** Both phases, as the bench runs them (bench/render.ts). */
async function run(n: number, webgl: boolean) {
  const d = (await draw(n, webgl)).row;
  const p = await pan();
  const { webglActive, frameMedianMs, frameP95Ms, framesDrawn, webgl2Available } = p;
  return { ...d, webglActive, frameMedianMs, frameP95Ms, framesDrawn, webgl2Available };
}

// `cy` lets ad-hoc probes (page.evaluate) reach the live canvas.
(window as unknown as { bench: unknown }).bench = { run, draw, pan, cy: () => cy, ready: true };
