import path from 'node:path';
import type { APIRequestContext, BrowserContext, Locator, Page } from 'playwright-core';
import { hashPassword } from '../../server/auth/passwords';
import type { UserRecord } from '../../server/auth/users';
import { seriousViolations } from '../helpers/axe';
import { suiteDb, suiteDriver } from '../helpers/app';
import { ARTIFACTS_DIR, startBrowserSession, type BrowserSession } from '../helpers/browser';
import { removeEdits } from '../helpers/workspace';

/**
 * The editing UI end to end, in users mode: alice and bob edit, vera only reads. Create an
 * entity with a new source, draw a relationship node → node, edit in the inspector, two editors
 * on one entity (409 → both versions side by side → reapply), history with revert, retract.
 */
// Seven steps on one page under a loaded machine: the first build and sign-in take a while.
jest.setTimeout(120_000);

let s: BrowserSession;
let bob: { context: BrowserContext; page: Page };
const PASSWORD = 'correct horse battery';
const NAME = 'Acme Labelling Ltd';
let entityId = '';
let relationshipId = '';

async function signIn(context: BrowserContext, baseUrl: string, name: string): Promise<void> {
  const req: APIRequestContext = context.request;
  const { csrfToken } = (await (await req.get(`${baseUrl}/api/auth/csrf`)).json()) as {
    csrfToken: string;
  };
  const res = await req.post(`${baseUrl}/api/auth/login`, {
    data: { name, password: PASSWORD },
    headers: { 'X-CSRF-Token': csrfToken },
  });
  expect(res.status()).toBe(200);
}

async function openAs(page: Page, baseUrl: string, search = ''): Promise<void> {
  await page.goto(`${baseUrl}/${search}`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, {
    timeout: 30_000,
  });
  await page.waitForFunction(() => document.body.dataset.role !== undefined);
}

