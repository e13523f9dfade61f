import { startBrowserSession, type BrowserSession } from '../helpers/browser';

let s: BrowserSession;

beforeAll(async () => {
  s = await startBrowserSession('large-graph');
  await s.open();
}, 180_000);

afterAll(async () => {
  await s?.close();
});

/** What these tests use of the app's canvas (client/src/canvas.ts). */
interface CanvasHandle {
  large: boolean;
  load(graph: unknown, opts: { mode: 'add' | 'replace' }): void;
  runLayout(): Promise<void>;
  focus(id: string): void;
  visiblePayload(): unknown;
}

describe('a graph above the large-graph threshold', () => {
  it('is drawn in the light style, laid out by the worker, and its nodes can still be inspected', async () => {
    const seed = await s.page.evaluate(() =>
      (
        window as unknown as { explorer: { canvas: CanvasHandle } }
      ).explorer.canvas.visiblePayload(),
    );
    // Arrange: 800 entities, 1,600 relationships of every family.
    const result = await s.page.evaluate(async () => {
      const canvas = (window as unknown as { explorer: { canvas: CanvasHandle } }).explorer.canvas;
      const kinds = ['Organization', 'Person', 'Government', 'Project', 'Event', 'Source'];
      const families = [
        ['OWNS', 'ownership'],
        ['CLIENT_OF', 'client'],
        ['LEADS', 'leadership'],
        ['PARTICIPATED_IN', 'event'],
      ];
      const n = 800;
      const nodes = Array.from({ length: n }, (_, i) => ({
        id: `big:${i}`,
        labels: ['Entity', kinds[i % kinds.length]],
        properties: { name: `Big ${i}` },
      }));
      const edges = Array.from({ length: 2 * n }, (_, j) => {
        const a = j % n;
        const b = (a + 1 + ((j * 7) % 13)) % n;
        const [type, family] = families[j % families.length];
        return {
          id: `big-edge:${j}`,
          type,
          family,
          source: `big:${a}`,
          target: `big:${b}`,
          properties: family === 'ownership' ? { stake: 0.3 } : {},
        };
      });
      // Act: a second layout started while the first runs in the worker wins, and the first
      // one's render batch (layOutInWorker) must not outlive it.
      canvas.load({ nodes, edges }, { mode: 'replace' });
      const first = canvas.runLayout();
      await canvas.runLayout();
      await first;
      const cy = window.cy!;
      const bb = cy.nodes().boundingBox({});
      const positions = cy.nodes().map((x) => x.position());
      return {
        // Core.batching() exists at run time but not in Cytoscape's type definitions.
        batching: (cy as unknown as { batching(): boolean }).batching(),
        large: canvas.large,
        nodes: cy.nodes().length,
        curve: cy.edges()[0].style('curve-style'),
        edgeLabels: cy.edges().filter((e) => e.style('label') !== '').length,
        icons: cy.nodes().filter((x) => x.style('background-image') !== 'none').length,
        colour: cy.getElementById('big:1').style('background-color'),
        finite: positions.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)),
        width: bb.w,
        height: bb.h,
      };
    });
    // Assert
    expect(result).toMatchObject({
      batching: false,
      large: true,
      nodes: 800,
      curve: 'haystack',
      edgeLabels: 0,
      icons: 0,
      finite: true,
    });
    // Person keeps its legend colour (#c2410c).
    expect(result.colour).toBe('rgb(194,65,12)');
    expect(Math.min(result.width, result.height)).toBeGreaterThan(300);
    await s.shot('overview');

    // A click on a node selects it and opens it in the inspector.
    await s.page.evaluate(() =>
      (window as unknown as { explorer: { canvas: CanvasHandle } }).explorer.canvas.focus('big:10'),
    );
    const target = await s.page.evaluate(() => {
      const cy = window.cy!;
      cy.elements().unselect();
      const centre = cy.getElementById('big:10').renderedPosition();
      const dist = (x: import('cytoscape').NodeSingular) => {
        const p = x.renderedPosition();
        return Math.hypot(p.x - centre.x, p.y - centre.y);
      };
      const other = cy
        .nodes()
        .toArray()
        .filter((x) => x.id() !== 'big:10')
        .reduce((a, b) => (dist(b) < dist(a) ? b : a));
      const rect = cy.container()!.getBoundingClientRect();
      const p = other.renderedPosition();
      return { id: other.id(), x: rect.left + p.x, y: rect.top + p.y };
    });
    await s.page.mouse.click(target.x, target.y);
    await s.page.waitForFunction(
      (id) => window.cy!.$(':selected').map((x) => x.id())[0] === id,
      target.id,
    );
    expect(await s.page.locator('#inspector h2').textContent()).toBe(
      `Big ${target.id.slice('big:'.length)}`,
    );

    // Back to a small graph: the full style returns.
    const back = await s.page.evaluate(async (graph) => {
      const canvas = (window as unknown as { explorer: { canvas: CanvasHandle } }).explorer.canvas;
      canvas.load(graph, { mode: 'replace' });
      await canvas.runLayout();
      const cy = window.cy!;
      return {
        large: canvas.large,
        icons: cy.nodes().filter((x) => x.style('background-image') !== 'none').length,
        nodes: cy.nodes().length,
      };
    }, seed);
    expect(back.large).toBe(false);
    expect(back.icons).toBe(back.nodes);
    // The inspector asks the API about the clicked entity, which exists only on the canvas: 404.
    expect(s.consoleErrors.filter((m) => !m.includes('404'))).toEqual([]);
  });
});
