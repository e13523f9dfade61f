import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import type { Driver } from 'neo4j-driver';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../server/app';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { importData } from '../server/ingest/import-service';
import { applySchema } from '../server/ingest/loader';
import type { DuplicatePair, DuplicatesView } from '../server/model/duplicates';
import { nameKeys, normalisedName, nameSkeleton } from '../server/model/name-keys';
import { seedGraph } from '../seed/data';
import { seedDatabase } from '../seed/loader';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

/**
 * Two registries describing the same companies and people in their own spellings
 * (test/fixtures/duplicates), imported as two datasets on top of the article's seed; and the BODS
 * 0.4 examples (../shared/samples/bods/examples, openownership/data-standard d97e79829b3b), which
 * reuse the same names across packages; Parteispenden (../shared/samples/ftm/data, opensanctions/yente
 * 916a474c078b) records one donor under two spellings.
 */
const FIXTURES = path.resolve(__dirname, 'fixtures/duplicates');
const BODS = path.resolve(__dirname, '../../shared/samples/bods/examples');
const FTM = path.resolve(__dirname, '../../shared/samples/ftm/data');

let neo: TestNeo4j;
let driver: Driver;
let db: Db;
let app: Express;

beforeAll(async () => {
  neo = await startTestNeo4j('duplicates');
  driver = createDriver({ uri: neo.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  db = new Db(driver, new QueryStore());
  await seedDatabase(db, seedGraph, { reset: true });
  await applySchema(db);
  for (const [file, dataset] of [
    ['registry-a.ftm.json', 'Registry A'],
    ['registry-b.ftm.json', 'Registry B'],
  ]) {
    const report = await importData(db, fs.readFileSync(path.join(FIXTURES, file)), {
      dataset,
      format: 'ftm',
    });
    expect(report.rejected).toEqual([]);
  }
  app = createApp({ db, mode: 'external', logger: pino({ level: 'silent' }) });
}, 240_000);

afterAll(async () => {
  await driver?.close();
  await neo?.dispose();
});

async function duplicates(query = ''): Promise<DuplicatesView> {
  const res = await request(app).get(`/api/duplicates${query}`).expect(200);
  return res.body as DuplicatesView;
}

function pairOf(view: DuplicatesView, x: string, y: string): DuplicatePair | undefined {
  return view.pairs.find((p) => p.pair === (x < y ? `${x}|${y}` : `${y}|${x}`));
}

describe('normalised names and their keys', () => {
  it('drop case, punctuation, legal forms and diacritics, and sort the words', () => {
    expect(normalisedName('SCALE AI, INC.')).toBe(normalisedName('Scale AI'));
    expect(normalisedName('Müller GmbH')).toBe('muller');
    expect(normalisedName('S.A. Renault')).toBe('renault');
    expect(normalisedName('Wang, Alexandr')).toBe(normalisedName('Alexandr Wang'));
    expect(normalisedName('Scale AI')).not.toBe(normalisedName('Scale Labs'));
  });

  it('give a name in Cyrillic and its Latin spelling one skeleton', () => {
    expect(nameSkeleton('Александр Ванг')).toBe(nameSkeleton('Alexandr Wang'));
    expect(nameKeys('Александр Ванг')).toContain(`s:${nameSkeleton('Alexandr Wang')}`);
    expect(nameSkeleton('Alexandr Wang')).not.toBe(nameSkeleton('Alexander Wong Holdings'));
  });
});

describe('GET /api/duplicates', () => {
  it('finds "Scale AI" and "SCALE AI, INC." by identifier, name, address and a shared owner', async () => {
    const view = await duplicates('?limit=100');
    const pair = pairOf(view, 'ftm:a-scale', 'ftm:b-scale');
    expect(pair).toBeDefined();
    const types = pair!.evidence.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['identifier', 'name', 'address', 'neighbours']));
    expect(pair!.evidence.find((e) => e.type === 'identifier')!.detail).toBe(
      'leiCode:5493001SCALEAI000001',
    );
    expect(pair!.evidence.find((e) => e.type === 'name')).toMatchObject({
      a: 'Scale AI',
      b: 'SCALE AI, INC.',
    });
    expect(pair!.evidence.find((e) => e.type === 'neighbours')!.detail).toContain('ftm:dup-meta');
    expect(pair!.score).toBeGreaterThan(0.95);
    // Both sides carry what an analyst compares.
    expect(pair!.a.datasets).toEqual(['registry-a']);
    expect(pair!.b.datasets).toEqual(['registry-b']);
    expect(pair!.a.kind).toBe('Organization');
  });

  it('finds a person spelled in Cyrillic in one registry and in Latin in the other', async () => {
    const view = await duplicates('?limit=100');
    const pair = pairOf(view, 'ftm:a-wang', 'ftm:b-wang');
    expect(pair).toBeDefined();
    expect(pair!.evidence.map((e) => e.type)).toEqual(
      expect.arrayContaining(['transliteration', 'birthDate']),
    );
    expect(pair!.evidence.find((e) => e.type === 'transliteration')).toMatchObject({
      a: 'Alexandr Wang',
      b: 'Александр Ванг',
    });
  });

  it("finds the seed's Scale AI and the registries' ones by name across datasets", async () => {
    const view = await duplicates('?limit=200');
    const pair = pairOf(view, 'org:scale-ai', 'ftm:b-scale');
    expect(pair?.evidence.map((e) => e.type)).toContain('name');
  });

  it('weighs evidence against: another registration number, a link between the two', async () => {
    const all = await duplicates('?limit=500&minScore=0');
    const acme = pairOf(all, 'ftm:a-acme', 'ftm:b-acme')!;
    expect(acme.evidence.map((e) => e.type)).toEqual(
      expect.arrayContaining(['name', 'different-identifier']),
    );
    const remo = pairOf(all, 'ftm:a-remo-parent', 'ftm:a-remo-sub')!;
    expect(remo.evidence.map((e) => e.type)).toEqual(expect.arrayContaining(['name', 'linked']));
    const scale = pairOf(all, 'ftm:a-scale', 'ftm:b-scale')!;
    expect(acme.score).toBeLessThan(0.3);
    expect(remo.score).toBeLessThan(scale.score);
    // The default threshold leaves the registration-number conflict out.
    expect(pairOf(await duplicates('?limit=500'), 'ftm:a-acme', 'ftm:b-acme')).toBeUndefined();
  });

  it('ranks by score, honours limit, and can list the candidates of one entity', async () => {
    const view = await duplicates('?limit=2');
    expect(view.pairs).toHaveLength(2);
    expect(view.pairs[0].score).toBeGreaterThanOrEqual(view.pairs[1].score);
    const one = await duplicates(`?entity=${encodeURIComponent('ftm:b-wang')}`);
    expect(one.pairs.map((p) => p.pair)).toContain('ftm:a-wang|ftm:b-wang');
    expect(one.pairs.every((p) => p.pair.split('|').includes('ftm:b-wang'))).toBe(true);
  });

  it('never proposes a source, and answers bad parameters with a 400 naming them', async () => {
    const view = await duplicates('?limit=500&minScore=0');
    expect(
      view.pairs.some((p) => p.a.id.startsWith('source:') || p.b.id.startsWith('source:')),
    ).toBe(false);
    const bad = await request(app).get('/api/duplicates?limit=0').expect(400);
    expect(bad.body.error.message).toMatch(/^limit:/);
    const score = await request(app).get('/api/duplicates?minScore=2').expect(400);
    expect(score.body.error.message).toMatch(/^minScore:/);
  });
});

