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

async function run(n: number, webgl: boolean) {
  cy?.destroy();
  cy = null;
  const json = makeGraph(n);
  await nextFrame();
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

  // Scripted pan/zoom: 90 animation frames, each one pan step and one zoom step around the
  // centre. Cytoscape draws in its own requestAnimationFrame loop and skips frames when drawing
  // is slow, so the frame time is taken between its `render` events (one per drawn frame), not
  // between our own animation frames.
  const renders: number[] = [];
  const onRender = () => renders.push(performance.now());
  cy!.on('render', onRender);
  for (let f = 0; f < 90; f++) {
    cy!.panBy({ x: f % 30 < 15 ? 12 : -12, y: f % 20 < 10 ? 8 : -8 });
    cy!.zoom({
      level: cy!.zoom() * (f % 30 < 15 ? 1.03 : 1 / 1.03),
      renderedPosition: { x: 640, y: 400 },
    });
    await nextFrame();
  }
  await nextFrame();
  cy!.off('render', onRender);
  const frames = renders.slice(1).map((t, i) => t - renders[i]);
  frames.sort((a, b) => a - b);
  const webglActive = webgl
    ? Boolean((cy as unknown as { renderer(): { webgl?: unknown } }).renderer().webgl)
    : false;
  return {
    nodes: n,
    edges: 2 * n,
    renderer: webgl ? 'webgl' : 'canvas',
    webglActive,
    parseAndElementsMs: t1 - t0,
    addMs: tAdded - t1,
    layoutMs: t2 - t1,
    layoutInWorkerMs: layout.ms,
    layoutTicks: layout.ticks,
    largeGraphMode: large,
    drawMs: t3 - t2,
    totalMs: t3 - t0,
    frameMedianMs: frames[Math.floor(frames.length / 2)],
    frameP95Ms: frames[Math.floor(frames.length * 0.95)],
    framesDrawn: renders.length,
    webgl2Available: Boolean(document.createElement('canvas').getContext('webgl2')),
  };
}

(window as unknown as { bench: unknown }).bench = { run, ready: true };
