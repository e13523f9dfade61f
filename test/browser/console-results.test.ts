import type { Response } from 'playwright-core';
import { seriousViolations } from '../helpers/axe';
import {
  openConsole,
  runConsoleQuery,
  startBrowserSession,
  type BrowserSession,
} from '../helpers/browser';
import { KIND_STYLE } from '../../client/src/style';

let s: BrowserSession;

beforeAll(async () => {
  s = await startBrowserSession('console-results');
  await s.open();
  await openConsole(s);
}, 180_000);

afterAll(async () => {
  await s?.close();
});

const runQuery = (query: string): Promise<Response> => runConsoleQuery(s, query);

/** The CSS colour `rgb(r, g, b)` of a #rrggbb hex colour, as computed styles give it. */
function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

const cellOf = (col: number) =>
  s.page.locator(`#result-table tbody tr >> nth=0 >> td >> nth=${col}`);

describe('console results that read', () => {
  beforeAll(async () => {
    const res = await runQuery(
      "MATCH p=(a:Organization {id:'org:meta'})-[r:OWNS]->(b)\nRETURN a, r, p, {k: 1, l: [1, 2], s: 'x'} AS m, 2.0 AS f, 42 AS i, reduce(t = '', x IN range(1, 60) | t + 'long ') AS long ORDER BY b.id LIMIT 1",
    );
    expect(res.status()).toBe(200);
    await s.page.locator('#result-table').waitFor();
    await s.shot('table');
  });

  it('shows a node as a chip with its kind colour, name and kind', async () => {
    const chip = cellOf(0).locator('.node-chip');
    expect(await chip.count()).toBe(1);
    expect(await chip.getAttribute('data-id')).toBe('org:meta');
    expect(await chip.locator('.chip-name').textContent()).toBe('Meta');
    expect(await chip.locator('.chip-type').textContent()).toBe(KIND_STYLE.Organization.label);
    const dot = await chip
      .locator('.chip-dot')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(dot).toBe(rgb(KIND_STYLE.Organization.color));
  });

  it('shows a relationship between the chips of its ends', async () => {
    const cell = cellOf(1);
    expect(await cell.locator('.node-chip').count()).toBe(2);
    expect(await cell.locator('.node-chip').first().getAttribute('data-id')).toBe('org:meta');
    const rel = cell.locator('.rel-chip');
    expect(await rel.getAttribute('data-type')).toBe('OWNS');
    // Meta owns all of Meta Superintelligence Labs: the stake reads as the canvas writes it.
    expect(await rel.textContent()).toBe('–OWNS 100%→');
  });

  it('shows a path as a chain of chips', async () => {
    const chain = cellOf(2).locator('.path-chain');
    const kinds = await chain
      .locator('.ent-chip')
      .evaluateAll((els) => els.map((e) => (e.classList.contains('rel-chip') ? 'rel' : 'node')));
    expect(kinds).toEqual(['node', 'rel', 'node']);
    expect(await chain.locator('.node-chip').nth(1).getAttribute('data-id')).not.toBe('org:meta');
  });

  it('reads maps as key/value lists and lists as items', async () => {
    const cell = cellOf(3);
    // The structure lives inside the cell: the cell itself stays a table cell.
    expect(await cell.evaluate((td) => getComputedStyle(td).display)).toBe('table-cell');
    // Neo4j keeps no order of map keys.
    expect((await cell.locator('dl.val-map dt').allTextContents()).sort()).toEqual(['k', 'l', 's']);
    expect(await cell.locator('dl.val-map ol.val-list li').allTextContents()).toEqual(['1', '2']);
    expect(await cell.locator('dl.val-map dd .v-string').textContent()).toBe('"x"');
    expect((await cell.locator('dl.val-map dd .v-integer').allTextContents()).sort()).toEqual([
      '1',
      '1',
      '2',
    ]);
  });

  it('aligns numbers right', async () => {
    for (const col of [4, 5]) {
      expect(await cellOf(col).evaluate((td) => getComputedStyle(td).textAlign)).toBe('right');
    }
    expect(await cellOf(4).textContent()).toBe('2.0');
  });

  it('folds a long value behind a button that shows all of it', async () => {
    const cell = cellOf(6);
    const box = cell.locator('.fold');
    expect(await box.evaluate((el) => el.classList.contains('folded'))).toBe(true);
    const folded = await box.evaluate((el) => el.clientHeight);
    const toggle = cell.locator('button.fold-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await box.evaluate((el) => el.clientHeight)).toBeGreaterThan(folded);
  });

  it('selects a node on the canvas when its chip is clicked', async () => {
    await s.page.locator('#console .table-wrap').evaluate((el) => (el.scrollLeft = el.scrollWidth));
    await s.shot('table-right');
    await s.page.locator('#console .table-wrap').evaluate((el) => (el.scrollLeft = 0));
    const target = await cellOf(2).locator('.node-chip').nth(1).getAttribute('data-id');
    await cellOf(2).locator('.node-chip').nth(1).click();
    await s.page.waitForFunction(
      (id) =>
        window
          .cy!.$(':selected')
          .map((n) => n.id())
          .join() === id,
      target,
    );
    await cellOf(1).locator('.rel-chip').click();
    const rel = await cellOf(1).locator('.rel-chip').getAttribute('data-id');
    await s.page.waitForFunction(
      (id) =>
        window
          .cy!.$(':selected')
          .map((n) => n.id())
          .join() === id,
      rel,
    );
    await s.shot('selected');
  });

  it('has no serious or critical accessibility violations with results shown', async () => {
    expect(await seriousViolations(s.page)).toEqual([]);
  });

  it('shows the raw JSON of each cell one click away, and back', async () => {
    const toggle = s.page.locator('#result-raw');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const raw = JSON.parse((await cellOf(0).locator('pre').textContent())!);
    expect(raw.$type).toBe('Node');
    expect(raw._value._properties.id).toEqual({ $type: 'String', _value: 'org:meta' });
    expect(JSON.parse((await cellOf(4).locator('pre').textContent())!)).toEqual({
      $type: 'Float',
      _value: '2.0',
    });
    await s.shot('raw');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await cellOf(0).locator('.node-chip').count()).toBe(1);
  });

  it('reads a named query (plain JSON) too: lists as items, numbers right-aligned', async () => {
    await s.page.locator('#cypher-params').fill('{"id": "org:scale-ai"}');
    const res = s.page.waitForResponse((r) => r.url().endsWith('/api/queries/clients-of'));
    await s.page.locator('.named button.chip[data-query="clients-of"]').click();
    const body = await (await res).json();
    await s.page.locator('.result-head strong', { hasText: 'Clients of an entity' }).waitFor();
    const col = (name: string) => body.columns.indexOf(name) as number;
    const row = body.rows.findIndex((r: unknown[]) => r[col('clientId')] === 'org:meta');
    const cell = (c: number) =>
      s.page.locator(`#result-table tbody tr >> nth=${row} >> td >> nth=${c}`);
    const kinds = body.rows[row][col('kind')] as string[];
    expect(await cell(col('kind')).locator('ol.val-list li').allTextContents()).toEqual(kinds);
    const num = body.columns.findIndex(
      (_: string, i: number) => typeof body.rows[row][i] === 'number',
    );
    expect(num).toBeGreaterThanOrEqual(0);
    expect(await cell(num).evaluate((td) => getComputedStyle(td).textAlign)).toBe('right');
    await s.shot('named');
  });

  it('logged no console errors', () => {
    expect(s.consoleErrors).toEqual([]);
  });
});
