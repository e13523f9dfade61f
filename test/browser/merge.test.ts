import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { importData } from '../../server/ingest/import-service';
import { DatasetService } from '../../server/services/dataset-service';
import type { Db } from '../../server/db/db';
import { seriousViolations } from '../helpers/axe';
import { suiteDb, suiteDriver } from '../helpers/app';
import { startBrowserSession, type BrowserSession } from '../helpers/browser';

/** Two registries naming Scale AI their own way (test/fixtures/duplicates), on the suite's seed. */
const FIXTURES = path.resolve(__dirname, '../fixtures/duplicates');

let s: BrowserSession;
let driver: Driver;
let db: Db;

beforeAll(async () => {
  driver = suiteDriver();
  db = suiteDb(driver);
  for (const [file, dataset] of [
    ['registry-a.ftm.json', 'Registry A'],
    ['registry-b.ftm.json', 'Registry B'],
  ]) {
    await importData(db, fs.readFileSync(path.join(FIXTURES, file)), { dataset, format: 'ftm' });
  }
  s = await startBrowserSession('merge');
  await s.open();
}, 240_000);

afterAll(async () => {
  await s?.close();
  // Leave the suite's database as the seed made it: undo what the test merged, drop the datasets.
  if (db) {
    const datasets = new DatasetService(db);
    for (const id of ['registry-a', 'registry-b']) await datasets.remove(id).catch(() => undefined);
    await db.writeTx((tx) =>
      tx.run(
        "MATCH (d:DuplicateDecision) WHERE d.a STARTS WITH 'ftm:' OR d.b STARTS WITH 'ftm:' DETACH DELETE d",
      ),
    );
    await db.writeTx((tx) =>
      tx.run("MATCH (m:Merged) WHERE m.id STARTS WITH 'ftm:' DETACH DELETE m"),
    );
  }
  await driver?.close();
}, 120_000);

const pairItem = (pair: string) => s.page.locator(`#dup-list li[data-pair="${pair}"] button`);

describe('the duplicates panel', () => {
  it('lists candidate pairs with score and evidence, and compares a pair side by side', async () => {
    await Promise.all([
      s.page.waitForResponse((r) => r.url().includes('/api/duplicates')),
      s.page.locator('#toggle-duplicates').click(),
    ]);
    await pairItem('ftm:a-scale|ftm:b-scale').waitFor();
    await pairItem('ftm:a-scale|ftm:b-scale').click();
    const compare = s.page.locator('#dup-compare');
    await compare.locator('.dup-table').waitFor();
    const text = await compare.innerText();
    expect(text).toContain('Scale AI');
    expect(text).toContain('SCALE AI, INC.');
    expect(text).toContain('leiCode:5493001SCALEAI000001');
    const evidence = await compare
      .locator('.dup-evidence')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(evidence).toEqual(expect.arrayContaining(['identifier', 'name', 'address']));
    expect(await s.page.locator('#toggle-duplicates').getAttribute('aria-expanded')).toBe('true');
    await s.shot('panel');
    const violations = await seriousViolations(s.page);
    expect(violations).toEqual([]);
  });

  it('a person in Cyrillic and in Latin: "Different" takes the pair off the list for good', async () => {
    await pairItem('ftm:a-wang|ftm:b-wang').click();
    await s.page.locator('#dup-compare').getByText('Александр Ванг').first().waitFor();
    await s.shot('transliteration');
    await Promise.all([
      s.page.waitForResponse((r) => r.url().endsWith('/api/duplicates/decisions')),
      s.page.locator('#dup-compare button[data-decision="different"]').click(),
    ]);
    await pairItem('ftm:a-wang|ftm:b-wang').waitFor({ state: 'detached' });
    const res = await request(s.baseUrl).get('/api/duplicates?limit=500&minScore=0').expect(200);
    expect(res.body.pairs.map((p: { pair: string }) => p.pair)).not.toContain(
      'ftm:a-wang|ftm:b-wang',
    );
  });

  it('"Same" merges; the inspector says merged from … and Unmerge brings both back', async () => {
    await pairItem('ftm:a-scale|ftm:b-scale').click();
    // Keep Registry B's id this time: the analyst's choice wins over the default.
    await s.page.locator('#dup-compare input[data-side="ftm:b-scale"]').check();
    const [answer] = await Promise.all([
      s.page.waitForResponse((r) => r.url().endsWith('/api/duplicates/decisions')),
      s.page.locator('#dup-compare button[data-decision="same"]').click(),
    ]);
    expect(answer.status()).toBe(201);
    await pairItem('ftm:a-scale|ftm:b-scale').waitFor({ state: 'detached' });
    // The canvas shows the canonical entity, the merged one is gone, the inspector says so.
    await s.page.waitForFunction(() => window.cy!.getElementById('ftm:b-scale').nonempty());
    expect(await s.page.evaluate(() => window.cy!.getElementById('ftm:a-scale').empty())).toBe(
      true,
    );
    const note = s.page.locator('#inspector .merged-from');
    await note.waitFor();
    expect(await note.innerText()).toContain('ftm:a-scale');
    await s.shot('merged-inspector');
    // The old id still answers, with the canonical entity.
    const old = await request(s.baseUrl).get('/api/entities/ftm:a-scale').expect(200);
    expect(old.body.entity.id).toBe('ftm:b-scale');

    await Promise.all([
      s.page.waitForResponse((r) => r.url().endsWith('/api/duplicates/unmerge')),
      note.locator('button.unmerge').click(),
    ]);
    await s.page.waitForFunction(() => window.cy!.getElementById('ftm:a-scale').nonempty());
    const back = await request(s.baseUrl).get('/api/entities/ftm:a-scale').expect(200);
    expect(back.body.entity.id).toBe('ftm:a-scale');
    await s.shot('unmerged');
    expect(s.consoleErrors).toEqual([]);
  });
});
