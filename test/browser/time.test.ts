import request from 'supertest';
import { seriousViolations } from '../helpers/axe';
import { startBrowserSession, type BrowserSession } from '../helpers/browser';

let s: BrowserSession;

beforeAll(async () => {
  s = await startBrowserSession('time');
  await s.open();
}, 180_000);

afterAll(async () => {
  await s?.close();
});

/** Is Wang's CEO_OF Scale AI / LEADS Meta's lab edge drawn? */
const wang = () =>
  s.page.evaluate(() => {
    const cy = window.cy!;
    const from = cy.getElementById('person:alexandr-wang');
    const ceo = from.edgesTo('#org\\:scale-ai').filter('[type = "CEO_OF"]');
    const leads = from.edgesTo('#org\\:meta-superintelligence-labs').filter('[type = "LEADS"]');
    return { ceo: ceo.nonempty() && ceo.visible(), leads: leads.nonempty() && leads.visible() };
  });

describe('the histogram under the time slider', () => {
  it('counts every start, end and event date on the canvas', async () => {
    const expected = await s.page.evaluate(() => {
      const cy = window.cy!;
      let n = 0;
      cy.edges().forEach((e) => {
        const p = e.data('properties') ?? {};
        if (typeof p.since === 'string') n++;
        if (typeof p.until === 'string') n++;
      });
      cy.nodes('[kind = "Event"]').forEach((x) => {
        if (typeof (x.data('properties') ?? {}).date === 'string') n++;
      });
      return n;
    });
    expect(expected).toBeGreaterThan(5);
    const bars = s.page.locator('#time-histogram .bar');
    expect(await bars.count()).toBeGreaterThan(10);
    const counts = await bars.evaluateAll((els) => els.map((e) => Number(e.dataset.count)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(expected);
    // The seed's story happens in mid-2025: the tallest bar covers June 2025.
    const tallest = await bars.evaluateAll((els) => {
      const top = els.reduce((a, b) => (Number(b.dataset.count) > Number(a.dataset.count) ? b : a));
      return top.getAttribute('title') ?? '';
    });
    expect(tallest).toMatch(/2025-0[5-6]/);
    expect(await s.page.locator('#time-histogram').getAttribute('aria-label')).toMatch(
      /relationships began/,
    );
    await s.page.locator('#timeline').scrollIntoViewIfNeeded();
    await s.shot('histogram');
  });

  it('hiding a family takes its dates out of the histogram', async () => {
    const total = () =>
      s.page
        .locator('#time-histogram .bar')
        .evaluateAll((els) =>
          els.reduce((a, e) => a + Number((e as HTMLElement).dataset.count), 0),
        );
    const before = await total();
    await s.page.locator('#family-filters button[data-family="leadership"]').click();
    expect(await total()).toBeLessThan(before);
    await s.page.locator('#family-filters button[data-family="leadership"]').click();
    expect(await total()).toBe(before);
  });

  it('plays month by month from spring 2025 and the canvas follows', async () => {
    await s.page.locator('#time-enabled').check();
    await Promise.all([
      s.page.waitForResponse((r) => r.url().includes('/api/graph?at=2025-04-01')),
      s.page.locator('#time-date').fill('2025-04-01'),
    ]);
    await s.page.waitForFunction(() => !!window.cy!.$('.time-hidden').length);
    expect(await wang()).toEqual({ ceo: true, leads: false });
    await s.page.locator('#time-step').selectOption('month');
    await s.page.locator('#time-speed').selectOption('4');
    const dates: string[] = [];
    const seen = (r: { url(): string }) => {
      const m = /\/api\/graph\?at=(\d{4}-\d{2}-\d{2})/.exec(r.url());
      if (m) dates.push(m[1]);
    };
    s.page.on('request', seen); // requests: a newer step may cancel an older one's answer
    await s.page.locator('#time-play').click();
    expect(await s.page.locator('#time-play').getAttribute('aria-pressed')).toBe('true');
    await s.page.waitForFunction(
      () => (document.querySelector('#time-date') as HTMLInputElement).value >= '2025-07-01',
    );
    await s.page.locator('#time-play').click(); // pause
    s.page.off('request', seen);
    expect(await s.page.locator('#time-play').getAttribute('aria-pressed')).toBe('false');
    // One step a month, each one asked of the server.
    expect(dates).toEqual(expect.arrayContaining(['2025-05-01', '2025-06-01', '2025-07-01']));
    const at = await s.page.locator('#time-date').inputValue();
    await s.page.waitForFunction(
      () => window.cy!.edges('[type = "LEADS"]').filter((e) => e.visible()).length > 0,
    );
    expect(await wang()).toEqual({ ceo: false, leads: true });
    expect(await s.page.locator('#time-label').textContent()).toContain(at);
    // The cursor on the histogram stands at the played date.
    expect(await s.page.locator('.time-cursor').isVisible()).toBe(true);
    await s.shot('played-to-july-2025');
    await s.page.locator('#time-enabled').uncheck();
    await s.page.waitForFunction(() => !window.cy!.$('.time-hidden').length);
  });

  it('steps by day and by year', async () => {
    await s.page.locator('#time-enabled').check();
    await s.page.locator('#time-date').fill('2025-01-30');
    await s.page.locator('#time-step').selectOption('day');
    await s.page.locator('#time-speed').selectOption('8');
    await s.page.locator('#time-play').click();
    await s.page.waitForFunction(
      () => (document.querySelector('#time-date') as HTMLInputElement).value >= '2025-02-02',
    );
    await s.page.locator('#time-play').click();
    const day = await s.page.locator('#time-date').inputValue();
    expect(day >= '2025-02-02' && day < '2025-03-01').toBe(true);
    await s.page.locator('#time-step').selectOption('year');
    await s.page.locator('#time-play').click();
    await s.page.waitForFunction(
      (d) => (document.querySelector('#time-date') as HTMLInputElement).value.slice(0, 4) > d,
      day.slice(0, 4),
    );
    await s.page.locator('#time-play').click();
    const year = await s.page.locator('#time-date').inputValue();
    expect(year.slice(4)).toBe(day.slice(4)); // same day of the year
    await s.page.locator('#time-enabled').uncheck();
  });
});

describe('the relationship timeline (Gantt)', () => {
  it('shows one bar per Scale AI relationship, grouped by family, with open ends', async () => {
    const api = await request(s.baseUrl)
      .get('/api/entities/org%3Ascale-ai/neighbors?limit=1000')
      .expect(200);
    const own = (api.body.edges as { source: string; target: string }[]).filter(
      (e) => e.source === 'org:scale-ai' || e.target === 'org:scale-ai',
    );
    await s.page.evaluate(() => {
      window.cy!.getElementById('org:scale-ai').emit('tap');
    });
    await s.page.locator('#inspector button', { hasText: 'Timeline' }).click();
    const panel = s.page.locator('#gantt');
    await panel.locator('.gantt-row').first().waitFor();
    expect(await panel.locator('.gantt-row').count()).toBe(own.length);
    const families = await panel
      .locator('.gantt-group')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.family));
    expect(families).toEqual(expect.arrayContaining(['ownership', 'client', 'leadership']));
    // Meta's stake began in June 2025 and is ongoing; Wang's time as chief ended then.
    const metaStake = panel.locator('.gantt-group[data-family="ownership"] .gantt-row', {
      hasText: 'Meta',
    });
    expect(await metaStake.getAttribute('title')).toMatch(/2025-06-01 – ongoing/);
    expect(await metaStake.locator('.bar').getAttribute('class')).toMatch(/open-end/);
    const ceo = panel.locator('.gantt-row', { hasText: 'CEO_OF' }).filter({ hasText: 'Wang' });
    expect(await ceo.getAttribute('title')).toMatch(/– 2025-06-01/);
    expect(await ceo.locator('.bar').getAttribute('class')).toBe('bar open-start');
    // Bars run left to right in time: Wang's ends where Meta's begins.
    const [ceoBox, metaBox] = await Promise.all([
      ceo.locator('.bar').boundingBox(),
      metaStake.locator('.bar').boundingBox(),
    ]);
    expect(Math.abs(ceoBox!.x + ceoBox!.width - metaBox!.x)).toBeLessThan(3);
    await s.shot('gantt-scale-ai');
  });

  it('clicking a bar selects that relationship on the canvas', async () => {
    const row = s.page.locator('#gantt .gantt-group[data-family="ownership"] .gantt-row', {
      hasText: 'Meta',
    });
    const edgeId = await row.getAttribute('data-edge');
    await row.click();
    await s.page.waitForFunction(
      (id) => window.cy!.$(':selected').map((e) => e.id())[0] === id,
      edgeId,
    );
    await s.page.locator('#inspector h2', { hasText: 'OWNS' }).waitFor();
    expect(await s.page.locator('#gantt').isVisible()).toBe(true);
  });

  it("an event's timeline puts its links on the event's date", async () => {
    await s.page.evaluate(() =>
      window.cy!.getElementById('event:meta-invests-in-scale-ai-2025-06').emit('tap'),
    );
    await s.page.locator('#inspector button', { hasText: 'Timeline' }).click();
    const panel = s.page.locator('#gantt');
    await panel.locator('#gantt-title', { hasText: 'Meta buys 49%' }).waitFor();
    await panel.locator('.gantt-row').first().waitFor();
    expect(await panel.locator('.gantt-line.own').count()).toBe(1);
    const titles = await panel
      .locator('.gantt-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t).toMatch(/2025-06-01/);
    await s.shot('gantt-event');
  });

  it('has no serious or critical accessibility violations with the timeline open', async () => {
    expect(await seriousViolations(s.page)).toEqual([]);
    await s.page.locator('#gantt button.close').click();
    expect(await s.page.locator('#gantt').isHidden()).toBe(true);
  });

  it('works from the keyboard: focus lands in it, Tab reaches the rows, Escape closes it', async () => {
    const open = s.page.locator('#inspector button', { hasText: 'Timeline' });
    await open.focus();
    await s.page.keyboard.press('Enter');
    await s.page.locator('#gantt .gantt-row').first().waitFor();
    await s.page.waitForFunction(() => document.activeElement?.id === 'gantt-title');
    await s.page.keyboard.press('Tab'); // the close button
    await s.page.keyboard.press('Tab'); // the first row
    expect(
      await s.page.evaluate(() => document.activeElement?.classList.contains('gantt-row')),
    ).toBe(true);
    await s.page.keyboard.press('Escape');
    expect(await s.page.locator('#gantt').isHidden()).toBe(true);
    expect(await s.page.locator('#inspector').isVisible()).toBe(true);
    expect(await s.page.evaluate(() => document.activeElement?.textContent)).toBe('Timeline');
  });

  it('logged no console errors', () => {
    expect(s.consoleErrors).toEqual([]);
  });
});
