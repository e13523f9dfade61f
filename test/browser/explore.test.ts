import { startBrowserSession, type BrowserSession } from '../helpers/browser';

let s: BrowserSession;

beforeAll(async () => {
  s = await startBrowserSession('explore');
  await s.open();
}, 180_000);

afterAll(async () => {
  await s?.close();
});

/** Types into an entity picker and chooses the suggestion with that name. */
async function pick(inputId: string, text: string, name: string): Promise<void> {
  const input = s.page.locator(`#${inputId}`);
  await input.fill('');
  await input.pressSequentially(text, { delay: 20 });
  const option = s.page.locator(`.picker:has(#${inputId}) li[role="option"]`, { hasText: name });
  await option.first().waitFor();
  await option.first().click();
}

describe('exploring the graph', () => {
  it('search autocompletes, then centres and selects Alexandr Wang', async () => {
    const input = s.page.locator('#search-input');
    await input.focus();
    await input.pressSequentially('wang', { delay: 20 });
    const option = s.page.locator('.picker:has(#search-input) li[role="option"]', {
      hasText: 'Alexandr Wang',
    });
    await option.first().waitFor();
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    await s.shot('search-suggestions');
    await input.press('ArrowDown');
    await input.press('ArrowUp');
    // Enter takes the highlighted suggestion; the best match comes first.
    await option.first().click();
    await s.page.waitForFunction(
      () => window.cy!.$(':selected').map((n) => n.id())[0] === 'person:alexandr-wang',
    );
    expect(await s.page.locator('#inspector h2').textContent()).toBe('Alexandr Wang');
    const where = await s.page.evaluate(async () => {
      await new Promise((r) => setTimeout(r, 400)); // the centring animation
      const cy = window.cy!;
      const p = cy.getElementById('person:alexandr-wang').renderedPosition();
      return { x: p.x, y: p.y, w: cy.width(), h: cy.height() };
    });
    // Centred in the part of the canvas the inspector leaves free.
    expect(Math.abs(where.x - (where.w - 350) / 2)).toBeLessThan(30);
    expect(Math.abs(where.y - where.h / 2)).toBeLessThan(30);
    await s.shot('search-focused');
  });

  it('the inspector shows an edge with its provenance', async () => {
    await s.page.evaluate(() => {
      const e = window
        .cy!.edges('[type = "OWNS"]')
        .filter((x) => x.source().id() === 'org:meta' && x.target().id() === 'org:scale-ai');
      e.select();
      e.emit('tap');
    });
    const panel = s.page.locator('#inspector');
    await panel.locator('h2', { hasText: 'OWNS' }).waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toMatch(/Stake:\s*49%/);
    expect(text).toMatch(/evidence/);
    expect(text).toMatch(/confidence/);
    expect(text).toMatch(/Scale AI cuts staff and contractors/); // the source, by name
    await s.shot('inspector-edge');
  });

  it('shows the ownership view of Scale AI with direct and effective stakes', async () => {
    await s.page.evaluate(() => {
      window.cy!.getElementById('org:scale-ai').emit('tap');
    });
    await s.page.locator('#inspector button', { hasText: 'Ownership' }).click();
    const section = s.page.locator('#inspector section.ownership');
    await section.waitFor();
    const owners = section.locator('table', { hasText: 'Owners' });
    await owners.locator('tr', { hasText: 'Meta' }).waitFor();
    expect(await owners.locator('tr', { hasText: 'Meta' }).textContent()).toMatch(/49%/);
    const holdings = section.locator('table', { hasText: 'Holdings' });
    expect(await holdings.textContent()).toMatch(/Remotasks/);
    await section.scrollIntoViewIfNeeded();
    await s.shot('ownership');
  });

  it('the path finder highlights the shortest paths between two entities and dims the rest', async () => {
    await pick('path-from', 'Remotasks', 'Remotasks');
    await pick('path-to', 'Zuckerberg', 'Mark Zuckerberg');
    await s.page.locator('#path-find').click();
    await s.page.locator('#path-result', { hasText: /shortest path/ }).waitFor();
    const state = await s.page.evaluate(() => {
      const cy = window.cy!;
      return {
        path: cy.nodes('.path').map((n) => n.id()),
        pathEdges: cy.edges('.path').length,
        dimmed: cy.elements('.dimmed').length,
        total: cy.elements().length,
      };
    });
    expect(state.path).toEqual(
      expect.arrayContaining([
        'org:remotasks',
        'org:scale-ai',
        'org:meta',
        'person:mark-zuckerberg',
      ]),
    );
    expect(state.pathEdges).toBeGreaterThanOrEqual(3);
    expect(state.dimmed).toBe(state.total - state.path.length - state.pathEdges);
    await s.shot('path');
    await s.page.locator('#path-clear').click();
    expect(await s.page.evaluate(() => window.cy!.elements('.dimmed, .path').length)).toBe(0);
  });

  it('the time slider moves Wang from Scale AI chief to head of the Meta lab', async () => {
    const wang = () =>
      s.page.evaluate(() => {
        const cy = window.cy!;
        const from = cy.getElementById('person:alexandr-wang');
        const ceo = from.edgesTo('#org\\:scale-ai').filter('[type = "CEO_OF"]');
        const leads = from.edgesTo('#org\\:meta-superintelligence-labs').filter('[type = "LEADS"]');
        return { ceo: ceo.nonempty() && ceo.visible(), leads: leads.nonempty() && leads.visible() };
      });
    expect(await wang()).toEqual({ ceo: true, leads: true });
    await s.page.locator('#time-enabled').check();
    const at = (date: string) =>
      Promise.all([
        s.page.waitForResponse((r) => r.url().includes(`/api/graph?at=${date}`)),
        s.page.locator('#time-date').fill(date),
      ]);
    await at('2025-03-01');
    await s.page.waitForFunction(() => !!window.cy!.$('.time-hidden').length);
    expect(await wang()).toEqual({ ceo: true, leads: false });
    await s.shot('time-before-june-2025');
    await at('2025-07-01');
    await s.page.waitForTimeout(100);
    expect(await wang()).toEqual({ ceo: false, leads: true });
    expect(await s.page.locator('#time-label').textContent()).toMatch(/2025-07-01/);
    await s.shot('time-after-june-2025');
    // The slider drives the same filter.
    await s.page.locator('#time-slider').focus();
    await s.page.keyboard.press('ArrowLeft');
    expect(await s.page.locator('#time-label').textContent()).toMatch(/2025-06-30/);
    await s.page.locator('#time-enabled').uncheck();
    await s.page.waitForTimeout(300);
    expect(await wang()).toEqual({ ceo: true, leads: true });
  });

  it('renders entity texts literally, never as HTML', async () => {
    const evil = '<img src=x onerror="window.__xss=1">';
    await s.page.route('**/api/entities/person%3Axss-probe', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          entity: {
            id: 'person:xss-probe',
            labels: ['Entity', 'Person'],
            properties: { name: evil },
          },
          counts: { byType: { [evil]: 1 } },
          sources: [{ id: 'source:x', name: evil }],
        }),
      }),
    );
    await s.page.evaluate((name) => {
      const cy = window.cy!;
      cy.add({
        group: 'nodes',
        data: {
          id: 'person:xss-probe',
          name,
          label: name,
          kind: 'Person',
          labels: ['Entity', 'Person'],
          properties: { name, description: name, note: name },
        },
        position: { x: 0, y: 0 },
      });
      cy.getElementById('person:xss-probe').emit('tap');
    }, evil);
    const panel = s.page.locator('#inspector');
    await panel.locator('ul.sources').waitFor();
    expect(await panel.locator('h2').textContent()).toBe(evil);
    expect(await panel.locator('img:not(.kind-dot)').count()).toBe(0);
    expect(await panel.textContent()).toContain(evil);
    expect(await s.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBe(
      undefined,
    );
    await s.shot('html-name-literal');
    await s.page.evaluate(() => {
      window.cy!.getElementById('person:xss-probe').remove();
    });
    await s.page.unroute('**/api/entities/person%3Axss-probe');
  });

  it('logged no console errors', () => {
    expect(s.consoleErrors).toEqual([]);
  });
});
