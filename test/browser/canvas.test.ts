import fs from 'node:fs';
import request from 'supertest';
import { startBrowserSession, type BrowserSession } from '../helpers/browser';

let s: BrowserSession;

beforeAll(async () => {
  s = await startBrowserSession('canvas');
  await s.open();
}, 180_000);

afterAll(async () => {
  await s?.close();
});

interface Box {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Rendered boxes (node + label) of the visible nodes, in screen pixels. */
/**
 * Node and label boxes. `halos: false` leaves out the translucent selection overlay and focus
 * halo: after a click they spread over neighbours by design, by an amount that depends on where
 * fcose's randomised layout put them, while the claim tested is that no two entities or labels sit
 * on each other.
 */
async function visibleBoxes(opts: { halos: boolean } = { halos: true }): Promise<Box[]> {
  return s.page.evaluate(
    (halos) =>
      window.cy!.nodes(':visible').map((n) => ({
        id: n.id(),
        ...n.renderedBoundingBox({
          includeLabels: true,
          includeOverlays: halos,
          includeUnderlays: halos,
        } as Parameters<typeof n.renderedBoundingBox>[0]),
      })),
    opts.halos,
  );
}

function overlaps(boxes: Box[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) out.push([a.id, b.id]);
    }
  }
  return out;
}