describe('duplicates in the public samples', () => {
  it('Parteispenden (FtM): one donor recorded twice, "Programs" and "Programms", paying one party', async () => {
    const report = await importData(
      db,
      fs.readFileSync(path.join(FTM, 'parteispenden.entities.ftm.json')),
      { dataset: 'Parteispenden', format: 'ftm' },
    );
    expect(report.rejected).toEqual([]);
    const view = await duplicates('?limit=500');
    const pair = pairOf(
      view,
      'ftm:5443feae9d76bb427e4ab2c70d335ee04f4429af',
      'ftm:0ed53a908d77982be939565a14e28263ee31d568',
    );
    expect(pair).toBeDefined();
    expect(pair!.evidence.map((e) => e.type)).toEqual(
      expect.arrayContaining(['similar-name', 'neighbours']),
    );
    // Sides in id order: 0ed53a90… is "Programms".
    expect(pair!.evidence.find((e) => e.type === 'similar-name')).toMatchObject({
      a: 'Dr. Rath Health Programms B.V.',
      b: 'Dr. Rath Health Programs B.V.',
    });
    expect(pair!.score).toBeGreaterThanOrEqual(0.3);
  });

  it('BODS 0.4: "Person 1" and "Company A" of two packages share a name but not a birth date or a registration', async () => {
    for (const file of ['indirect-ownership.json', 'mixed-direct-and-indirect-ownership.json']) {
      const report = await importData(db, fs.readFileSync(path.join(BODS, file)), {
        dataset: file,
        format: 'bods',
      });
      expect(report.rejected).toEqual([]);
    }
    const all = await duplicates('?limit=500&minScore=0');
    const between = (name: string) =>
      all.pairs.find(
        (p) =>
          p.a.name === name &&
          p.b.name === name &&
          p.a.id.startsWith('bods:') &&
          p.b.id.startsWith('bods:') &&
          p.a.datasets.join() !== p.b.datasets.join(),
      );
    // Born 1965-11 in one package, 1978-08 in the other: two people.
    const person = between('Person 1');
    expect(person?.evidence.map((e) => e.type)).toEqual(
      expect.arrayContaining(['name', 'different-birthDate']),
    );
    expect(person!.score).toBeLessThan(0.3);
    // GB-COH XE9999 and XE-08-A: two registrations.
    const company = between('Company A');
    expect(company?.evidence.map((e) => e.type)).toEqual(
      expect.arrayContaining(['name', 'different-identifier']),
    );
    expect(company!.score).toBeLessThan(0.3);
    const proposed = (await duplicates('?limit=500')).pairs.map((p) => p.pair);
    expect(proposed).not.toContain(person!.pair);
    expect(proposed).not.toContain(company!.pair);
  });
});
