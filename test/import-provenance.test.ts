import type { Driver } from 'neo4j-driver';
import { importData } from '../server/ingest/import-service';
import type { Db } from '../server/db/db';
import { DatasetService } from '../server/services/dataset-service';
import { suiteDb, suiteDriver } from './helpers/app';

/**
 * Two datasets restating one entity: the first keeps the node's name and facts, the second's
 * names become aliases and its identifiers join, its own view is kept; deleting either restores
 * the other's view (docs/import.md, "Provenance").
 */

let driver: Driver;
let db: Db;

const line = (x: unknown) => JSON.stringify(x);
const registry = [
  line({
    id: 'org:acme-provenance',
    kind: 'Organization',
    name: 'Acme Ltd',
    description: 'From the register.',
    identifiers: ['gb-coh:123'],
    facts: { country: 'GB' },
  }),
  line({ id: 'person:ann-provenance', kind: 'Person', name: 'Ann Register' }),
  line({
    type: 'OWNS',
    from: 'person:ann-provenance',
    to: 'org:acme-provenance',
    stake: 0.6,
    evidence: 'Register extract.',
    source: 'source:prov-registry',
    confidence: 1,
  }),
].join('\n');
const leak = [
  line({
    id: 'org:acme-provenance',
    kind: 'Organization',
    name: 'ACME Limited',
    aliases: ['Acme', 'Акме'],
    description: 'From the leak.',
    identifiers: ['lei:XYZ'],
    facts: { country: 'UK', employees: 5 },
  }),
].join('\n');

async function node(id: string) {
  const r = await db.read('entity-by-id', { id, at: null });
  if (!r.records.length) return null;
  const p = r.records[0].get('properties') as Record<string, unknown>;
  return {
    name: p.name,
    description: p.description,
    country: p.country,
    employees: p.employees === undefined ? undefined : Number(p.employees),
    aliases: [...((p.aliases as string[]) ?? [])].sort(),
    identifiers: [...((p.identifiers as string[]) ?? [])].sort(),
    datasets: p.datasets,
    kept: ((p.assertedBy as string[] | undefined) ?? []).map((v) => v.split('\u001f')[0]),
  };
}

const importJsonl = async (text: string, dataset: string) => {
  const report = await importData(db, Buffer.from(text), { format: 'jsonl', dataset });
  expect(report.rejected).toEqual([]);
  return report;
};

beforeAll(() => {
  driver = suiteDriver();
  db = suiteDb(driver);
});

afterAll(async () => {
  const datasets = new DatasetService(db);
  for (const d of await datasets.list()) {
    if (d.id.startsWith('prov-')) await datasets.remove(d.id);
  }
  await driver?.close();
});

const registryView = {
  name: 'Acme Ltd',
  description: 'From the register.',
  country: 'GB',
  employees: undefined,
  aliases: [],
  identifiers: ['gb-coh:123'],
  datasets: ['prov-registry'],
  kept: [],
};
const leakView = {
  name: 'ACME Limited',
  description: 'From the leak.',
  country: 'UK',
  employees: 5,
  aliases: ['Acme', 'Акме'],
  identifiers: ['lei:XYZ'],
  datasets: ['prov-leak'],
  kept: [],
};
const bothView = {
  ...registryView,
  aliases: ['ACME Limited', 'Acme', 'Акме'],
  identifiers: ['gb-coh:123', 'lei:XYZ'],
  datasets: ['prov-registry', 'prov-leak'],
  kept: ['prov-leak'],
};

describe('an entity restated by a second dataset', () => {
  it('keeps the first dataset’s name and facts; the second’s names become aliases, its identifiers join', async () => {
    await importJsonl(registry, 'prov-registry');
    expect(await node('org:acme-provenance')).toEqual(registryView);
    await importJsonl(leak, 'prov-leak');
    expect(await node('org:acme-provenance')).toEqual(bothView);
  });

  it('re-importing either dataset gives the same node', async () => {
    await importJsonl(registry, 'prov-registry');
    expect(await node('org:acme-provenance')).toEqual(bothView);
    await importJsonl(leak, 'prov-leak');
    expect(await node('org:acme-provenance')).toEqual(bothView);
  });

  it('deleting the second dataset restores the first one’s view exactly', async () => {
    await new DatasetService(db).remove('prov-leak');
    expect(await node('org:acme-provenance')).toEqual(registryView);
  });

  it('deleting the first dataset hands the node to the second one’s kept view', async () => {
    await importJsonl(leak, 'prov-leak');
    expect(await node('org:acme-provenance')).toEqual(bothView);
    await new DatasetService(db).remove('prov-registry');
    expect(await node('org:acme-provenance')).toEqual(leakView);
    // The registry's own entity and claim are gone with it.
    expect(await node('person:ann-provenance')).toBeNull();
  });
});
