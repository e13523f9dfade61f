import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { importData } from '../server/ingest/import-service';
import { DatasetService } from '../server/services/dataset-service';
import { suiteApp, type TestApp } from './helpers/app';

/**
 * The BODS 0.4 examples in ../shared/samples/bods/examples (openownership/data-standard, unchanged)
 * and the FtM fixture test/fixtures/ftm/ownership.ftm.json, imported into the suite's database as
 * datasets of their own and deleted after (the seed keeps its own dataset). Every expected figure
 * is read from the sample file named in the test.
 */
const EXAMPLES = path.resolve(__dirname, '../../shared/samples/bods/examples');
const FTM = path.join(__dirname, 'fixtures/ftm/ownership.ftm.json');

let t: TestApp;
const datasets: string[] = [];

interface Claim {
  id: string;
  type: string;
  stakeMaxExclusive: boolean;
  directOrIndirect: string;
  since: string | null;
  until: string | null;
}
interface Row {
  id: string;
  effectiveStake: number | null;
  effectiveStakeMin: number;
  effectiveStakeMax: number;
  claims: Claim[];
  chains: Array<{ path: string[] }>;
  declared: Array<{ claim: { id: string }; counted: boolean }>;
}
interface Owner {
  id: string;
  labels: string[];
  certain: boolean;
  effectiveStakeMin: number;
  effectiveStakeMax: number;
  control: boolean;
  grounds: string[];
  reason: string | null;
  sources: string[];
  reasons: Array<{ kind: string; role: string | null; text: string }>;
}
interface Gap {
  reason: string;
  via: string;
  effectiveStakeMin: number;
  effectiveStakeMax: number;
}

const ownership = async (id: string, query = '') =>
  (
    await request(t.app)
      .get(`/api/ownership/${encodeURIComponent(id)}${query}`)
      .expect(200)
  ).body as { owners: Row[] };
const bo = async (id: string, query = '') =>
  (
    await request(t.app)
      .get(`/api/beneficial-owners/${encodeURIComponent(id)}${query}`)
      .expect(200)
  ).body as { owners: Owner[]; unknown: Gap[]; at: string; threshold: number };
const row = (rows: Row[], rid: string) => {
  const r = rows.find((x) => x.id === rid);
  if (!r) throw new Error(`no row for ${rid} in ${rows.map((x) => x.id).join(', ')}`);
  return r;
};
/** Owners as "id min max certain", rounded to 0.1% so float products compare. */
const brief = (owners: Owner[]) =>
  owners.map(
    (o) =>
      `${o.id} ${(o.effectiveStakeMin * 100).toFixed(1)} ${(o.effectiveStakeMax * 100).toFixed(1)} ${o.certain ? 'certain' : 'possible'}`,
  );
const gap = (gaps: Gap[], via: string) => {
  const g = gaps.find((x) => x.via === via);
  if (!g) throw new Error(`no gap via ${via} in ${JSON.stringify(gaps.map((x) => x.via))}`);
  return g;
};

beforeAll(async () => {
  t = suiteApp();
  const files = fs
    .readdirSync(EXAMPLES)
    .filter((x) => x.endsWith('.json'))
    .sort()
    .map((f) => path.join(EXAMPLES, f));
  for (const file of [...files, FTM]) {
    // A dataset name of our own, so deleting it after leaves any other import alone.
    const name = `bo-samples-${path.basename(file, '.json')}`;
    const r = await importData(t.db, fs.readFileSync(file), {
      fileName: path.basename(file),
      dataset: name,
      importedBy: 'test',
    });
    datasets.push(r.dataset);
    // The FtM fixture carries two records meant to be refused (a dangling owner, a Vessel).
    const refused = file === FTM ? ['own-dangling', 'v-1'] : [];
    expect({ file, rejected: r.rejected.map((x) => x.record) }).toEqual({
      file,
      rejected: refused,
    });
  }
}, 180_000);

afterAll(async () => {
  const ds = new DatasetService(t.db);
  for (const d of datasets) await ds.remove(d);
  await t.close();
});

