import path from 'node:path';
import request from 'supertest';
import { ROOT_DIR } from '../../server/config';
import { seriousViolations } from '../helpers/axe';
import { startBrowserSession, type BrowserSession } from '../helpers/browser';

/** BODS examples: openownership/data-standard examples/, in ../shared/samples. */
const TECIDO = path.resolve(ROOT_DIR, '../shared/samples/bods/examples/tecido.json');
const OWNERS_CSV = path.join(ROOT_DIR, 'docs/import-examples/owners.csv');

let s: BrowserSession;

beforeAll(async () => {
  s = await startBrowserSession('import');
  await s.open();
  // Deleting a dataset asks for confirmation.
  s.page.on('dialog', (d) => void d.accept());
}, 180_000);

afterAll(async () => {
  // Leave the suite's graph as the seed: other browser suites count its entities.
  if (s) {
    const list = await request(s.baseUrl).get('/api/datasets');
    for (const d of (list.body.datasets ?? []) as { id: string }[]) {
      await request(s.baseUrl)
        .delete(`/api/datasets/${d.id}`)
        .set('Content-Type', 'application/json');
    }
  }
  await s?.close();
});

const report = () => s.page.locator('#import-report');
const datasets = async () =>
  (
    (await request(s.baseUrl).get('/api/datasets').expect(200)).body.datasets as {
      id: string;
      entities: number;
      relationships: number;
    }[]
  ).map((d) => `${d.id} ${d.entities}/${d.relationships}`);
const visibleOf = (dataset: string) =>
  s.page.evaluate(
    (id) =>
      window
        .cy!.nodes()
        .filter((n) => ((n.data('properties')?.datasets as string[]) ?? []).includes(id))
        .map((n) => `${n.id()}:${n.hasClass('filtered') ? 'hidden' : 'shown'}`)
        .sort(),
    dataset,
  );

