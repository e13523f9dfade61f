import fs from 'node:fs';
import { startBrowserSession, type BrowserSession } from '../helpers/browser';

let s: BrowserSession;

beforeAll(async () => {
  s = await startBrowserSession('sharing');
}, 180_000);

afterAll(async () => {
  await s?.close();
});

const viewOf = () =>
  s.page.evaluate(() => {
    const cy = window.cy!;
    return {
      selected: cy.$(':selected').map((e) => e.id()),
      visibleFamilies: [...new Set(cy.edges(':visible').map((e) => e.data('family')))].sort(),
      hiddenByTime: cy.edges('.time-hidden').length,
      url: location.search,
    };
  });

describe('sharing a view', () => {
  it('a deep link restores focus, filters, date and layout', async () => {
    await s.open(
      '?focus=person%3Aalexandr-wang&families=ownership,leadership&at=2025-07-01&layout=concentric',
    );
    const view = await viewOf();
    expect(view.selected).toEqual(['person:alexandr-wang']);
    expect(view.visibleFamilies).toEqual(['leadership', 'ownership']);
    expect(view.hiddenByTime).toBeGreaterThan(0);
    expect(await s.page.locator('button[data-family="client"]').getAttribute('aria-pressed')).toBe(
      'false',
    );
    expect(await s.page.locator('#time-date').inputValue()).toBe('2025-07-01');
    expect(await s.page.locator('#layout-select').inputValue()).toBe('concentric');
    expect(await s.page.locator('#inspector h2').textContent()).toBe('Alexandr Wang');
    await s.shot('deep-link');
  });

  it('the URL follows the analyst, so a reload reproduces the view', async () => {
    await s.open();
    await s.page.locator('button[data-family="event"]').click();
    await s.page.locator('button[data-kind="Source"]').click();
    await s.page.evaluate(() => {
      window.cy!.getElementById('org:meta').emit('tap');
    });
    const before = await viewOf();
    expect(before.url).toContain('focus=org%3Ameta');
    expect(before.url).toContain('families=ownership%2Ccontrol%2Cclient%2Cleadership');
    await s.page.reload();
    await s.page.waitForFunction(() => document.body.dataset.ready === 'true');
    const after = await viewOf();
    expect(after.selected).toEqual(['org:meta']);
    expect(after.visibleFamilies).toEqual(before.visibleFamilies);
    expect(await s.page.evaluate(() => window.cy!.nodes('[kind = "Source"]:visible').length)).toBe(
      0,
    );
  });

  it('a link with a console query runs it and draws its graph', async () => {
    const query = "MATCH (o:Organization {name: 'Meta'})-[r:OWNS]->(t) RETURN o, r, t";
    await s.open(`?query=${encodeURIComponent(query)}&mode=replace`);
    await s.page.locator('#result-table').waitFor();
    const ids = await s.page.evaluate(() => window.cy!.nodes().map((n) => n.id()));
    expect(ids).toContain('org:meta');
    expect(ids).toContain('org:scale-ai');
    expect(ids.length).toBeLessThan(10);
    await s.shot('query-link');
  });

  it('exports the visible graph as JSON', async () => {
    await s.open('?families=ownership');
    const download = s.page.waitForEvent('download');
    await s.page.locator('#export-json').click();
    const json = JSON.parse(fs.readFileSync((await (await download).path())!, 'utf8'));
    const visible = await s.page.evaluate(() => window.cy!.edges(':visible').length);
    expect(json.edges).toHaveLength(visible);
    expect(json.edges.every((e: { family: string }) => e.family === 'ownership')).toBe(true);
    expect(json.nodes.length).toBeGreaterThan(0);
  });

  it('logged no console errors', () => {
    expect(s.consoleErrors).toEqual([]);
  });
});