// tecido.json: Maria Esteves (018AF6B3EB) 100% of Tecido Ltd (01B68D7633) from 2002-03-09; from
// 2021-09-24 40% beside Shear Trust (033E84672B, a registered entity) 60%; from 2022-09-21 30/70;
// her record closed with Shear Trust's 80% from 2023-03-01. Shear Trust's owners are not stated.
describe('tecido.json: owners as of each date of the record history', () => {
  const tecido = 'bods:01B68D7633';
  const maria = 'bods:018AF6B3EB';
  const shear = 'bods:033E84672B';

  it('gives Maria Esteves alone, then beside Shear Trust, then Shear Trust alone', async () => {
    const at2010 = await bo(tecido, '?at=2010-01-01');
    expect(brief(at2010.owners)).toEqual([`${maria} 100.0 100.0 certain`]);
    expect(at2010.owners[0].control).toBe(true);
    expect(at2010.unknown).toEqual([]);

    for (const [at, mine, theirs] of [
      ['2021-09-24', 0.4, 0.6],
      ['2022-09-20', 0.4, 0.6],
      ['2022-09-21', 0.3, 0.7],
      ['2023-02-28', 0.3, 0.7],
    ] as const) {
      const r = await bo(tecido, `?at=${at}`);
      expect({ at, owners: brief(r.owners) }).toEqual({
        at,
        owners: [`${maria} ${(mine * 100).toFixed(1)} ${(mine * 100).toFixed(1)} certain`],
      });
      const s = gap(r.unknown, shear);
      expect({ at, reason: s.reason, min: s.effectiveStakeMin, max: s.effectiveStakeMax }).toEqual({
        at,
        reason: 'owners not recorded',
        min: theirs,
        max: theirs,
      });
    }

    const at2023 = await bo(tecido, '?at=2023-03-01');
    expect(at2023.owners).toEqual([]);
    expect(gap(at2023.unknown, shear)).toMatchObject({
      effectiveStakeMin: 0.8,
      effectiveStakeMax: 0.8,
    });
    // The 20% nobody declares after Maria Esteves left.
    const rest = gap(at2023.unknown, tecido);
    expect(rest.effectiveStakeMin).toBeCloseTo(0.2, 12);
    expect(rest.effectiveStakeMax).toBeCloseTo(0.2, 12);
  });

  it('never shows two versions of one record nor more than 100% on any day around a change', async () => {
    const days = [
      '2002-03-08',
      '2002-03-09',
      '2021-09-23',
      '2021-09-24',
      '2021-09-25',
      '2022-09-20',
      '2022-09-21',
      '2022-09-25',
      '2023-02-28',
      '2023-03-01',
      '2023-03-02',
      '2023-03-03',
    ];
    for (const at of days) {
      const { owners } = await ownership(tecido, `?at=${at}`);
      const total = owners.reduce((s, o) => s + o.effectiveStakeMax, 0);
      expect({ at, over: total > 1 + 1e-9 }).toEqual({ at, over: false });
      for (const o of owners) {
        const shares = o.claims.filter((c) => c.type === 'OWNS');
        expect({ at, owner: o.id, versions: shares.length <= 1 }).toEqual({
          at,
          owner: o.id,
          versions: true,
        });
      }
    }
    expect((await ownership(tecido, '?at=2002-03-08')).owners).toEqual([]);
  });
});

// bods-package-entity-owning-entity.json: MVJ LIMITED holds shares of JENEX LIMITED
// {minimum: 75, exclusiveMaximum: 100}; MVJ's own owners are not stated.
describe('bods-package-entity-owning-entity.json: a range with an exclusive maximum', () => {
  it('keeps 75% to under 100%, no exact stake, the bound marked exclusive', async () => {
    const { owners } = await ownership('bods:12b7dd0770ce');
    const mvj = row(owners, 'bods:e83cce729ada');
    expect(mvj).toMatchObject({
      effectiveStake: null,
      effectiveStakeMin: 0.75,
      effectiveStakeMax: 1,
    });
    expect(mvj.claims.map((c) => c.stakeMaxExclusive)).toEqual([true]);
  });

  it('names no beneficial owner and says whose owners are missing', async () => {
    const r = await bo('bods:12b7dd0770ce');
    expect(r.owners).toEqual([]);
    expect(gap(r.unknown, 'bods:e83cce729ada')).toMatchObject({
      reason: 'owners not recorded',
      effectiveStakeMin: 0.75,
      effectiveStakeMax: 1,
    });
  });
});

