import request from 'supertest';
import { seriousViolations } from '../helpers/axe';
import { startBrowserSession, type BrowserSession } from '../helpers/browser';

let s: BrowserSession;

interface ExplorerHandle {
  canvas: {
    hide(eles: unknown): void;
    groups: { list(): { id: string; name: string; members: string[]; open: boolean }[] };
  };
}
declare global {
  interface Window {
    explorer?: unknown;
  }
}

beforeAll(async () => {
  s = await startBrowserSession('groups');
  await s.open();
}, 180_000);

afterAll(async () => {
  await s?.close();
});

const groups = () =>
  s.page.evaluate(() => (window.explorer as ExplorerHandle).canvas.groups.list());

describe('groups instead of hairballs', () => {
  it('expanding a hub opens groups by family and kind instead of loose neighbours', async () => {
    const api = await request(s.baseUrl)
      .get('/api/entities/org%3Ascale-ai/neighbors?limit=100')
      .expect(200);
    const edges = api.body.edges as { source: string; target: string; type: string }[];
    const neighbours = new Set(
      edges
        .filter((e) => e.source === 'org:scale-ai' || e.target === 'org:scale-ai')
        .map((e) => (e.source === 'org:scale-ai' ? e.target : e.source)),
    );
    expect(neighbours.size).toBeGreaterThanOrEqual(10);
    // Start from Scale AI alone, then expand it.
    await s.page.evaluate(() => {
      const cy = window.cy!;
      (window.explorer as ExplorerHandle).canvas.hide(cy.nodes().not('#org\\:scale-ai'));
    });
    expect(await s.page.evaluate(() => window.cy!.nodes().length)).toBe(1);
    await s.page.evaluate(() => {
      window.cy!.getElementById('org:scale-ai').emit('tap');
    });
    await Promise.all([
      s.page.waitForResponse((r) => r.url().includes('/neighbors')),
      s.page.locator('#inspector button', { hasText: 'Expand' }).click(),
    ]);
    await s.page.waitForFunction(() => window.cy!.nodes('.group').length > 0);
    const list = await groups();
    const clients = list.find((g) => /^\d+ clients\b/.test(g.name));
    expect(clients).toBeDefined();
    expect(clients!.name).toMatch(new RegExp(`^${clients!.members.length} clients`));
    // Every member really is a client of Scale AI.
    for (const m of clients!.members) {
      expect(edges.some((e) => e.source === m && e.target === 'org:scale-ai')).toBe(true);
    }
    // Grouped plus loose neighbours are all of them, each exactly once.
    const loose = await s.page.evaluate(() =>
      window
        .cy!.nodes()
        .not('.group, #org\\:scale-ai')
        .map((n) => n.id()),
    );
    const grouped = list.flatMap((g) => g.members);
    expect(new Set([...loose, ...grouped])).toEqual(neighbours);
    expect(loose.length + grouped.length).toBe(neighbours.size);
    expect(loose.length).toBeLessThan(neighbours.size / 2);
    // The group's edge to the hub counts the relationships it stands for.
    const edgeCount = await s.page.evaluate(
      (id) => window.cy!.getElementById(id).connectedEdges().first().data('count') as number,
      clients!.id,
    );
    const links = edges.filter(
      (e) =>
        (clients!.members.includes(e.source) && e.target === 'org:scale-ai') ||
        (clients!.members.includes(e.target) && e.source === 'org:scale-ai'),
    );
    expect(edgeCount).toBe(links.length); // Meta is a client and an owner: two links
    expect(await s.page.locator('#group-list li').count()).toBe(list.length);
    await s.page.locator('#fit').click();
    await s.shot('hub-groups');
  }, 180_000);

  it('a click opens a group where it stood, and it collapses back', async () => {
    const clients = (await groups()).find((g) => /clients/.test(g.name))!;
    const pos = await s.page.evaluate((id) => {
      const r = window.cy!.getElementById(id).renderedPosition();
      const box = window.cy!.container()!.getBoundingClientRect();
      return { x: box.left + r.x, y: box.top + r.y };
    }, clients.id);
    await s.page.mouse.click(pos.x, pos.y);
    await s.page.waitForFunction((id) => window.cy!.getElementById(id).empty(), clients.id);
    const back = await s.page.evaluate(
      (ids) => ids.filter((id) => window.cy!.getElementById(id).nonempty()).length,
      clients.members,
    );
    expect(back).toBe(clients.members.length);
    const row = s.page.locator(`#group-list li[data-group="${clients.id}"]`);
    expect(await row.locator('.group-toggle').textContent()).toBe('Collapse');
    await s.shot('group-open');
    await row.locator('.group-toggle').click();
    await s.page.waitForFunction((id) => window.cy!.getElementById(id).nonempty(), clients.id);
    expect(
      await s.page.evaluate(
        (ids) => ids.filter((id) => window.cy!.getElementById(id).nonempty()).length,
        clients.members,
      ),
    ).toBe(0);
  });

  it('collapsing the hub takes its groups with it', async () => {
    await s.page.evaluate(() => {
      window.cy!.getElementById('org:scale-ai').emit('tap');
    });
    await s.page.locator('#inspector button', { hasText: 'Collapse' }).click();
    expect(await s.page.evaluate(() => window.cy!.nodes().map((n) => n.id()))).toEqual([
      'org:scale-ai',
    ]);
    expect(await s.page.locator('#group-list li').count()).toBe(0);
  });
});

