import { seriousViolations } from '../helpers/axe';
import { startBrowserSession, type BrowserSession } from '../helpers/browser';

let s: BrowserSession;
const WANG_CEO = 'CEO_OF:person:alexandr-wang->org:scale-ai';
const WANG_LEADS = 'LEADS:person:alexandr-wang->org:meta-superintelligence-labs';

beforeAll(async () => {
  s = await startBrowserSession('compare');
  await s.open();
}, 180_000);

afterAll(async () => {
  await s?.page
    .evaluate(async () => {
      const list = (await (await fetch('/api/investigations')).json()) as {
        investigations: { id: string; name: string; version: number }[];
      };
      for (const i of list.investigations.filter((x) => x.name.startsWith('test: '))) {
        await fetch(`/api/investigations/${encodeURIComponent(i.id)}`, {
          method: 'DELETE',
          headers: { 'Content-Type': 'application/json', 'If-Match': `"${i.version}"` },
        });
      }
    })
    .catch(() => undefined);
  await s?.close();
});

const classesOf = (id: string) =>
  s.page.evaluate((x) => window.cy!.getElementById(x).classes() as string[], id);

describe('compare mode', () => {
  it('colours what changed over 2025 and lists it; a click on the list selects on the canvas', async () => {
    await s.page.fill('#compare-from', '2025-01-01');
    await s.page.fill('#compare-to', '2025-12-31');
    await Promise.all([
      s.page.waitForResponse((r) => r.url().includes('/api/diff')),
      s.page.click('#compare-run'),
    ]);
    await s.page.waitForSelector('#compare-list .compare-item');
    expect(await classesOf(WANG_CEO)).toContain('diff-removed');
    expect(await classesOf(WANG_LEADS)).toContain('diff-added');
    // A second cue besides colour: removed edges are dashed, added solid.
    const styles = await s.page.evaluate(
      ([a, b]) => [
        window.cy!.getElementById(a).style('line-style'),
        window.cy!.getElementById(b).style('line-style'),
      ],
      [WANG_CEO, WANG_LEADS],
    );
    expect(styles).toEqual(['dashed', 'solid']);
    expect(await s.page.locator('.compare-summary').textContent()).toMatch(
      /added, \d+ removed, \d+ changed/,
    );
    // Keyboard: the list's items are buttons; Enter on one selects it on the canvas.
    const item = s.page.locator(`#compare-list .compare-item[data-id="${WANG_CEO}"]`);
    expect(await item.textContent()).toContain('removed');
    await item.focus();
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction((id) => window.cy!.getElementById(id).selected(), WANG_CEO);
    await s.shot('diff-2025');
    expect(await seriousViolations(s.page)).toEqual([]);
  });

  it('exit brings the explorer view back', async () => {
    await s.page.click('#compare-exit');
    await s.page.waitForFunction(() => window.cy!.nodes().length > 20);
    expect(await classesOf(WANG_CEO)).not.toContain('diff-removed');
    expect(await s.page.locator('#compare-list .compare-item').count()).toBe(0);
  });
});

describe('notes in the inspector', () => {
  it('adds a note to the entity shown, listed with its author and time', async () => {
    await s.page.evaluate(() => window.cy!.getElementById('org:outlier').emit('tap'));
    await s.page.waitForSelector('#inspector .notes');
    await s.page.fill('#note-text', 'Ask the labour ministry about the Outlier contractors');
    await Promise.all([
      s.page.waitForResponse(
        (r) => r.url().endsWith('/api/notes') && r.request().method() === 'POST',
      ),
      s.page.click('#note-add'),
    ]);
    await s.page.waitForSelector('#inspector .note .note-text');
    const note = s.page.locator('#inspector .note').first();
    expect(await note.locator('.note-text').textContent()).toBe(
      'Ask the labour ministry about the Outlier contractors',
    );
    expect(await note.locator('.note-meta').textContent()).toMatch(
      /^local · \d{4}-\d{2}-\d{2} \d{2}:\d{2}Edit/,
    );
    await s.shot('note-in-inspector');
    expect(await seriousViolations(s.page)).toEqual([]);
    // Delete is offered on one's own note and takes it away.
    await Promise.all([
      s.page.waitForResponse(
        (r) => r.url().includes('/api/notes/') && r.request().method() === 'DELETE',
      ),
      note.locator('button', { hasText: 'Delete' }).click(),
    ]);
    await s.page.waitForSelector('#inspector .notes-list .empty');
  });
});

describe('saved investigations', () => {
  it('saves the view, and the share link reopens it exactly: elements, positions, selection, date', async () => {
    // A small view: Scale AI's neighbourhood, moved by hand, Meta selected, a date set.
    await s.page.evaluate(() => {
      const cy = window.cy!;
      const keep = cy.getElementById('org:scale-ai').closedNeighborhood().nodes();
      cy.nodes().not(keep).remove();
      // Meta moved by hand to an empty spot beside Scale AI.
      const hub = cy.getElementById('org:scale-ai').position();
      cy.getElementById('org:meta').position({ x: hub.x + 260.25, y: hub.y - 180.5 });
      cy.elements().unselect();
      cy.getElementById('org:meta').select();
    });
    const before = await s.page.evaluate(() => ({
      nodes: window
        .cy!.nodes()
        .map((n) => n.id())
        .sort(),
      meta: window.cy!.getElementById('org:meta').position(),
    }));
    await s.page.fill('#investigation-name', 'test: Scale AI circle');
    await Promise.all([
      s.page.waitForResponse(
        (r) => r.url().endsWith('/api/investigations') && r.request().method() === 'POST',
      ),
      s.page.click('#investigation-save'),
    ]);
    await s.page.waitForFunction(
      (re) =>
        new RegExp(re).test(document.querySelector('.investigation-status')?.textContent ?? ''),
      'Saved "test: Scale AI circle" \\(version 1\\)',
    );
    const link = s.page.locator('#investigation-list .investigation-open', {
      hasText: 'test: Scale AI circle',
    });
    const id = await link.first().getAttribute('data-id');
    expect(id).toMatch(/^investigation:/);

    // A fresh page from the share link.
    await s.open(`?investigation=${encodeURIComponent(id!)}`);
    await s.page.waitForFunction((x) => document.body.dataset.investigation === x, id);
    const after = await s.page.evaluate(() => ({
      nodes: window
        .cy!.nodes()
        .map((n) => n.id())
        .sort(),
      meta: window.cy!.getElementById('org:meta').position(),
      selected: window.cy!.$(':selected').map((e) => e.id()),
    }));
    expect(after.nodes).toEqual(before.nodes);
    expect(after.meta).toEqual({
      x: Math.round(before.meta.x * 10) / 10,
      y: Math.round(before.meta.y * 10) / 10,
    });
    expect(after.selected).toEqual(['org:meta']);
    await s.page.waitForFunction(
      (re) =>
        new RegExp(re).test(document.querySelector('.investigation-status')?.textContent ?? ''),
      'Opened "test: Scale AI circle"',
    );
    await s.shot('investigation-reopened');
    expect(s.consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