// full-pep-declaration.json: Michael Hubbard (9bcdcc85e803) holds shares and votes of Platinum
// Emerald and Plutonim Mining (a7b3bd81d8ba), each {minimum: 25, exclusiveMaximum: 50}.
describe('full-pep-declaration.json: at least 25%, less than 50%', () => {
  const mine = 'bods:a7b3bd81d8ba';
  const hubbard = 'bods:9bcdcc85e803';

  it('is a certain owner at 25% (inclusive minimum) and a possible one at 30%', async () => {
    expect(brief((await bo(mine)).owners)).toEqual([`${hubbard} 25.0 50.0 certain`]);
    expect(brief((await bo(mine, '?threshold=0.3')).owners)).toEqual([
      `${hubbard} 25.0 50.0 possible`,
    ]);
  });

  it('cannot reach 50%: the maximum is exclusive', async () => {
    expect((await bo(mine, '?threshold=0.5')).owners).toEqual([]);
  });
});

// Indirect chains whose component records are in the file: the declared indirect share is the
// answer, the chain it summarises is not added beside it.
describe('declared indirect interests, counted once', () => {
  it('indirect-ownership.json: Person 1 holds 30% of Company A through Company B (60%)', async () => {
    const a = 'bods:ad3f6c2fcc9e';
    const p1 = 'bods:c25d4d612c2c';
    const { owners } = await ownership(a);
    const p = row(owners, p1);
    expect(p).toMatchObject({
      effectiveStake: 0.3,
      effectiveStakeMin: 0.3,
      effectiveStakeMax: 0.3,
    });
    expect(p.declared.map((d) => d.claim.id)).toHaveLength(1);
    expect(row(owners, 'bods:d4ab89ea169a').effectiveStake).toBe(0.6);
    expect(brief((await bo(a)).owners)).toEqual([`${p1} 30.0 30.0 certain`]);
  });

  it('mixed-direct-and-indirect-ownership.json: 50% through Company B from 2017-11-01, 50% more directly from 2019-05-01', async () => {
    const a = 'bods:9bfe59b6a869';
    const p1 = 'bods:53508b65253f';
    expect(brief((await bo(a, '?at=2018-06-01')).owners)).toEqual([`${p1} 50.0 50.0 certain`]);
    // A direct and a declared indirect interest are two holdings, not two claims about one.
    const later = await bo(a, '?at=2020-01-01');
    expect(brief(later.owners)).toEqual([`${p1} 100.0 100.0 certain`]);
    const { owners } = await ownership(a, '?at=2020-01-01');
    expect(row(owners, p1)).toMatchObject({ effectiveStakeMin: 1, effectiveStakeMax: 1 });
    for (const o of owners) expect(o.effectiveStakeMax).toBeLessThanOrEqual(1);
  });

  it('mutilple-indirect-ownership-2.json: 60% of Company A through B (40%) and C (20%)', async () => {
    const a = 'bods:1e049760d6c7';
    const p1 = 'bods:731c7a8e7601';
    const r = await bo(a);
    expect(brief(r.owners)).toEqual([`${p1} 60.0 60.0 certain`]);
    expect(r.owners[0].control).toBe(true); // 60% of the votes is a majority
    const { owners } = await ownership(a);
    expect(row(owners, p1).effectiveStake).toBeCloseTo(0.6, 12);
    expect(row(owners, 'bods:41454e3ba398').effectiveStake).toBe(0.4);
    expect(row(owners, 'bods:6c9fd5c92201').effectiveStake).toBe(0.2);
  });
});

// bods-package-fi-soe.json: Gasgrid Finland (19f1c5afe9d7) is 76.5% Suomen Kaasuverkko
// (0199c515a699, 100% the Ministry of Finance 7ff95ba3682c) and 23.5% the Ministry directly; the
// Ministry is a stateBody under the state of Finland (05ce06ec97b1), which declares an indirect
// 100% with those records as components.
describe('bods-package-fi-soe.json: a state-owned enterprise', () => {
  it('names the state and its ministry, Government, 100% each, counted once', async () => {
    const r = await bo('bods:19f1c5afe9d7');
    expect(brief(r.owners).sort()).toEqual([
      'bods:05ce06ec97b1 100.0 100.0 certain',
      'bods:7ff95ba3682c 100.0 100.0 certain',
    ]);
    for (const o of r.owners) {
      expect(o.labels).toContain('Government');
      expect(o.control).toBe(true);
      expect(o.sources).toEqual(['source:bo-samples-bods-package-fi-soe']);
    }
    expect(r.unknown).toEqual([]);
    const { owners } = await ownership('bods:19f1c5afe9d7');
    expect(row(owners, 'bods:7ff95ba3682c').effectiveStake).toBeCloseTo(0.235 + 0.765, 12);
    expect(row(owners, 'bods:05ce06ec97b1').effectiveStake).toBe(1);
  });
});

