import type { Response } from 'playwright-core';
import {
  openConsole,
  runConsoleQuery,
  startBrowserSession,
  type BrowserSession,
} from '../helpers/browser';

let s: BrowserSession;

beforeAll(async () => {
  s = await startBrowserSession('console');
  await s.open();
  await openConsole(s);
}, 180_000);

afterAll(async () => {
  await s?.close();
});

const runQuery = (query: string): Promise<Response> => runConsoleQuery(s, query);

describe('the Cypher console', () => {
  it('autocompletes labels from the schema', async () => {
    const content = s.page.locator('#cypher-editor .cm-content');
    await content.click();
    await s.page.keyboard.press('ControlOrMeta+a');
    await s.page.keyboard.press('Delete');
    await s.page.keyboard.type('MATCH (n:Pers', { delay: 30 });
    const popup = s.page.locator('.cm-tooltip-autocomplete');
    await popup.waitFor({ timeout: 3000 }).catch(() => s.page.keyboard.press('Control+Space'));
    await popup.waitFor();
    expect(await popup.textContent()).toContain('Person');
    await s.shot('autocomplete');
    await s.page.keyboard.press('Escape');
  });

  it('runs a query with Ctrl+Enter, draws its graph on the canvas and lists its rows', async () => {
    const res = await runQuery(
      "MATCH (p:Person {name: 'Alexandr Wang'})-[r]->(o)\nRETURN p, type(r) AS rel, r, o",
    );
    expect(res.status()).toBe(200);
    const body = await res.json();
    await s.page.locator('#result-table').waitFor();
    expect(await s.page.locator('#result-table tbody tr').count()).toBe(body.rows.length);
    // Replace is the default: the canvas now holds exactly the result graph.
    const onCanvas = await s.page.evaluate(() =>
      window
        .cy!.nodes()
        .map((n) => n.id())
        .sort(),
    );
    expect(onCanvas).toEqual(body.graph.nodes.map((n: { id: string }) => n.id).sort());
    expect(onCanvas).toContain('person:alexandr-wang');
    await s.shot('query-graph');

    // "Add" keeps what is there.
    await s.page.locator('#mode-add').check();
    await runQuery("MATCH (o:Organization {name: 'Meta'}) RETURN o");
    await s.page.waitForFunction(() => window.cy!.getElementById('org:meta').length === 1);
    expect(
      await s.page.evaluate(() => window.cy!.getElementById('person:alexandr-wang').length),
    ).toBe(1);
  });

  it('marks a syntax error at its line and column', async () => {
    const res = await runQuery('MATCH (n:Person)\nRETURN n LIMT 5');
    expect(res.status()).toBe(400);
    const { error } = await res.json();
    const box = s.page.locator('#console-error');
    await box.waitFor();
    expect(await box.textContent()).toContain(
      `line ${error.position.line}, column ${error.position.column}`,
    );
    await s.page.locator('#cypher-editor .cm-lintRange-error').waitFor();
    const marked = await s.page.locator('#cypher-editor .cm-lintRange-error').textContent();
    expect(marked).toContain('LIMT');
    await s.shot('syntax-error');
  });

  it('shows the refusal of a CREATE', async () => {
    const res = await runQuery("CREATE (:Person {name: 'Mallory'})");
    expect(res.status()).toBe(403);
    const box = s.page.locator('#console-error.refused');
    await box.waitFor();
    expect(await box.textContent()).toMatch(/Refused/);
    await s.shot('refused');
  });

  it('flags a truncated result', async () => {
    const res = await runQuery('UNWIND range(1, 100000) AS i RETURN i');
    expect(res.status()).toBe(200);
    const body = await res.json();
    await s.page.locator('#result-table').waitFor();
    expect(await s.page.locator('#result-truncated').count()).toBe(body.truncated ? 1 : 0);
  });

  it('runs a named query in one click, taking the focused entity as its parameter', async () => {
    await runQuery("MATCH (o:Organization {name: 'Scale AI'}) RETURN o");
    await s.page.evaluate(() => {
      window.cy!.getElementById('org:scale-ai').emit('tap');
    });
    const chip = s.page.locator('.named button.chip[data-query="clients-of"]');
    const res = s.page.waitForResponse((r) => r.url().endsWith('/api/queries/clients-of'));
    await chip.click();
    const response = await res;
    expect(response.request().method()).toBe('POST');
    expect(JSON.parse(response.request().postData()!)).toMatchObject({
      params: { id: 'org:scale-ai' },
    });
    expect(response.status()).toBe(200);
    const body = await response.json();
    await s.page.locator('.result-head strong', { hasText: 'Clients of an entity' }).waitFor();
    expect(body.rows.length).toBeGreaterThan(0);
    expect(await s.page.locator('#result-table tbody tr').count()).toBe(body.rows.length);
    await s.shot('named-query');
  });

  it('keeps the history across reloads', async () => {
    await s.open();
    await s.page.locator('#toggle-console').click();
    // The console loads lazily: read its history only once it has rendered again.
    await s.page.locator('#cypher-editor .cm-content').waitFor();
    await s.page.locator('#console[data-schema="loaded"]').waitFor();
    const options = await s.page.locator('#cypher-history option').allTextContents();
    expect(options.some((o) => o.includes("CREATE (:Person {name: 'Mallory'})"))).toBe(true);
    await s.page.selectOption('#cypher-history', { index: 1 });
    // Most recent first: the query run before the named one.
    expect(await s.page.locator('#cypher-editor .cm-content').textContent()).toContain(
      "MATCH (o:Organization {name: 'Scale AI'}) RETURN o",
    );
  });

  it('shows each value as its Cypher type has it: 2.0 vs 2, NaN vs "NaN", dates marked', async () => {
    const res = await runQuery(
      "RETURN 2.0 AS f, 2 AS i, 0.0/0.0 AS nan, 'NaN' AS s, date('2015-06-24') AS d, duration('P30Y8M') AS p",
    );
    expect(res.request().headers().accept).toContain('application/vnd.neo4j.query');
    await s.page.locator('#result-table td.v-duration').waitFor();
    const cells = s.page.locator('#result-table tbody td');
    expect(await cells.allTextContents()).toEqual([
      '2.0',
      '2',
      'NaN',
      '"NaN"',
      '2015-06-24Date',
      'P30Y8MDuration',
    ]);
    expect(await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('title')))).toEqual([
      'Float',
      'Integer',
      'Float',
      'String',
      'Date',
      'Duration',
    ]);
  });

  it('logged no console errors', () => {
    // A 400/403 answer is logged by Chromium as a failed resource; those are the point here.
    const unexpected = s.consoleErrors.filter(
      (m) => !/status of (400|403) \((Bad Request|Forbidden)\)/.test(m),
    );
    expect(unexpected).toEqual([]);
  });
});