describe('the canvas', () => {
  it('opens on every seeded entity and relationship, laid out with no overlapping labels', async () => {
    const api = await request(s.baseUrl).get('/api/graph').expect(200);
    const counts = await s.page.evaluate(() => ({
      nodes: window.cy!.nodes().length,
      edges: window.cy!.edges().length,
    }));
    expect(counts).toEqual({ nodes: api.body.nodes.length, edges: api.body.edges.length });
    const boxes = await visibleBoxes();
    expect(boxes).toHaveLength(api.body.nodes.length);
    expect(overlaps(boxes)).toEqual([]);
    // Everything fits in the 1280×800 window at a zoom where 11px labels stay legible.
    const view = await s.page.evaluate(() => ({
      zoom: window.cy!.zoom(),
      w: window.cy!.width(),
      h: window.cy!.height(),
    }));
    expect(view.zoom).toBeGreaterThan(0.55);
    for (const b of boxes) {
      expect(b.x1).toBeGreaterThanOrEqual(-1);
      expect(b.y1).toBeGreaterThanOrEqual(-1);
      expect(b.x2).toBeLessThanOrEqual(view.w + 1);
      expect(b.y2).toBeLessThanOrEqual(view.h + 1);
    }
    expect(await s.page.locator('#status').textContent()).toMatch(
      /30 entities · 52 relationships shown/,
    );
    await s.shot('overview');
  });

  it('hides a family with its legend toggle and shows it again, leaving no dangling edge', async () => {
    const visibleOwnership = () =>
      s.page.evaluate(() => window.cy!.edges('[family = "ownership"]:visible').length);
    const before = await visibleOwnership();
    expect(before).toBeGreaterThan(0);
    const toggle = s.page.locator('button[data-family="ownership"]');
    // Each state is awaited, not sampled: the canvas restyles in its own batch after the click.
    const ownershipShown = (n: number) =>
      s.page.waitForFunction(
        (count) => window.cy!.edges('[family = "ownership"]:visible').length === count,
        n,
        { timeout: 5000 },
      );
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await ownershipShown(0);
    await s.shot('ownership-hidden');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await ownershipShown(before);
    expect(await visibleOwnership()).toBe(before);

    // Hiding a kind hides the edges touching it too.
    await s.page.locator('button[data-kind="Person"]').click();
    const dangling = await s.page.evaluate(
      () =>
        window.cy!.edges(':visible').filter((e) => !e.source().visible() || !e.target().visible())
          .length,
    );
    const personEdges = await s.page.evaluate(
      () =>
        window
          .cy!.nodes('[kind = "Person"]')
          .connectedEdges()
          .filter((e) => !e.hasClass('filtered')).length,
    );
    expect(dangling).toBe(0);
    expect(personEdges).toBe(0);
    await s.page.locator('button[data-kind="Person"]').click();
    expect(await s.page.evaluate(() => window.cy!.nodes(':visible').length)).toBe(30);
  });

  it('double-click expands through the API next to the parent without moving the rest; undo/redo', async () => {
    // Take Outlier off the canvas, then bring it back by expanding Scale AI.
    await s.page.evaluate(() => {
      window.cy!.getElementById('org:outlier').select();
    });
    await s.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await s.page.keyboard.press('Delete');
    expect(await s.page.evaluate(() => window.cy!.getElementById('org:outlier').length)).toBe(0);

    const before = await s.page.evaluate(() =>
      Object.fromEntries(window.cy!.nodes().map((n) => [n.id(), { ...n.position() }])),
    );
    const pos = await s.page.evaluate(() => {
      const n = window.cy!.getElementById('org:scale-ai');
      const r = n.renderedPosition();
      const box = window.cy!.container()!.getBoundingClientRect();
      return { x: box.left + r.x, y: box.top + r.y };
    });
    const neighbors = s.page.waitForResponse((r) => r.url().includes('/neighbors'));
    await s.page.mouse.dblclick(pos.x, pos.y);
    expect((await neighbors).status()).toBe(200);
    await s.page.waitForFunction(() => window.cy!.getElementById('org:outlier').length === 1);

    const after = await s.page.evaluate(() => {
      const cy = window.cy!;
      const o = cy.getElementById('org:outlier').position();
      const p = cy.getElementById('org:scale-ai').position();
      return {
        positions: Object.fromEntries(cy.nodes().map((n) => [n.id(), { ...n.position() }])),
        distance: Math.hypot(o.x - p.x, o.y - p.y),
      };
    });
    for (const [id, p] of Object.entries(before)) expect(after.positions[id]).toEqual(p);
    expect(after.distance).toBeLessThan(260);
    expect(overlaps(await visibleBoxes({ halos: false }))).toEqual([]);
    await s.shot('expanded');

    await s.page.locator('#undo').click();
    expect(await s.page.evaluate(() => window.cy!.getElementById('org:outlier').length)).toBe(0);
    await s.page.locator('#redo').click();
    expect(await s.page.evaluate(() => window.cy!.getElementById('org:outlier').length)).toBe(1);

    // Collapse takes back what the expansion brought, and only that.
    await s.page.evaluate(() => {
      window.cy!.getElementById('org:scale-ai').emit('tap');
    });
    await s.page.locator('#inspector button', { hasText: 'Collapse' }).click();
    expect(await s.page.evaluate(() => window.cy!.nodes().length)).toBe(29);
    await s.page.locator('#undo').click();
    expect(await s.page.evaluate(() => window.cy!.nodes().length)).toBe(30);
  });

  it('a hub shows "N more" instead of flooding the canvas', async () => {
    await s.page.route('**/api/entities/org%3Ameta/neighbors?*', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          center: 'org:meta',
          nodes: [],
          edges: [],
          truncated: true,
          omitted: 240,
          total: 265,
        }),
      }),
    );
    const pos = await s.page.evaluate(() => {
      const r = window.cy!.getElementById('org:meta').renderedPosition();
      const box = window.cy!.container()!.getBoundingClientRect();
      return { x: box.left + r.x, y: box.top + r.y };
    });
    await s.page.mouse.dblclick(pos.x, pos.y);
    await s.page.waitForFunction(() => window.cy!.getElementById('more:org:meta').length === 1);
    expect(
      await s.page.evaluate(() => window.cy!.getElementById('more:org:meta').data('label')),
    ).toBe('+240 more');
    expect(await s.page.locator('#status').textContent()).toMatch(/\+240 more/);
    await s.shot('hub-more');
    await s.page.locator('#undo').click();
    await s.page.unroute('**/api/entities/org%3Ameta/neighbors?*');
  });

  it('switches between force, hierarchy and concentric layouts, keeping labels apart', async () => {
    for (const layout of ['hierarchy', 'concentric', 'force']) {
      await s.page.selectOption('#layout-select', layout);
      const boxes = await visibleBoxes();
      expect(overlaps(boxes)).toEqual([]);
      await s.shot(`layout-${layout}`);
    }
  });

  it('exports a non-empty PNG of the canvas', async () => {
    const download = s.page.waitForEvent('download');
    await s.page.locator('#export-png').click();
    const file = await (await download).path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(10_000);
  });

  it('logged no console errors', () => {
    expect(s.consoleErrors).toEqual([]);
  });
});
