import { seriousViolations } from '../helpers/axe';
import { startBrowserSession, type BrowserSession } from '../helpers/browser';

let s: BrowserSession;

interface Results {
  ids: string[];
  degree: number[];
  pagerank: number[];
  betweenness: number[] | null;
  community: number[];
  communities: number;
}
interface Handle {
  analytics: { results(): Results | null };
  canvas: { load(g: unknown, o: unknown): void };
}
const handle = 'explorer';

beforeAll(async () => {
  s = await startBrowserSession('analytics');
  await s.open();
}, 180_000);

afterAll(async () => {
  await s?.close();
});

const results = () =>
  s.page.evaluate(
    (k) => (window as unknown as Record<string, Handle>)[k].analytics.results(),
    handle,
  );

describe('analytics on the canvas', () => {
  it('sizes entities by PageRank and ranks them, Scale AI and Meta among the top', async () => {
    await s.page.locator('#metric-size').selectOption('pagerank');
    await s.page.locator('#metric-rank').selectOption('degree');
    await s.page.waitForFunction(
      () => document.querySelector('#analytics')?.getAttribute('data-state') === 'done',
    );
    const r = (await results())!;
    const visible = await s.page.evaluate(() => window.cy!.nodes().length);
    expect(r.ids).toHaveLength(visible);
    // Degree counts relationships, as the canvas shows them.
    const scale = r.ids.indexOf('org:scale-ai');
    const scaleDegree = await s.page.evaluate(
      () => window.cy!.getElementById('org:scale-ai').connectedEdges().length,
    );
    expect(r.degree[scale]).toBe(scaleDegree);
    // PageRank sums to one over the graph.
    expect(r.pagerank.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // Sizes follow PageRank: the top-ranked node is drawn the largest.
    const sizes = await s.page.evaluate(() =>
      window.cy!.nodes('.metric-sized').map((n) => [n.id(), n.width()] as [string, number]),
    );
    expect(sizes).toHaveLength(visible);
    const top = r.ids[r.pagerank.indexOf(Math.max(...r.pagerank))];
    const biggest = sizes.reduce((a, b) => (b[1] > a[1] ? b : a));
    expect(biggest[0]).toBe(top);
    // The ranked list, by degree: Scale AI (the hub of the story) first.
    const ranked = await s.page
      .locator('#metric-ranking li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(ranked).toHaveLength(10);
    expect(ranked[0]).toBe('org:scale-ai');
    expect(ranked).toContain('org:meta');
    await s.shot('pagerank');
  });

  it('betweenness ranks the brokers: Scale AI lies on most shortest paths', async () => {
    await s.page.locator('#metric-rank').selectOption('betweenness');
    const r = (await results())!;
    expect(r.betweenness).not.toBeNull();
    const best = r.ids[r.betweenness!.indexOf(Math.max(...r.betweenness!))];
    expect(best).toBe('org:scale-ai');
    expect(await s.page.locator('#metric-ranking li').first().getAttribute('data-id')).toBe(best);
  });

  it('colours communities, every member of one community alike', async () => {
    await s.page.locator('#metric-communities').check();
    const colours = await s.page.evaluate(() =>
      window.cy!.nodes('.community').map((n) => [n.id(), n.style('background-color')]),
    );
    const r = (await results())!;
    expect(r.communities).toBeGreaterThan(1);
    expect(colours).toHaveLength(r.ids.length);
    const byCommunity = new Map<number, Set<string>>();
    for (const [id, c] of colours) {
      const k = r.community[r.ids.indexOf(id)];
      byCommunity.set(k, (byCommunity.get(k) ?? new Set()).add(c));
    }
    for (const set of byCommunity.values()) expect(set.size).toBe(1);
    expect(new Set(colours.map(([, c]) => c)).size).toBe(Math.min(r.communities, 12));
    expect(await s.page.locator('#metric-status').textContent()).toMatch(/communities/);
    await s.shot('communities');
  });

  it('a ranked entity is one click (or Enter) from the canvas', async () => {
    await s.page.locator('#metric-ranking li button').nth(1).focus();
    const id = await s.page.locator('#metric-ranking li').nth(1).getAttribute('data-id');
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction((x) => window.cy!.$(':selected').map((n) => n.id())[0] === x, id);
  });

  it('has no serious or critical accessibility violations', async () => {
    expect(await seriousViolations(s.page)).toEqual([]);
  });

  it('recomputes at 5,000 entities in a worker while the page keeps running', async () => {
    await s.page.locator('#metric-size').selectOption('degree');
    const out = await s.page.evaluate(async (k) => {
      const app = (window as unknown as Record<string, Handle>)[k];
      const kinds = ['Organization', 'Person', 'Government', 'Project', 'Event', 'Source'];
      const n = 5000;
      const nodes = Array.from({ length: n }, (_, i) => ({
        id: `big:${i}`,
        labels: ['Entity', kinds[i % kinds.length]],
        properties: { name: `Big ${i}` },
      }));
      // Fifty clusters of a hundred, densely linked inside, a few links between.
      const edges = Array.from({ length: 2 * n }, (_, j) => {
        const a = j % n;
        const b =
          j % 100 === 0 ? (a + 137) % n : Math.floor(a / 100) * 100 + ((a + 1 + (j % 7)) % 100);
        return {
          id: `big-edge:${j}`,
          type: 'CLIENT_OF',
          family: 'client',
          source: `big:${a}`,
          target: `big:${b}`,
          properties: {},
        };
      });
      let frames = 0;
      let counting = true;
      const tick = () => {
        frames++;
        if (counting) requestAnimationFrame(tick);
      };
      const t0 = performance.now();
      app.canvas.load({ nodes, edges }, { mode: 'replace' });
      requestAnimationFrame(tick);
      const state = () => document.querySelector('#analytics')?.getAttribute('data-state');
      await new Promise<void>((resolve) => {
        const poll = () =>
          app.analytics.results()?.ids.length === n && state() === 'done'
            ? resolve()
            : setTimeout(poll, 100);
        poll();
      });
      counting = false;
      return { frames, ms: performance.now() - t0, r: app.analytics.results()! };
    }, handle);
    console.log(
      `analytics at 5k entities: ${Math.round(out.ms)} ms, ${out.frames} frames drawn meanwhile`,
    );
    expect(out.r.ids).toHaveLength(5000);
    expect(out.r.betweenness).toHaveLength(5000);
    // Louvain finds the fifty planted clusters (give or take a few merged or split).
    expect(out.r.communities).toBeGreaterThanOrEqual(40);
    expect(out.r.communities).toBeLessThanOrEqual(60);
    // The main thread drew frames while the worker computed.
    expect(out.frames).toBeGreaterThan(1);
    // Laid out (worker force layout), the planted clusters show as patches of one colour.
    await s.page.keyboard.press('Escape');
    await s.page.evaluate(
      (k) =>
        (window as unknown as Record<string, { canvas: { runLayout(): Promise<void> } }>)[
          k
        ].canvas.runLayout(),
      handle,
    );
    await s.shot('5k-communities');
  });

  it('logged no console errors', () => {
    expect(s.consoleErrors).toEqual([]);
  });
});
