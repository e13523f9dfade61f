import { seriousViolations } from '../helpers/axe';
import { startBrowserSession, type BrowserSession } from '../helpers/browser';

let s: BrowserSession;

beforeAll(async () => {
  s = await startBrowserSession('keyboard');
  await s.open();
}, 180_000);

afterAll(async () => {
  await s?.close();
});

const ringed = () => s.page.evaluate(() => window.cy!.nodes('.kbd-focus').map((n) => n.id()));

/** Presses Tab until the canvas has the DOM focus (at most 60 presses). */
async function tabToCanvas(): Promise<number> {
  for (let i = 1; i <= 60; i++) {
    await s.page.keyboard.press('Tab');
    if (await s.page.evaluate(() => document.activeElement?.id === 'cy')) return i;
  }
  throw new Error('Tab never reached the canvas');
}

describe('the canvas from the keyboard', () => {
  it('Tab reaches the canvas, which rings the best connected entity and reads it out', async () => {
    await tabToCanvas();
    const [id] = await ringed();
    const hub = await s.page.evaluate(() =>
      window
        .cy!.nodes(':visible')
        .max((n) => n.degree(false))
        .ele.id(),
    );
    expect(id).toBe(hub);
    const said = await s.page.locator('#canvas-announce').textContent();
    expect(said).toMatch(/relationships? shown/);
    await s.shot('focus-ring');
  });

  it('arrow keys move to a neighbour in that direction', async () => {
    const [from] = await ringed();
    const seen = new Set<string>([from]);
    for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp']) {
      const [before] = await ringed();
      await s.page.keyboard.press(key);
      const [after] = await ringed();
      if (after === before) continue; // nothing that way
      seen.add(after);
      const check = await s.page.evaluate(
        ({ a, b, key }) => {
          const cy = window.cy!;
          const na = cy.getElementById(a);
          const nb = cy.getElementById(b);
          const dx = nb.position('x') - na.position('x');
          const dy = nb.position('y') - na.position('y');
          const ok =
            key === 'ArrowRight'
              ? dx > 0
              : key === 'ArrowLeft'
                ? dx < 0
                : key === 'ArrowDown'
                  ? dy > 0
                  : dy < 0;
          return { ok };
        },
        { a: before, b: after, key },
      );
      expect(check.ok).toBe(true);
    }
    expect(seen.size).toBeGreaterThan(1);
    expect(await s.page.evaluate(() => document.activeElement?.id)).toBe('cy');
  });

  it('from Meta, a move lands on one of its neighbours', async () => {
    await s.page.evaluate(() => {
      const cy = window.cy!;
      cy.getElementById('org:meta').select();
    });
    await s.page.locator('#search-input').focus();
    await tabToCanvas();
    expect(await ringed()).toEqual(['org:meta']);
    const neighbours = await s.page.evaluate(() =>
      window
        .cy!.getElementById('org:meta')
        .neighborhood()
        .nodes(':visible')
        .map((n) => n.id()),
    );
    let moved = false;
    for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp']) {
      await s.page.keyboard.press(key);
      const [now] = await ringed();
      if (now !== 'org:meta') {
        expect(neighbours).toContain(now);
        moved = true;
        break;
      }
    }
    expect(moved).toBe(true);
  });

  it('Enter inspects the ringed entity; Escape in the inspector goes back to it', async () => {
    const [id] = await ringed();
    await s.page.keyboard.press('Enter');
    const name = await s.page.evaluate((x) => window.cy!.getElementById(x).data('name'), id);
    await s.page.locator('#inspector h2', { hasText: name as string }).waitFor();
    expect(await s.page.evaluate(() => window.cy!.$(':selected').map((n) => n.id()))).toEqual([id]);
    await s.shot('enter-inspects');
    // The inspector follows the canvas in the Tab order and works from the keyboard.
    await s.page.keyboard.press('Tab');
    expect(await s.page.evaluate(() => !!document.activeElement?.closest('#inspector'))).toBe(true);
    await s.page.keyboard.press('Escape');
    expect(await s.page.locator('#inspector').isHidden()).toBe(true);
    expect(await s.page.evaluate(() => document.activeElement?.id)).toBe('cy');
    expect(await ringed()).toEqual([id]);
  });

  it('`e` expands the ringed entity and Delete hides it, the ring moving to a neighbour', async () => {
    // Scale AI's neighbours are on the canvas already; expanding a person brings new ones.
    await s.page.evaluate(() => {
      window.cy!.getElementById('person:alexandr-wang').select();
    });
    await s.page.locator('#search-input').focus();
    await tabToCanvas();
    expect(await ringed()).toEqual(['person:alexandr-wang']);
    const before = await s.page.evaluate(() => window.cy!.nodes().length);
    await Promise.all([
      s.page.waitForResponse((r) => r.url().includes('/neighbors')),
      s.page.keyboard.press('e'),
    ]);
    await s.page.locator('#status', { hasText: /new entit|No new neighbours/ }).waitFor();
    const expandedFrom = await s.page.evaluate(
      () =>
        window.cy!.nodes().filter((n) => n.data('expandedFrom') === 'person:alexandr-wang').length,
    );
    expect((await s.page.evaluate(() => window.cy!.nodes().length)) - before).toBe(expandedFrom);
    await s.page.keyboard.press('Delete');
    expect(
      await s.page.evaluate(() => window.cy!.getElementById('person:alexandr-wang').empty()),
    ).toBe(true);
    const [next] = await ringed();
    expect(next).toBeTruthy();
    expect(await s.page.locator('#canvas-announce').textContent()).toMatch(/shown/);
    await s.shot('after-delete');
    // Undo brings it back (Ctrl+Z is the page's shortcut, not the canvas's).
    await s.page.keyboard.press('Control+z');
    expect(
      await s.page.evaluate(() => window.cy!.getElementById('person:alexandr-wang').nonempty()),
    ).toBe(true);
  });

  it('the legend filters work from the keyboard', async () => {
    const btn = s.page.locator('#kind-filters button[data-kind="Person"]');
    await btn.focus();
    await s.page.keyboard.press('Enter');
    expect(await btn.getAttribute('aria-pressed')).toBe('false');
    expect(await s.page.evaluate(() => window.cy!.nodes('[kind = "Person"]:visible').length)).toBe(
      0,
    );
    await s.page.keyboard.press('Space');
    expect(await btn.getAttribute('aria-pressed')).toBe('true');
  });
});

describe('accessibility (axe-core)', () => {
  it('the main view has no serious or critical violations', async () => {
    await s.page.keyboard.press('Escape');
    expect(await seriousViolations(s.page)).toEqual([]);
  });

  it('the view with the inspector open has none either', async () => {
    // Braces: the tapped element must not come back (serialising a Cytoscape element is slow).
    await s.page.evaluate(() => {
      window.cy!.getElementById('org:scale-ai').emit('tap');
    });
    await s.page.locator('#inspector .details:not([aria-busy])').waitFor();
    await s.page.locator('#inspector button', { hasText: 'Ownership' }).click();
    await s.page.locator('#inspector section.ownership').waitFor();
    expect(await seriousViolations(s.page)).toEqual([]);
    await s.shot('inspector-axe');
  });

  it('the view with the console and the path finder in use has none either', async () => {
    await s.page.locator('#toggle-console').click();
    await s.page.locator('#console .cm-editor').waitFor();
    expect(await seriousViolations(s.page)).toEqual([]);
    await s.shot('console-axe');
  });

  it('logged no console errors', () => {
    expect(s.consoleErrors).toEqual([]);
  });
});