describe('bundled parallel relationships', () => {
  beforeAll(async () => {
    await s.open();
  });

  it('three or more relationships between two entities draw as one edge with a count', async () => {
    const before = await s.page.locator('#status').textContent();
    // Two more claims between Meta and Scale AI next to the seeded OWNS and CLIENT_OF.
    await s.page.evaluate(() => {
      const canvas = (window.explorer as { canvas: { load(g: unknown, o: unknown): void } }).canvas;
      const rel = (type: string, family: string) => ({
        id: `${type}:org:meta->org:scale-ai:test`,
        type,
        family,
        source: 'org:meta',
        target: 'org:scale-ai',
        properties: { since: '2025-06-01' },
      });
      canvas.load(
        { nodes: [], edges: [rel('FUNDS', 'ownership'), rel('PARTNERS_WITH', 'client')] },
        { mode: 'add' },
      );
    });
    const bundle = await s.page.evaluate(() => {
      const b = window.cy!.edges('.bundle');
      return { n: b.length, label: b.data('label'), hidden: window.cy!.edges('.in-bundle').length };
    });
    expect(bundle).toEqual({ n: 1, label: '4 relationships', hidden: 4 });
    // Drawn as one: the bundled edges are not drawn themselves.
    await s.page.waitForFunction(() =>
      window
        .cy!.edges('.in-bundle')
        .toArray()
        .every((e) => !e.visible()),
    );
    // The count of relationships shown counts the bundled ones, not the bundle.
    const n = (t: string | null) => Number(/(\d+) relationships shown/.exec(t ?? '')![1]);
    expect(n(await s.page.locator('#status').textContent())).toBe(n(before) + 2);
    await s.page.evaluate(() => {
      const cy = window.cy!;
      const pair = cy.getElementById('org:meta').union(cy.getElementById('org:scale-ai'));
      cy.zoom(1.2);
      cy.center(pair);
    });
    await s.shot('bundle');
  });

  it('a click on the bundle shows its relationships one by one', async () => {
    const pos = await s.page.evaluate(() => {
      const e = window.cy!.edges('.bundle').first();
      const m = e.renderedMidpoint();
      const box = window.cy!.container()!.getBoundingClientRect();
      return { x: box.left + m.x, y: box.top + m.y };
    });
    await s.page.mouse.click(pos.x, pos.y);
    await s.page.waitForFunction(() => window.cy!.edges('.bundle').length === 0);
    expect(
      await s.page.evaluate(
        () =>
          window
            .cy!.getElementById('org:meta')
            .edgesWith('#org\\:scale-ai')
            .filter((e) => e.visible()).length,
      ),
    ).toBe(4);
    await s.shot('bundle-open');
  });
});