describe('the Import panel', () => {
  it('previews a BODS file with its detected format, dry-runs it without writing, then imports it with progress', async () => {
    await s.page.locator('#open-import').click();
    await s.page.locator('#import-dialog[open]').waitFor();
    await s.page.locator('#import-file').setInputFiles(TECIDO);
    await s.page.locator('#import-preview table').waitFor();
    expect(await s.page.locator('#import-format').inputValue()).toBe('bods');
    await expect(s.page.locator('.file-info').textContent()).resolves.toMatch(
      /tecido\.json · 13\.\d KiB · format detected: BODS/,
    );
    const rows = await s.page.locator('#import-preview tbody tr').allTextContents();
    expect(rows[0]).toMatch(/^2person018AF6B3EBMaria Esteves$/);
    expect(rows).toContain('87relationship022EBEB66BMaria Esteves → Tecido Ltd');
    expect(await s.page.locator('#import-dataset').inputValue()).toBe('tecido');
    expect(await seriousViolations(s.page)).toEqual([]);
    await s.shot('bods-preview');

    await s.page.locator('#import-dry-run').click();
    await report().locator('.report-ok').waitFor();
    expect(await report().textContent()).toBe(
      'Dry run: Would import 3 entities and 15 relationships',
    );
    expect(await datasets()).toEqual([]);

    await s.page.locator('#import-run').click();
    await report()
      .getByText(/^Imported/)
      .waitFor();
    expect(await report().textContent()).toBe('Imported 3 entities and 15 relationships');
    expect(await s.page.locator('.progress-text').textContent()).toBe('Done');
    expect(
      await s.page.locator('#import-progress').evaluate((p) => (p as HTMLProgressElement).position),
    ).toBe(1);
    expect(await datasets()).toEqual(['tecido 3/15']);
    await s.shot('bods-imported');
    await s.page.locator('#import-close').click();
  });

  it('lists the dataset in the legend; switching it off hides its entities, on shows them again', async () => {
    const entry = s.page.locator('#dataset-filters [data-dataset="tecido"]');
    await entry.waitFor();
    expect(await entry.textContent()).toBe('tecido3 · 15');
    await s.page.waitForFunction(() => window.cy!.getElementById('bods:01B68D7633').nonempty());
    const shown = await visibleOf('tecido');
    expect(shown).toEqual([
      'bods:018AF6B3EB:shown',
      'bods:01B68D7633:shown',
      'bods:033E84672B:shown',
      // The dataset's Source node (what its claims cite) goes with it.
      'source:tecido:shown',
    ]);
    // Search finds what the dataset brought.
    const found = await request(s.baseUrl).get('/api/search?q=Tecido').expect(200);
    expect(found.body.results.map((r: { id: string }) => r.id)).toContain('bods:01B68D7633');

    await entry.click();
    expect(await entry.getAttribute('aria-pressed')).toBe('false');
    expect(await visibleOf('tecido')).toEqual(shown.map((x) => x.replace(':shown', ':hidden')));
    // Seed entities stay.
    expect(
      await s.page.evaluate(() => window.cy!.getElementById('org:scale-ai').hasClass('filtered')),
    ).toBe(false);
    await s.shot('dataset-hidden');
    await entry.click();
    expect(await visibleOf('tecido')).toEqual(shown);
  });

  it('maps CSV columns (guessed from the header, saved by name), reports refused rows by line, imports', async () => {
    await s.page.locator('#open-import').click();
    await s.page.locator('#import-file').setInputFiles(OWNERS_CSV);
    await s.page.locator('#import-mapping').waitFor();
    expect(await s.page.locator('#import-format').inputValue()).toBe('csv');
    const header = await s.page.locator('#import-preview thead th').allTextContents();
    expect(header.slice(0, 3)).toEqual(['row', 'owner_id', 'owner_name']);
    const value = (field: string) => s.page.locator(`#map-${field}`).inputValue();
    expect(await value('ownerId')).toBe('owner_id');
    expect(await value('ownerKind')).toBe('col:owner_kind');
    expect(await value('ownedId')).toBe('company_id');
    expect(await value('ownedKind')).toBe('kind:Organization');
    expect(await value('stake')).toBe('share');
    expect(await value('rowId')).toBe('row');
    expect(await value('type')).toBe('OWNS');

    // Saved under a name, it comes back after the form changed.
    await s.page.locator('#mapping-name').fill('owners register');
    await s.page.locator('#mapping-save').click();
    await s.page.locator('#map-stake').selectOption('');
    await s.page.locator('#mapping-saved').selectOption('owners register');
    expect(await value('stake')).toBe('share');
    expect(await s.page.locator('#mapping-saved').inputValue()).toBe('owners register');
    expect(
      await s.page.evaluate(() =>
        Object.keys(JSON.parse(localStorage.getItem('entity-graph.import-mappings') ?? '{}')),
      ),
    ).toEqual(['owners register']);

    // A wrong mapping: the owner kind taken from the company name column refuses every row.
    await s.page.locator('#map-ownerKind').selectOption('col:company_name');
    await s.page.locator('#import-dry-run').click();
    await report().locator('table.issues').waitFor();
    const issues = await report().locator('tbody tr').allTextContents();
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatch(/^2/); // the first data row is line 2
    await s.shot('csv-refused');

    await s.page.locator('#mapping-saved').selectOption('owners register');
    await s.page.locator('#import-dry-run').click();
    await report().locator('.report-ok').waitFor();
    const dry = await report().textContent();
    expect(dry).toMatch(/^Dry run: Would import \d+ entities and \d+ relationships$/);
    await s.page.locator('#import-dataset').fill('Owners register');
    await s.shot('csv-mapping');
    await s.page.locator('#import-run').click();
    await report()
      .getByText(/^Imported/)
      .waitFor();
    expect(await report().textContent()).toBe(dry!.replace('Dry run: Would import', 'Imported'));
    expect(await datasets()).toEqual(expect.arrayContaining(['tecido 3/15']));
    expect((await datasets()).some((d) => d.startsWith('owners-register '))).toBe(true);
    await s.page.locator('#import-close').click();
  });

  it('deletes a dataset from the legend: its entities leave the canvas and the list', async () => {
    await s.page.locator('#dataset-filters [data-dataset="owners-register"]').waitFor();
    await s.page.getByRole('button', { name: 'Delete dataset tecido' }).click();
    await s.page.locator('#dataset-filters [data-dataset="tecido"]').waitFor({ state: 'detached' });
    expect(await visibleOf('tecido')).toEqual([]);
    expect((await datasets()).map((d) => d.split(' ')[0])).toEqual(['owners-register']);
    await s.shot('dataset-deleted');
    expect(s.consoleErrors).toEqual([]);
  });
});
