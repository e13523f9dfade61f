import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { importData, type ImportReport } from '../server/ingest/import-service';
import { applySchema } from '../server/ingest/loader';
import { graphCounts } from './helpers/app';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

/**
 * BODS 0.4 examples of openownership/data-standard (examples/, d97e79829b3b), copied unchanged
 * into ../shared/samples/bods/examples: every assertion below is what those files state.
 */
const EXAMPLES = path.resolve(__dirname, '../../shared/samples/bods/examples');

let neo: TestNeo4j;
let driver: Driver;
let db: Db;
const reports = new Map<string, ImportReport>();

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const r = await db.readTx((tx) => tx.run(query, params));
  return r.records.map((x) => x.toObject() as T);
}

/** OWNS claims valid at a date, the way the as-of views read them (since inclusive, until exclusive). */
async function ownersAt(subject: string, at: string) {
  return rows<{ owner: string; stake: number | null; min: number; max: number; record: string }>(
    `MATCH (o)-[r:OWNS]->(s:Entity {id: $subject})
     WHERE (r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR r.until > date($at))
     RETURN o.name AS owner, r.stake AS stake, r.stakeMin AS min, r.stakeMax AS max, r.record AS record
     ORDER BY owner`,
    { subject, at },
  );
}

beforeAll(async () => {
  neo = await startTestNeo4j('import-bods');
  driver = createDriver({ uri: neo.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  db = new Db(driver, new QueryStore());
  await applySchema(db);
  for (const f of fs
    .readdirSync(EXAMPLES)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    const report = await importData(db, fs.readFileSync(path.join(EXAMPLES, f)), {
      fileName: f,
      importedBy: 'test',
    });
    reports.set(f, report);
  }
}, 180_000);

afterAll(async () => {
  await driver?.close();
  await neo?.dispose();
});

describe('importing the BODS 0.4 examples', () => {
  it('recognises the format and takes every statement of every example', () => {
    expect(reports.size).toBe(10);
    for (const [f, r] of reports) {
      expect({ f, format: r.format, rejected: r.rejected }).toEqual({
        f,
        format: 'bods',
        rejected: [],
      });
      expect(r.entities).toBeGreaterThan(0);
      expect(r.relationships).toBeGreaterThan(0);
    }
  });

  it('follows the tecido history: Maria Esteves 100%, then 40/60, 30/70, then Shear Trust 80% alone', async () => {
    const tecido = 'bods:01B68D7633';
    const at = async (d: string) =>
      (await ownersAt(tecido, d)).map((o) => `${o.owner} ${Math.round((o.stake ?? -1) * 100)}`);
    expect(await at('2010-01-01')).toEqual(['Maria Esteves 100']);
    expect(await at('2021-09-23')).toEqual(['Maria Esteves 100']);
    expect(await at('2021-09-24')).toEqual(['Maria Esteves 40', 'Shear Trust 60']);
    expect(await at('2022-09-21')).toEqual(['Maria Esteves 30', 'Shear Trust 70']);
    expect(await at('2023-03-01')).toEqual(['Shear Trust 80']);
    expect(await at('2024-06-01')).toEqual(['Shear Trust 80']);
  });

  it('never sums tecido shares above 100% nor shows two versions of one record at any date', async () => {
    const edges = await rows<{ since: string; until: string | null }>(
      `MATCH ()-[r:OWNS]->(:Entity {id: 'bods:01B68D7633'})
       RETURN toString(r.since) AS since, toString(r.until) AS until`,
    );
    const dates = new Set<string>();
    for (const e of edges) {
      for (const d of [e.since, e.until]) {
        if (!d) continue;
        const x = new Date(`${d}T00:00:00Z`);
        for (const off of [-1, 0, 1]) {
          dates.add(new Date(x.getTime() + off * 86_400_000).toISOString().slice(0, 10));
        }
      }
    }
    expect(dates.size).toBeGreaterThan(10);
    for (const d of dates) {
      const owners = await ownersAt('bods:01B68D7633', d);
      const sum = owners.reduce((s, o) => s + (o.stake ?? 0), 0);
      expect({ d, over: sum > 1 + 1e-9 }).toEqual({ d, over: false });
      const records = owners.map((o) => o.record);
      expect(new Set(records).size).toBe(records.length);
    }
  });

  it('ends the closed record at the declaration that closes it and keeps the closed person', async () => {
    const [maria] = await rows<{ kind: string[]; closedOn: string }>(
      `MATCH (p:Entity {id: 'bods:018AF6B3EB'}) RETURN labels(p) AS kind, p.closedOn AS closedOn`,
    );
    expect(maria.kind).toContain('Person');
    expect(maria.closedOn).toBe('2023-03-03');
    const [last] = await rows<{ until: string }>(
      `MATCH (:Entity {id: 'bods:018AF6B3EB'})-[r:OWNS]->() RETURN toString(max(r.until)) AS until`,
    );
    expect(last.until).toBe('2023-03-01');
  });

  it('keeps share ranges with their exclusive bounds and no invented exact stake', async () => {
    const [jenex] = await ownersAt('bods:12b7dd0770ce', '2020-01-01');
    expect(jenex).toMatchObject({ owner: 'MVJ LIMITED', stake: null, min: 0.75, max: 1 });
    const [flags] = await rows<{ minX: boolean; maxX: boolean }>(
      `MATCH ()-[r:OWNS]->(:Entity {id: 'bods:12b7dd0770ce'})
       RETURN r.stakeMinExclusive AS minX, r.stakeMaxExclusive AS maxX`,
    );
    expect(flags).toEqual({ minX: false, maxX: true });
    const pep = await rows<{
      type: string;
      min: number;
      max: number;
      maxX: boolean;
      interest: string;
    }>(
      `MATCH (:Entity {id: 'bods:9bcdcc85e803'})-[r]->(:Entity {id: 'bods:a7b3bd81d8ba'})
       RETURN type(r) AS type, r.stakeMin AS min, r.stakeMax AS max, r.stakeMaxExclusive AS maxX,
              r.interestType AS interest ORDER BY type`,
    );
    expect(pep).toEqual([
      { type: 'CONTROLS', min: 0.25, max: 0.5, maxX: true, interest: 'votingRights' },
      { type: 'OWNS', min: 0.25, max: 0.5, maxX: true, interest: 'shareholding' },
    ]);
  });

  it('shows the underage beneficiary of the Levent trust as an Unknown with its reason', async () => {
    const r = await rows<{
      labels: string[];
      reason: string;
      type: string;
      interest: string;
      trust: string[];
    }>(
      `MATCH (u:Entity {id: 'bods:81337a6e'})-[r]->(t:Entity {id: 'bods:8e40d059'})
       RETURN labels(u) AS labels, u.unspecifiedReason AS reason, type(r) AS type,
              r.interestType AS interest, labels(t) AS trust`,
    );
    expect(r).toHaveLength(1);
    expect(r[0].labels).toContain('Unknown');
    expect(r[0]).toMatchObject({
      reason: 'interestedPartyExemptFromDisclosure',
      type: 'BENEFITS_FROM',
      interest: 'beneficiaryOfLegalArrangement',
    });
    expect(r[0].trust).toContain('Arrangement');
    const roles = await rows<{ who: string; role: string }>(
      `MATCH (p:Person)-[r:ROLE_IN]->(:Entity {id: 'bods:8e40d059'})
       RETURN p.name AS who, r.interestType AS role ORDER BY who, role`,
    );
    expect(roles).toEqual([
      { who: 'Andrew Anderson', role: 'trustee' },
      { who: 'Bella Buxton', role: 'settlor' },
      { who: 'Bella Buxton', role: 'trustee' },
    ]);
  });

  it('maps the state and its ministry to Government and keeps the indirect stake with its components', async () => {
    const gov = await rows<{ id: string; name: string; aliases: string[] }>(
      `MATCH (g:Government) WHERE g.id IN ['bods:05ce06ec97b1', 'bods:7ff95ba3682c']
       RETURN g.id AS id, g.name AS name, g.aliases AS aliases ORDER BY id`,
    );
    expect(gov.map((g) => g.name)).toEqual(['Suomen tasavalta', 'Valtiovarainministerio']);
    expect(gov[0].aliases).toEqual(['Republic of Finland']);
    const [ind] = await rows<{ dir: string; stake: number; components: string[]; bo: boolean }>(
      `MATCH (:Entity {id: 'bods:05ce06ec97b1'})-[r:OWNS]->(:Entity {id: 'bods:19f1c5afe9d7'})
       RETURN r.directOrIndirect AS dir, r.stake AS stake, r.components AS components,
              r.beneficialOwnershipOrControl AS bo`,
    );
    expect(ind).toMatchObject({ dir: 'indirect', stake: 1, bo: false });
    const comps = await rows<{ id: string }>(
      `MATCH ()-[r]->() WHERE r.id IN $ids RETURN r.id AS id`,
      { ids: ind.components },
    );
    // Four component relationship records, one interest each.
    expect(ind.components).toHaveLength(4);
    expect(comps).toHaveLength(4);
  });

  it('keeps a direct and an indirect claim on one pair apart, each from its own date', async () => {
    const r = await rows<{ dir: string; since: string; stake: number }>(
      `MATCH (:Entity {id: 'bods:53508b65253f'})-[r:OWNS]->(:Entity {id: 'bods:9bfe59b6a869'})
       RETURN r.directOrIndirect AS dir, toString(r.since) AS since, r.stake AS stake ORDER BY since`,
    );
    expect(r).toEqual([
      { dir: 'indirect', since: '2017-11-01', stake: 0.5 },
      { dir: 'direct', since: '2019-05-01', stake: 0.5 },
    ]);
  });

  it('keeps nominees and board seats: the nomination arrangement sits on the board', async () => {
    const r = await rows<{ type: string; interest: string; from: string }>(
      `MATCH (a)-[r]->(:Entity {id: 'bods:104AB1984C'})
       RETURN type(r) AS type, r.interestType AS interest, a.name AS from ORDER BY type`,
    );
    expect(r).toEqual([
      { type: 'CONTROLS', interest: 'otherInfluenceOrControl', from: 'Silvia Teixeira Perez' },
      { type: 'OFFICER_OF', interest: 'boardMember', from: 'Perez-Rivero nomination' },
    ]);
    const [nominee] = await rows<{ role: string }>(
      `MATCH (:Entity {id: 'bods:102AB1984E'})-[r:ROLE_IN]->(:Arrangement) RETURN r.interestType AS role`,
    );
    expect(nominee.role).toBe('nominee');
  });

  it('keeps identifiers as scheme:id, provenance and the dataset on every claim', async () => {
    const [jenex] = await rows<{ ids: string[]; datasets: string[] }>(
      `MATCH (n:Entity {id: 'bods:12b7dd0770ce'}) RETURN n.identifiers AS ids, n.datasets AS datasets`,
    );
    expect(jenex.ids).toEqual(['GB-COH:03209885']);
    expect(jenex.datasets).toEqual(['bods-package-entity-owning-entity']);
    const [p] = await rows<{
      dataset: string;
      source: string;
      rec: string;
      publisher: string;
      st: string;
    }>(
      `MATCH ()-[r:OWNS]->(:Entity {id: 'bods:01B68D7633'})
       WHERE r.sourceRecord STARTS WITH 'crxpru392937'
       RETURN r.dataset AS dataset, r.source AS source, r.sourceRecord AS rec,
              r.publisher AS publisher, r.sourceType AS st`,
    );
    expect(p).toMatchObject({
      dataset: 'tecido',
      source: 'source:tecido',
      publisher: 'Company Register, Delaware',
      st: 'selfDeclaration',
    });
    const [src] = await rows<{ kind: string[]; format: string }>(
      `MATCH (s:Entity {id: 'source:tecido'}) RETURN labels(s) AS kind, s.format AS format`,
    );
    expect(src).toEqual({ kind: expect.arrayContaining(['Source']), format: 'bods' });
  });

  it('gives identical counts when every example is imported again', async () => {
    const before = await graphCounts(db);
    for (const f of reports.keys()) {
      await importData(db, fs.readFileSync(path.join(EXAMPLES, f)), { fileName: f });
    }
    expect(await graphCounts(db)).toEqual(before);
  });
});
