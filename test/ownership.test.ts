import neo4j from 'neo4j-driver';
import request from 'supertest';
import { ownershipRows, type ChainRecord } from '../server/services/ownership-service';
import { suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

interface Row {
  id: string;
  directStake: number | null;
  effectiveStake: number | null;
  stakeKnown: boolean;
  chains: Array<{ path: string[]; stakes: Array<number | null>; stake: number | null }>;
}

const find = (rows: Row[], id: string) => rows.find((r) => r.id === id);

/** A stake as the database holds it, read directly rather than assumed. */
async function stakeInDb(from: string, to: string): Promise<number> {
  const result = await t.db.readTx((tx) =>
    tx.run('MATCH (:Entity {id: $from})-[r:OWNS]->(:Entity {id: $to}) RETURN r.stake AS stake', {
      from,
      to,
    }),
  );
  return result.records[0].get('stake') as number;
}

describe('GET /api/ownership/:id', () => {
  it("gives Meta's effective stake in Remotasks as 0.49 × Scale AI's stake in Remotasks", async () => {
    const subsidiaryStake = await stakeInDb('org:scale-ai', 'org:remotasks');
    const metaStake = await stakeInDb('org:meta', 'org:scale-ai');
    expect(metaStake).toBe(0.49);
    const res = await request(t.app).get('/api/ownership/org:remotasks').expect(200);
    const meta = find(res.body.owners, 'org:meta')!;
    expect(meta.effectiveStake).toBeCloseTo(0.49 * subsidiaryStake, 10);
    expect(meta.stakeKnown).toBe(true);
    expect(meta.directStake).toBeNull(); // Meta holds Remotasks only through Scale AI
    expect(meta.chains).toEqual([
      expect.objectContaining({
        path: ['org:meta', 'org:scale-ai', 'org:remotasks'],
        stakes: [0.49, subsidiaryStake],
      }),
    ]);
    const scale = find(res.body.owners, 'org:scale-ai')!;
    expect(scale.directStake).toBe(subsidiaryStake);
    expect(scale.effectiveStake).toBe(subsidiaryStake);
  });

  it('lists holdings down the chains, with dates on each link', async () => {
    const res = await request(t.app).get('/api/ownership/org:meta').expect(200);
    const ids = res.body.holdings.map((r: Row) => r.id).sort();
    expect(ids).toEqual(
      ['org:meta-superintelligence-labs', 'org:outlier', 'org:remotasks', 'org:scale-ai'].sort(),
    );
    const scale = find(res.body.holdings, 'org:scale-ai')!;
    expect(scale.directStake).toBe(0.49);
    expect(res.body.holdings.find((r: Row) => r.id === 'org:scale-ai').direct.since).toMatch(
      /^2025-06-/,
    );
    expect(res.body.owners).toEqual([]);
  });

  it("keeps Musk's unknown stake in xAI unknown: null, never 0 or 1", async () => {
    const res = await request(t.app).get('/api/ownership/org:xai').expect(200);
    const musk = find(res.body.owners, 'person:elon-musk')!;
    expect(musk.directStake).toBeNull();
    expect(musk.effectiveStake).toBeNull();
    expect(musk.stakeKnown).toBe(false);
    expect(musk.chains[0]).toMatchObject({ stake: null, stakeKnown: false, stakes: [null] });
    const holdings = await request(t.app).get('/api/ownership/person:elon-musk').expect(200);
    expect(find(holdings.body.holdings, 'org:xai')!.effectiveStake).toBeNull();
  });

  it('drops links not valid at the requested date', async () => {
    const before = await request(t.app)
      .get('/api/ownership/org:remotasks?at=2025-01-01')
      .expect(200);
    expect(find(before.body.owners, 'org:meta')).toBeUndefined();
    expect(find(before.body.owners, 'org:scale-ai')).toBeDefined();
    const after = await request(t.app)
      .get('/api/ownership/org:remotasks?at=2025-07-01')
      .expect(200);
    expect(find(after.body.owners, 'org:meta')).toBeDefined();
  });

  it('answers unknown ids with 404 and bad ones with 400', async () => {
    await request(t.app).get('/api/ownership/org:ghost').expect(404);
    await request(t.app).get('/api/ownership/not-an-id').expect(400);
    await request(t.app).get('/api/ownership/org:meta?at=yesterday').expect(400);
  });
});

describe('ownership chains through cross-holdings', () => {
  it('sums parallel chains and stops at cycles (A ⇄ B), inside a transaction rolled back', async () => {
    const session = t.driver.session({ database: t.db.database });
    const tx = session.beginTransaction();
    try {
      await tx.run(
        `CREATE (a:Entity {id: 'test:cycle-a'}), (b:Entity {id: 'test:cycle-b'}),
                (c:Entity {id: 'test:cycle-c'}), (d:Entity {id: 'test:cycle-d'})
         CREATE (a)-[:OWNS {id: 'o1', stake: 0.5}]->(b), (b)-[:OWNS {id: 'o2', stake: 0.1}]->(a),
                (a)-[:OWNS {id: 'o3', stake: 0.5}]->(c), (b)-[:OWNS {id: 'o4', stake: 0.4}]->(d),
                (c)-[:OWNS {id: 'o5', stake: 0.6}]->(d)`,
      );
      const params = { id: 'test:cycle-a', at: null, limit: neo4j.int(100) };
      const result = await tx.run(t.db.queries.get('ownership-holdings'), params);
      const rows = ownershipRows(result.records.map((r) => r.toObject() as unknown as ChainRecord));
      for (const row of rows) {
        for (const chain of row.chains) expect(new Set(chain.path).size).toBe(chain.path.length);
      }
      expect(rows.map((r) => r.id).sort()).toEqual([
        'test:cycle-b',
        'test:cycle-c',
        'test:cycle-d',
      ]);
      const d = rows.find((r) => r.id === 'test:cycle-d')!;
      expect(d.chains).toHaveLength(2);
      expect(d.effectiveStake).toBeCloseTo(0.5 * 0.4 + 0.5 * 0.6, 10);
      expect(d.directStake).toBeNull();
    } finally {
      await tx.rollback();
      await session.close();
    }
  });

  it('makes the sum unknown when one parallel chain has an unknown stake, keeping the known floor', () => {
    const link = (source: string, target: string, stake: number | null) => ({
      id: `${source}->${target}`,
      source,
      target,
      stake,
      since: null,
      until: null,
    });
    const rows = ownershipRows([
      { id: 'z', labels: [], name: 'Z', path: ['x', 'z'], links: [link('x', 'z', 0.2)] },
      {
        id: 'z',
        labels: [],
        name: 'Z',
        path: ['x', 'y', 'z'],
        links: [link('x', 'y', null), link('y', 'z', 0.5)],
      },
    ]);
    expect(rows[0]).toMatchObject({
      directStake: 0.2,
      effectiveStake: null,
      stakeKnown: false,
      effectiveStakeAtLeast: 0.2,
    });
  });
});