describe('groups made by hand', () => {
  let link = '';
  const members = ['person:mark-zuckerberg', 'org:meta', 'org:meta-superintelligence-labs'];

  beforeAll(async () => {
    await s.open();
  });

  it('groups the selection under a name', async () => {
    await s.page.evaluate((ids) => {
      const cy = window.cy!;
      cy.$(':selected').unselect();
      for (const id of ids) cy.getElementById(id).select();
    }, members);
    expect(await s.page.locator('#group-selection').textContent()).toBe('Group 3');
    await s.page.locator('#group-name').fill('Meta side');
    await s.page.locator('#group-selection').click();
    const g = (await groups()).find((x) => x.name === 'Meta side')!;
    expect(g).toBeDefined();
    expect([...g.members].sort()).toEqual([...members].sort());
    const state = await s.page.evaluate(
      ({ id, ids }) => {
        const cy = window.cy!;
        const node = cy.getElementById(id);
        return {
          label: node.data('label'),
          gone: ids.every((m) => cy.getElementById(m).empty()),
          // Meta owns 49% of Scale AI: the group now stands in for that link.
          toScale: node.edgesWith('#org\\:scale-ai').data('count') as number,
        };
      },
      { id: g.id, ids: members },
    );
    expect(state).toEqual({ label: 'Meta side · 3', gone: true, toScale: 2 });
    await s.shot('manual-group');
    link = s.page.url();
    expect(link).toContain('groups=');
  });

  it('the group survives a share link, closed or open', async () => {
    const other = await s.context.newPage();
    try {
      await other.goto(link);
      await other.waitForFunction(() => document.body.dataset.ready === 'true');
      const restored = await other.evaluate(() =>
        (window.explorer as ExplorerHandle).canvas.groups.list(),
      );
      expect(restored.map((g) => [g.name, [...g.members].sort(), g.open])).toEqual([
        ['Meta side', [...members].sort(), false],
      ]);
      await other.locator('#group-list li .group-toggle').click();
      await other.waitForFunction(() => window.cy!.getElementById('org:meta').nonempty());
      await other.waitForFunction(() => location.search.includes('%22open%22%3Atrue'));
      const openLink = other.url();
      await other.goto(openLink);
      await other.waitForFunction(() => document.body.dataset.ready === 'true');
      const reopened = await other.evaluate(() =>
        (window.explorer as ExplorerHandle).canvas.groups.list(),
      );
      expect(reopened.map((g) => [g.name, g.open])).toEqual([['Meta side', true]]);
      expect(await other.evaluate(() => window.cy!.getElementById('org:meta').nonempty())).toBe(
        true,
      );
    } finally {
      await other.close();
    }
  });

  it('undo takes the group apart again', async () => {
    await s.page.locator('#undo').click();
    expect(await groups()).toEqual([]);
    expect(
      await s.page.evaluate(
        (ids) => ids.every((m) => window.cy!.getElementById(m).nonempty()),
        members,
      ),
    ).toBe(true);
  });

  it('Shift+Enter on the canvas builds a selection from the keyboard', async () => {
    await s.page.evaluate(() => window.cy!.$(':selected').unselect());
    await s.page.locator('#search-input').focus();
    for (let i = 0; i < 60; i++) {
      await s.page.keyboard.press('Tab');
      if (await s.page.evaluate(() => document.activeElement?.id === 'cy')) break;
    }
    await s.page.keyboard.press('Shift+Enter');
    await s.page.keyboard.press('ArrowRight');
    await s.page.keyboard.press('Shift+Enter');
    expect(await s.page.evaluate(() => window.cy!.nodes(':selected').length)).toBe(2);
    expect(await s.page.locator('#group-selection').isEnabled()).toBe(true);
  });

  it('has no serious or critical accessibility violations with groups listed', async () => {
    await s.page.locator('#group-name').fill('Pair');
    await s.page.locator('#group-selection').click();
    expect(await s.page.locator('#group-list li').count()).toBe(1);
    expect(await seriousViolations(s.page)).toEqual([]);
  });

  it('logged no console errors', () => {
    expect(s.consoleErrors).toEqual([]);
  });
});