// bods-package.json: Jennifer Hewitson-Smith (10478c6cf6de) holds 100% of Profitech (c359f58d2977).
describe('bods-package.json: one natural person', () => {
  it('is the certain beneficial owner with control', async () => {
    const r = await bo('bods:c359f58d2977');
    expect(brief(r.owners)).toEqual(['bods:10478c6cf6de 100.0 100.0 certain']);
    expect(r.owners[0]).toMatchObject({
      control: true,
      labels: expect.arrayContaining(['Person']),
    });
    expect(r.unknown).toEqual([]);
  });
});

// test/fixtures/ftm/ownership.ftm.json: Target Industries (co-target) is 49% Northwind Holding
// (own-exact, 2019-05-01 to 2023-01-01) or 51% (own-second-claim, from 2021-06-30, another
// register); Olga Petrova 25-50% from 2020-01; Blue Fund "a majority" (no figure); the Ministry
// of Finance (a PublicBody) holds <10% of Northwind.
describe('ownership.ftm.json: contradicting claims, a vague one and a public body', () => {
  it('spans the two registers while both stand, then takes the one left', async () => {
    const both = await ownership('ftm:co-target', '?at=2022-01-01');
    expect(row(both.owners, 'ftm:co-holding')).toMatchObject({
      effectiveStake: null,
      effectiveStakeMin: 0.49,
      effectiveStakeMax: 0.51,
    });
    expect(row(both.owners, 'ftm:co-holding').claims).toHaveLength(2);
    // "a majority" gives no figure: [0, 1], never 0 and never 1.
    expect(row(both.owners, 'ftm:le-fund')).toMatchObject({
      effectiveStake: null,
      effectiveStakeMin: 0,
      effectiveStakeMax: 1,
    });
    const later = await ownership('ftm:co-target', '?at=2024-01-01');
    expect(row(later.owners, 'ftm:co-holding')).toMatchObject({ effectiveStake: 0.51 });
  });

  it('lists Olga Petrova as certain and the ministry only at a low threshold', async () => {
    const r = await bo('ftm:co-target', '?at=2022-01-01');
    expect(brief(r.owners)).toEqual(['ftm:p-olga 25.0 50.0 certain']);
    expect(gap(r.unknown, 'ftm:le-fund')).toMatchObject({
      effectiveStakeMin: 0,
      effectiveStakeMax: 1,
    });
    // Under 10% of Northwind times 49–51%: at most 5.1%.
    const low = await bo('ftm:co-target', '?at=2022-01-01&threshold=0.05');
    const ministry = low.owners.find((o) => o.id === 'ftm:pb-ministry');
    expect(ministry).toMatchObject({
      certain: false,
      effectiveStakeMin: 0,
      labels: expect.arrayContaining(['Government']),
    });
    expect(ministry?.effectiveStakeMax).toBeCloseTo(0.051, 12);
  });
});

// nomination.json: Silvia Teixeira Perez (101AB1984F) nominates Vanessa Rivero through the
// Perez-Rivero nomination (103AB1984D), which sits on the board of Los Corazones de Plata
// (104AB1984C); she declares indirect otherInfluenceOrControl over it (beneficialOwnershipOrControl).
describe('nomination.json: control through a nominee', () => {
  it('lists the nominator as a possible beneficial owner on control, with no shares', async () => {
    const r = await bo('bods:104AB1984C');
    expect(r.owners.map((o) => o.id)).toEqual(['bods:101AB1984F']);
    expect(r.owners[0]).toMatchObject({
      certain: false,
      control: false,
      effectiveStakeMin: 0,
      effectiveStakeMax: 0,
      grounds: ['control'],
      sources: ['source:bo-samples-nomination'],
    });
    // The nominee acts for her: Vanessa Rivero is nobody's beneficial owner here.
    expect(r.owners.map((o) => o.id)).not.toContain('bods:102AB1984E');
  });
});