/** The API as the signed-in user of a context sees it. */
async function getJson<T>(context: BrowserContext, path: string): Promise<T> {
  const res = await context.request.get(`${s.baseUrl}${path}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

const dialog = (page: Page): Locator => page.locator('dialog.edit-dialog[open]');

async function inspect(page: Page, id: string): Promise<void> {
  await page.waitForFunction((x) => window.cy!.getElementById(x).nonempty(), id);
  // Braces: the tapped element must not come back (serialising a Cytoscape element is slow).
  await page.evaluate((x) => {
    window.cy!.getElementById(x).emit('tap');
  }, id);
  await page.locator('#inspector:not([hidden])').waitFor();
}

/** Fills the source form with an existing source found by typing part of its name. */
async function pickSource(d: Locator, text: string, name: string): Promise<void> {
  const input = d.locator('.source-existing input[role="combobox"]');
  await input.fill('');
  await input.pressSequentially(text, { delay: 20 });
  const option = d.locator('.source-existing li[role="option"]', { hasText: name });
  await option.first().waitFor();
  await option.first().click();
}

async function provenance(d: Locator, evidence: string, reason?: string): Promise<void> {
  await d.getByLabel('Evidence', { exact: true }).fill(evidence);
  if (reason) await d.getByLabel(/^Reason/).fill(reason);
}

beforeAll(async () => {
  const hash = await hashPassword(PASSWORD);
  const users: UserRecord[] = [
    { name: 'alice', role: 'editor', passwordHash: hash },
    { name: 'bob', role: 'editor', passwordHash: hash },
    { name: 'vera', role: 'viewer', passwordHash: hash },
  ];
  s = await startBrowserSession('edit', { auth: { users } });
  await signIn(s.context, s.baseUrl, 'alice');
  s.page.setDefaultTimeout(25_000); // a stuck step fails with its locator, before the test's own timeout
  await openAs(s.page, s.baseUrl);
}, 180_000);

afterAll(async () => {
  await bob?.context.close().catch(() => undefined);
  await s?.close();
  // Leave the suite's database as the seed made it: later suites count its entities.
  const driver = suiteDriver();
  try {
    await removeEdits(suiteDb(driver));
  } finally {
    await driver.close();
  }
});

describe('editing the graph from the explorer', () => {
  it('an editor creates an entity with a new source, and it lands on the canvas', async () => {
    await s.page.locator('#new-entity').click();
    const d = dialog(s.page);
    await d.waitFor();
    await d.getByLabel('Kind').selectOption('Organization');
    await d.getByLabel('Name', { exact: true }).fill(NAME);
    await d.getByLabel('Aliases').fill('ACME LABELLING LIMITED\nAcme Labs');
    await d.getByLabel('Description').fill('A data-labelling contractor named in a filing.');
    await d.getByRole('button', { name: 'Add property' }).click();
    await d.getByLabel('Property 1 name').fill('country');
    await d.getByLabel('Property 1 value').fill('GB');
    await d.getByLabel('New source').check();
    await d.getByLabel('Title').fill('Companies House filing for Acme Labelling');
    await d.getByLabel('URL').fill('https://find-and-update.company-information.service.gov.uk/');
    await d.getByLabel('Published').fill('2025-07-20');
    await provenance(d, 'The filing lists the company and its labelling work.');
    await d.getByLabel('Confidence').selectOption('0.8');
    // The form is keyboard-reachable and clean for axe while open.
    expect(await seriousViolations(s.page)).toEqual([]);
    await s.shot('create-entity-form');
    const [res] = await Promise.all([
      s.page.waitForResponse(
        (r) => r.url().endsWith('/api/entities') && r.request().method() === 'POST',
      ),
      d.getByRole('button', { name: 'Create entity' }).click(),
    ]);
    expect(res.status()).toBe(201);
    const body = (await res.json()) as { entity: { id: string }; version: number };
    entityId = body.entity.id;
    expect(entityId).toMatch(/^org:acme-labelling/);
    await d.waitFor({ state: 'detached' });
    // On the canvas, selected, and in the inspector with its history.
    await s.page.waitForFunction((id) => window.cy!.getElementById(id).selected(), entityId);
    await s.page.locator('#inspector-title', { hasText: NAME }).waitFor();
    await s.page.locator('#inspector .history-list .action-create').waitFor();
    const stored = await getJson<{ entity: { properties: Record<string, unknown> } }>(
      s.context,
      `/api/entities/${encodeURIComponent(entityId)}`,
    );
    expect(stored.entity.properties.aliases).toEqual(['ACME LABELLING LIMITED', 'Acme Labs']);
    expect(stored.entity.properties.country).toBe('GB');
    const { changes } = await getJson<{
      changes: { action: string; user: string; source: string }[];
    }>(s.context, `/api/changes?entity=${encodeURIComponent(entityId)}`);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ action: 'create', user: 'alice' });
    expect(changes[0].source).toMatch(/^source:/);
    await s.shot('created-entity');
  });

  it('dragging from one node to another opens the relationship form and stores it', async () => {
    await s.page.locator('#draw-relationship').click();
    expect(await s.page.locator('#draw-relationship').getAttribute('aria-pressed')).toBe('true');
    const at = async (id: string) =>
      s.page.evaluate((x) => {
        const cy = window.cy!;
        const p = cy.getElementById(x).renderedPosition();
        const box = cy.container()!.getBoundingClientRect();
        return { x: box.left + p.x, y: box.top + p.y };
      }, id);
    const from = await at(entityId);
    const to = await at('org:scale-ai');
    await s.page.mouse.move(from.x, from.y);
    await s.page.mouse.down();
    await s.page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
    await s.page.mouse.move(to.x, to.y, { steps: 8 });
    await s.page.waitForTimeout(300); // edgehandles' hover delay before the target counts
    await s.page.mouse.up();
    const d = dialog(s.page);
    await d.waitFor();
    await d.locator('.ends', { hasText: 'Scale AI' }).waitFor();
    expect(await d.locator('.ends').textContent()).toContain(NAME);
    await d.getByLabel('Type').selectOption('OWNS');
    await d.getByLabel('Exact').check();
    await d.getByLabel('Stake (%)').fill('12.5');
    await d.getByLabel('Since').fill('2025-07-01');
    await pickSource(d, 'documents', 'Investigation into publicly accessible Scale AI documents');
    await provenance(d, 'The filing names Acme as holder of 12.5% of Scale AI shares.');
    await s.shot('draw-relationship-form');
    const [res] = await Promise.all([
      s.page.waitForResponse(
        (r) => r.url().endsWith('/api/relationships') && r.request().method() === 'POST',
      ),
      d.getByRole('button', { name: 'Create relationship' }).click(),
    ]);
    expect(res.status()).toBe(201);
    const body = (await res.json()) as {
      relationship: { id: string; properties: Record<string, unknown> };
    };
    relationshipId = body.relationship.id;
    expect(body.relationship.properties.stake).toBe(0.125);
    expect(body.relationship.properties.since).toBe('2025-07-01');
    await s.page.locator('#draw-relationship').click(); // draw mode off
    const edge = await s.page.evaluate((id) => {
      const e = window.cy!.getElementById(id);
      return e.nonempty()
        ? { source: e.source().id(), target: e.target().id(), label: e.data('label') as string }
        : null;
    }, relationshipId);
    expect(edge).toEqual({ source: entityId, target: 'org:scale-ai', label: '12.5%' });
    // No draft edge from the drag stays behind.
    expect(await s.page.evaluate(() => window.cy!.edges('.eh-draft, .eh-preview').length)).toBe(0);
    await s.shot('drawn-relationship');
  });

  it('an edit in the inspector sends the version it read and shows in the history', async () => {
    await inspect(s.page, entityId);
    await s.page.locator('#inspector [data-edit="edit"]').click();
    const d = dialog(s.page);
    await d.waitFor();
    expect(await d.getByLabel('Kind').isDisabled()).toBe(true);
    await d.getByLabel('Description').fill('A data-labelling contractor; holds 12.5% of Scale AI.');
    await pickSource(d, 'documents', 'Investigation into publicly accessible Scale AI documents');
    await provenance(d, 'The filing states the holding.', 'Holding added from the filing');
    const [res] = await Promise.all([
      s.page.waitForResponse((r) => r.request().method() === 'PATCH'),
      d.getByRole('button', { name: 'Save changes' }).click(),
    ]);
    expect(res.status()).toBe(200);
    expect(res.request().headers()['if-match']).toBe('"1"');
    await s.page.locator('#inspector .desc', { hasText: 'holds 12.5%' }).waitFor();
    const edited = s.page.locator('#inspector .history-list .action-update').first();
    await edited.waitFor();
    expect(await edited.textContent()).toContain('description');
    expect(await edited.textContent()).toContain('Holding added from the filing');
    // Only what changed, as the analyst typed it: no snapshot internals.
    expect(await edited.locator('.change-fields .k').allTextContents()).toEqual(['description']);
  });

  it('two editors on one entity: the second save gets both versions side by side, then reapplies', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await signIn(context, s.baseUrl, 'bob');
    bob = { context, page: await context.newPage() };
    await openAs(bob.page, s.baseUrl, `?focus=${encodeURIComponent(entityId)}`);
    await inspect(bob.page, entityId);
    // Bob opens the form (reads version 2) ...
    await bob.page.locator('#inspector [data-edit="edit"]').click();
    const bd = dialog(bob.page);
    await bd.waitFor();
    // ... alice renames the entity meanwhile (version 3) ...
    await inspect(s.page, entityId);
    await s.page.locator('#inspector [data-edit="edit"]').click();
    const ad = dialog(s.page);
    await ad.getByLabel('Name', { exact: true }).fill('Acme Labelling Limited');
    await pickSource(ad, 'documents', 'Investigation into publicly accessible Scale AI documents');
    await provenance(ad, 'The registered name in the filing.');
    const [aliceSave] = await Promise.all([
      s.page.waitForResponse((r) => r.request().method() === 'PATCH'),
      ad.getByRole('button', { name: 'Save changes' }).click(),
    ]);
    expect(aliceSave.status()).toBe(200);
    // ... then bob saves his description on version 2: 409, nothing of his written.
    await bd
      .getByLabel('Description')
      .fill('Labelling contractor (bob: confirmed by a second filing).');
    await pickSource(bd, 'documents', 'Investigation into publicly accessible Scale AI documents');
    await provenance(bd, 'A second filing confirms it.');
    const [conflict] = await Promise.all([
      bob.page.waitForResponse((r) => r.request().method() === 'PATCH'),
      bd.getByRole('button', { name: 'Save changes' }).click(),
    ]);
    expect(conflict.status()).toBe(409);
    expect(conflict.request().headers()['if-match']).toBe('"2"');
    const table = bd.locator('.conflict-table');
    await table.waitFor();
    expect(await bd.locator('thead').textContent()).toContain('Yours (from v2)');
    expect(await bd.locator('thead').textContent()).toContain('Current (v3)');
    // Both differing fields are marked: bob's description, alice's name.
    const differs = await table
      .locator('tr.differs')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(differs.sort()).toEqual(['description', 'name']);
    const name = table.locator('tr[data-key="name"]');
    expect(await name.locator('td.mine').textContent()).toBe(NAME);
    expect(await name.locator('td.theirs').textContent()).toBe('Acme Labelling Limited');
    expect(await table.locator('tr[data-key="description"] td.mine').textContent()).toContain(
      'your change',
    );
    expect(await table.locator('tr[data-key="kind"]').getAttribute('class')).toBe('');
    expect(await seriousViolations(bob.page)).toEqual([]);
    await bob.page.screenshot({ path: shotPath('conflict') });
    const [reapplied] = await Promise.all([
      bob.page.waitForResponse((r) => r.request().method() === 'PATCH'),
      bd.getByRole('button', { name: 'Reapply my changes on v3' }).click(),
    ]);
    expect(reapplied.status()).toBe(200);
    expect(reapplied.request().headers()['if-match']).toBe('"3"');
    await bd.waitFor({ state: 'detached' });
    // Both edits stand: alice's name and bob's description, at version 4.
    const now = await getJson<{ entity: { properties: Record<string, unknown> }; version: number }>(
      s.context,
      `/api/entities/${encodeURIComponent(entityId)}`,
    );
    expect(now.entity.properties.name).toBe('Acme Labelling Limited');
    expect(now.entity.properties.description).toContain('bob: confirmed');
    expect(now.version).toBe(4);
  });

  it('the history lists who did what, and Revert undoes the last edit as a new change', async () => {
    await inspect(s.page, entityId);
    const items = s.page.locator('#inspector .history-list > li');
    await items.nth(4).waitFor();
    const heads = await items.locator('.change-head').allTextContents();
    expect(heads.map((t) => t.replace(/ · .*/, ''))).toEqual([
      'Edited by bob',
      'Edited by alice',
      'Edited by alice',
      // The relationship drawn from it is in its history too, named.
      'Created OWNS: Acme Labelling Limited → Scale AI by alice',
      'Created by alice',
    ]);
    await s.page.locator('#inspector .history').scrollIntoViewIfNeeded();
    await s.shot('history');
    const [res] = await Promise.all([
      s.page.waitForResponse((r) => /\/api\/changes\/.+\/revert$/.test(r.url())),
      items
        .first()
        .getByRole('button', { name: /^Revert/ })
        .click(),
    ]);
    expect(res.status()).toBe(201);
    await s.page.locator('#inspector .history-list .action-revert').waitFor();
    const now = await getJson<{ entity: { properties: Record<string, unknown> } }>(
      s.context,
      `/api/entities/${encodeURIComponent(entityId)}`,
    );
    expect(now.entity.properties.description).toBe(
      'A data-labelling contractor; holds 12.5% of Scale AI.',
    );
    expect(now.entity.properties.name).toBe('Acme Labelling Limited');
    await s.page.locator('#inspector .desc', { hasText: 'holds 12.5%' }).waitFor();
  });

  it('retracting a relationship asks for a reason and takes it off the canvas', async () => {
    await inspect(s.page, relationshipId);
    await s.page.locator('#inspector [data-edit="retract"]').click();
    const d = dialog(s.page);
    await d.waitFor();
    await pickSource(d, 'documents', 'Investigation into publicly accessible Scale AI documents');
    await provenance(d, 'The filing was amended.');
    await d.getByRole('button', { name: 'Retract' }).click();
    // No reason: refused in the form, nothing sent.
    expect(await d.locator('.form-error').textContent()).toBe('Give a reason');
    await d.getByLabel('Reason').fill('The amended filing drops the holding');
    await s.shot('retract-form');
    const [res] = await Promise.all([
      s.page.waitForResponse((r) => r.request().method() === 'DELETE'),
      d.getByRole('button', { name: 'Retract' }).click(),
    ]);
    expect(res.status()).toBe(200);
    expect(res.request().headers()['if-match']).toBe('"1"');
    await s.page.waitForFunction((id) => window.cy!.getElementById(id).empty(), relationshipId);
    const { changes } = await getJson<{ changes: { action: string; reason: string | null }[] }>(
      s.context,
      `/api/changes?relationship=${encodeURIComponent(relationshipId)}`,
    );
    expect(changes[0]).toMatchObject({
      action: 'retract',
      reason: 'The amended filing drops the holding',
    });
  });

  it('a viewer sees the history but no editing controls', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await signIn(context, s.baseUrl, 'vera');
      const page = await context.newPage();
      await openAs(page, s.baseUrl, `?focus=${encodeURIComponent(entityId)}`);
      expect(await page.evaluate(() => document.body.dataset.role)).toBe('viewer');
      await inspect(page, entityId);
      await page.locator('#inspector .history-list > li').first().waitFor();
      expect(await page.locator('#new-entity, #draw-relationship').count()).toBe(0);
      expect(await page.locator('#inspector [data-edit]').count()).toBe(0);
      expect(await page.locator('#inspector .history .revert').count()).toBe(0);
      await page.screenshot({ path: shotPath('viewer') });
    } finally {
      await context.close();
    }
  });
});

/** Where a screenshot of another page than the session's goes (test/artifacts/edit-<name>.png). */
const shotPath = (name: string) => path.join(ARTIFACTS_DIR, `edit-${name}.png`);
