import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { parsePercentage } from '../server/ingest/ftm';
import { importData, type ImportReport } from '../server/ingest/import-service';
import { applySchema } from '../server/ingest/loader';
import { graphCounts } from './helpers/app';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

/**
 * FtM samples from opensanctions/yente tests/fixtures (916a474c078b), unchanged in
 * ../shared/samples/ftm/data; Ownership and the other intervals from our own fixture
 * (test/fixtures/ftm/ownership.ftm.json), since the samples hold none.
 */
const SAMPLES = path.resolve(__dirname, '../../shared/samples/ftm/data');
const FIXTURE = path.resolve(__dirname, 'fixtures/ftm/ownership.ftm.json');

let neo: TestNeo4j;
let driver: Driver;
let db: Db;
let t1: ImportReport;
let donations: ImportReport;
let own: ImportReport;

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const r = await db.readTx((tx) => tx.run(query, params));
  return r.records.map((x) => x.toObject() as T);
}

beforeAll(async () => {
  neo = await startTestNeo4j('import-ftm');
  driver = createDriver({ uri: neo.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  db = new Db(driver, new QueryStore());
  await applySchema(db);
  const file = (f: string) => fs.readFileSync(path.join(SAMPLES, f));
  t1 = await importData(db, file('t1.entities.ftm.json'), { dataset: 'yente t1' });
  donations = await importData(db, file('parteispenden.entities.ftm.json'), {
    dataset: 'Parteispenden',
  });
  own = await importData(db, fs.readFileSync(FIXTURE), { dataset: 'ownership fixture' });
}, 180_000);

afterAll(async () => {
  await driver?.close();
  await neo?.dispose();
});

describe('reading free-text percentages', () => {
  it('reads exact shares, ranges and one-sided bounds, and refuses what is no percentage', () => {
    expect(parsePercentage('49')).toEqual({ stake: 0.49, stakeMin: 0.49, stakeMax: 0.49 });
    expect(parsePercentage('12,5 %')).toMatchObject({ stake: 0.125 });
    expect(parsePercentage('25-50%')).toEqual({ stakeMin: 0.25, stakeMax: 0.5 });
    expect(parsePercentage('<10')).toEqual({ stakeMin: 0, stakeMax: 0.1, stakeMaxExclusive: true });
    expect(parsePercentage('more than 25%')).toEqual({
      stakeMin: 0.25,
      stakeMax: 1,
      stakeMinExclusive: true,
    });
    expect(parsePercentage('a majority')).toBeNull();
    expect(parsePercentage('150')).toBeNull();
    expect(parsePercentage('60-40')).toBeNull();
  });
});

describe('importing FollowTheMoney entities', () => {
  it('detects FtM and takes every entity of the yente sample, warning about an address it lacks', async () => {
    expect(t1.format).toBe('ftm');
    expect(t1.rejected).toEqual([]);
    // 6 things; the Address is folded into the entities that cite it.
    expect(t1.entities).toBe(6);
    expect(t1.warnings.map((w) => w.code)).toContain('FTM_DANGLING');
  });

  it('finds an entity by a name in another script (Cyrillic, Greek) and keeps every name', async () => {
    const hit = async (q: string) =>
      (
        await rows<{ id: string }>(
          `CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.id AS id`,
          { q },
        )
      ).map((r) => r.id);
    expect(await hit('Интер')).toContain('ftm:NK-2GdmHtZTeNXjNVrBGEXZNj');
    expect(await hit('περιορισμένης')).toContain('ftm:NK-2GdmHtZTeNXjNVrBGEXZNj');
    expect(await hit('КУЗЬМЕНКО')).toContain('ftm:NK-2Ka3UvopqbpZmVDFjWd4LA');
    // Identifiers are searchable too: the tax number finds its person.
    expect(await hit('366510784303')).toEqual(['ftm:NK-2Ka3UvopqbpZmVDFjWd4LA']);
    const [org] = await rows<{ name: string; aliases: string[]; kind: string[] }>(
      `MATCH (n:Entity {id: 'ftm:NK-2GdmHtZTeNXjNVrBGEXZNj'})
       RETURN n.name AS name, n.aliases AS aliases, labels(n) AS kind`,
    );
    expect(org.name).toBe('LLC “Inter Tobacco”');
    expect(org.aliases).toHaveLength(11);
    expect(org.kind).toContain('Organization');
  });

  it('keeps tax numbers as identifiers and the birth date on the person', async () => {
    const [p] = await rows<{ ids: string[]; sanctioned: boolean; birth: string[] }>(
      `MATCH (n:Entity {id: 'ftm:NK-2Ka3UvopqbpZmVDFjWd4LA'})
       RETURN n.identifiers AS ids, n.sanctioned AS sanctioned, n.birthDate AS birth`,
    );
    expect(p.ids).toEqual(['taxNumber:366510784303']);
    expect(p.birth).toEqual(['1971-01-22']);
  });

  it('turns the 290 party donations into payment claims with amounts in euros and dates', async () => {
    expect(donations.rejected).toEqual([]);
    // 290 Payment entities; 98a5b377… names two beneficiaries, so it states two claims.
    expect(donations.relationships).toBe(291);
    const split = await rows<{ id: string }>(
      `MATCH ()-[r:PAID]->() WHERE r.sourceRecord = '98a5b377dffde7307e265a7cc928297e318daaef'
       RETURN r.id AS id ORDER BY id`,
    );
    expect(split.map((x) => x.id)).toEqual([
      'ftm:98a5b377dffde7307e265a7cc928297e318daaef#0',
      'ftm:98a5b377dffde7307e265a7cc928297e318daaef#1',
    ]);
    const [p] = await rows<{
      amount: number;
      currency: string;
      since: string;
      from: string;
      evidence: string;
    }>(
      `MATCH (a)-[r:PAID {id: 'ftm:2216b422a31242fe204654ce194864661f515921'}]->(b)
       RETURN toFloat(r.amount) AS amount, r.currency AS currency, toString(r.since) AS since,
              a.id AS from, r.evidence AS evidence`,
    );
    expect(p).toMatchObject({
      amount: 100000,
      currency: 'EUR',
      since: '2011-12-29',
      from: 'ftm:f9c295f21b233ac878fbac4d271bb6fd13d7952a',
    });
    expect(p.evidence).toContain('Frau Lina Dachner');
  });

  it('reads ownership percentages as stakes or ranges and keeps two claims on one pair apart', async () => {
    const r = await rows<{
      id: string;
      stake: number | null;
      min: number;
      max: number;
      maxX: boolean | null;
    }>(
      `MATCH ()-[r:OWNS]->() WHERE r.dataset = 'ownership-fixture'
       RETURN r.id AS id, r.stake AS stake, r.stakeMin AS min, r.stakeMax AS max,
              r.stakeMaxExclusive AS maxX ORDER BY id`,
    );
    expect(r).toEqual([
      { id: 'ftm:own-below', stake: null, min: 0, max: 0.1, maxX: true },
      { id: 'ftm:own-exact', stake: 0.49, min: 0.49, max: 0.49, maxX: null },
      { id: 'ftm:own-range', stake: null, min: 0.25, max: 0.5, maxX: null },
      { id: 'ftm:own-second-claim', stake: 0.51, min: 0.51, max: 0.51, maxX: null },
      { id: 'ftm:own-vague', stake: null, min: 0, max: 1, maxX: null },
    ]);
    const [exact] = await rows<{ since: string; until: string }>(
      `MATCH ()-[r:OWNS {id: 'ftm:own-exact'}]->() RETURN toString(r.since) AS since, toString(r.until) AS until`,
    );
    expect(exact).toEqual({ since: '2019-05-01', until: '2023-01-01' });
    expect(own.warnings.map((w) => `${w.record} ${w.code}`)).toContain('own-vague FTM_PERCENTAGE');
  });

  it('maps directorships, employment, family and payments to their families with roles', async () => {
    const r = await rows<{ id: string; type: string; family: string; role: string | null }>(
      `MATCH ()-[r]->() WHERE r.dataset = 'ownership-fixture' AND NOT r:OWNS
       RETURN r.id AS id, type(r) AS type, r.family AS family, r.role AS role ORDER BY id`,
    );
    expect(r).toEqual([
      { id: 'ftm:dir-1', type: 'OFFICER_OF', family: 'leadership', role: 'Chairman of the board' },
      { id: 'ftm:emp-1', type: 'OFFICER_OF', family: 'leadership', role: 'Fund manager' },
      { id: 'ftm:fam-1', type: 'ASSOCIATED_WITH', family: 'leadership', role: 'spouse' },
      { id: 'ftm:pay-1', type: 'PAID', family: 'client', role: null },
    ]);
  });

  it('attaches addresses, sanctions and passports to the entities they describe', async () => {
    const [t] = await rows<{ addresses: string[] }>(
      `MATCH (n:Entity {id: 'ftm:co-target'}) RETURN n.addresses AS addresses`,
    );
    expect(t.addresses).toEqual(['1 High Street, London']);
    const [ivan] = await rows<{ name: string; sanctions: string[]; sanctioned: boolean }>(
      `MATCH (n:Entity {id: 'ftm:p-ivan'}) RETURN n.name AS name, n.sanctions AS sanctions, n.sanctioned AS sanctioned`,
    );
    expect(ivan).toEqual({
      name: 'Ivan Petrov',
      sanctions: ['Example Sanctions Office, EX-2022, from 2022-03-15'],
      sanctioned: true,
    });
    const [olga] = await rows<{ ids: string[] }>(
      `MATCH (n:Entity {id: 'ftm:p-olga'}) RETURN n.identifiers AS ids`,
    );
    expect(olga.ids).toEqual(['passport-ru:7101234567']);
    const [gov] = await rows<{ labels: string[]; ids: string[] }>(
      `MATCH (n:Entity {id: 'ftm:pb-ministry'}) RETURN labels(n) AS labels, n.identifiers AS ids`,
    );
    expect(gov.labels).toContain('Government');
    const [holding] = await rows<{ ids: string[]; aliases: string[] }>(
      `MATCH (n:Entity {id: 'ftm:co-holding'}) RETURN n.identifiers AS ids, n.aliases AS aliases`,
    );
    expect(holding.ids).toEqual([
      'registrationNumber:CHE-101.202.303',
      'leiCode:5299001234567890AB12',
    ]);
    expect(holding.aliases).toEqual(['Нортвинд Холдинг', 'NWH']);
  });

  it('reports the dangling owner and the unsupported schema with their lines', () => {
    expect(own.rejected.map((r) => [r.record, r.line, r.code])).toEqual([
      ['own-dangling', 19, 'DANGLING_REFERENCE'],
      ['v-1', 20, 'FTM_UNSUPPORTED_SCHEMA'],
    ]);
  });

  it('gives identical counts when the files are imported again', async () => {
    const before = await graphCounts(db);
    const again = await importData(db, fs.readFileSync(FIXTURE), { dataset: 'ownership fixture' });
    expect(again.relationships).toBe(own.relationships);
    expect(await graphCounts(db)).toEqual(before);
  });
});