// levent.json: the Levent Trust (8e40d059) has Andrew Anderson as trustee, Bella Buxton as settlor
// and trustee, and a beneficiary (81337a6e, anonymousPerson) not disclosed for the reason
// interestedPartyExemptFromDisclosure ("beneficiary is underage").
describe('levent.json: a trust with an undisclosed beneficiary', () => {
  it('lists the beneficiary as an unknown owner with the reason the source gives', async () => {
    const r = await bo('bods:8e40d059');
    const u = r.owners.find((o) => o.id === 'bods:81337a6e');
    expect(u).toMatchObject({
      labels: expect.arrayContaining(['Unknown']),
      reason: 'interestedPartyExemptFromDisclosure',
      certain: false,
      effectiveStakeMin: 0,
      effectiveStakeMax: 1,
    });
  });

  it('lists the trustees and the settlor as certain owners, by their role (EU AML rules)', async () => {
    const r = await bo('bods:8e40d059');
    const andrew = r.owners.find((o) => o.id === 'bods:700c264e');
    const bella = r.owners.find((o) => o.id === 'bods:d8855000');
    expect(andrew).toMatchObject({ certain: true, control: true, grounds: ['control'] });
    expect(andrew?.reasons.map((x) => x.text)).toEqual(['trustee of Levent Trust']);
    // Bella Buxton is settlor and trustee: one hop, two claims, both controlling roles.
    expect(bella).toMatchObject({ certain: true, control: true });
    expect(bella?.reasons[0].kind).toBe('role');
    expect(['settlor', 'trustee']).toContain(bella?.reasons[0].role);
    // A trust has no shares: its parties are known, so no "owners not recorded" for the trust.
    expect(r.unknown.filter((u) => u.via === 'bods:8e40d059')).toEqual([]);
  });
});

// The console's library query `beneficial-owners` reads shares and benefits (OWNS, BENEFITS_FROM)
// only: its owners must be the API's owners on ownership, with the same bounds.
describe('the library query beneficial-owners agrees with the API on the samples', () => {
  const cases: Array<[string, string]> = [
    ['bods:01B68D7633', '2010-01-01'],
    ['bods:01B68D7633', '2022-01-01'],
    ['bods:01B68D7633', '2024-01-01'],
    ['bods:c359f58d2977', ''],
    ['bods:a7b3bd81d8ba', ''],
    ['bods:8e40d059', ''],
    ['ftm:co-target', '2022-01-01'],
  ];
  it.each(cases)('%s at %s', async (entity, at) => {
    for (const pct of [10, 25]) {
      const res = await request(t.app)
        .post('/api/queries/beneficial-owners')
        .send({
          params: at
            ? { id: entity, thresholdPercent: pct, at }
            : { id: entity, thresholdPercent: pct },
        })
        .expect(200);
      const col = (c: string) => res.body.columns.indexOf(c);
      const lib = (res.body.rows as unknown[][])
        .filter((r) => r[col('kind')] !== 'gap')
        .map(
          (r) =>
            `${String(r[col('ownerId')])} ${(Number(r[col('stakeMin')]) * 100).toFixed(1)} ${(Number(r[col('stakeMax')]) * 100).toFixed(1)} ${r[col('certain')] ? 'certain' : 'possible'}`,
        )
        .sort();
      const api = await bo(entity, `?threshold=${pct / 100}${at ? `&at=${at}` : ''}`);
      const onShares = api.owners
        .filter((o) => o.grounds.includes('ownership'))
        .map((o) => ({ ...o, certain: o.effectiveStakeMin >= pct / 100 }));
      expect(lib).toEqual(brief(onShares).sort());
    }
  });

  it('follows BENEFITS_FROM: the Levent Trust beneficiary, unknown at [0, 100%]', async () => {
    const res = await request(t.app)
      .post('/api/queries/beneficial-owners')
      .send({ params: { id: 'bods:8e40d059' } })
      .expect(200);
    const col = (c: string) => res.body.columns.indexOf(c);
    const row = (res.body.rows as unknown[][]).find((r) => r[col('ownerId')] === 'bods:81337a6e');
    expect(row && [row[col('kind')], row[col('stakeMin')], row[col('stakeMax')]]).toEqual([
      'unknown',
      0,
      1,
    ]);
  });
});
