import { seedGraph } from '../seed/data';
import { loadSeed, seedDatabase } from '../seed/loader';
import { graphCounts, suiteApp, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

async function one<T>(query: string, params: Record<string, unknown> = {}): Promise<T> {
  const rows = await t.db.readTx((tx) => tx.run(query, params));
  return rows.records[0]?.toObject() as T;
}

describe('the article graph seed', () => {
  it('leaves identical counts when it runs a second time', async () => {
    const before = await graphCounts(t.db);
    await loadSeed(t.db, seedGraph);
    const after = await graphCounts(t.db);
    expect(after).toEqual(before);
    expect(before.nodes).toBe(seedGraph.entities.length);
    expect(before.relationships).toBe(seedGraph.relationships.length);
  });

  it('rebuilds from empty with reset and comes back to the same counts', async () => {
    const before = await graphCounts(t.db);
    const counts = await seedDatabase(t.db, seedGraph, { reset: true });
    expect(counts).toEqual({ nodes: before.nodes, relationships: before.relationships });
    expect(await graphCounts(t.db)).toEqual(before);
  });

  it('gives every ownership its share bounds (exact stake: min = max) and keeps TYPE:from->to ids', async () => {
    const r = await one<{ n: { toNumber(): number }; bad: { toNumber(): number }; ids: boolean }>(
      `MATCH (a)-[r:OWNS]->(b)
       RETURN count(r) AS n,
              count(CASE WHEN r.stakeMin IS NULL OR r.stakeMax IS NULL
                           OR (r.stake IS NOT NULL AND (r.stakeMin <> r.stake OR r.stakeMax <> r.stake))
                           OR (r.stake IS NULL AND (r.stakeMin <> 0.0 OR r.stakeMax <> 1.0))
                         THEN 1 END) AS bad,
              all(x IN collect(r.id = 'OWNS:' + a.id + '->' + b.id) WHERE x) AS ids`,
    );
    expect(r.n.toNumber()).toBeGreaterThan(0);
    expect(r.bad.toNumber()).toBe(0);
    expect(r.ids).toBe(true);
  });

  it('records Meta buying 49% of Scale AI for $14.3B in June 2025', async () => {
    const r = await one<{ stake: number; amount: { toNumber(): number }; since: string }>(
      `MATCH (:Organization {id: 'org:meta'})-[r:OWNS]->(:Organization {id: 'org:scale-ai'})
       RETURN r.stake AS stake, r.amountUsd AS amount, toString(r.since) AS since`,
    );
    expect(r.stake).toBe(0.49);
    expect(r.amount.toNumber()).toBe(14_300_000_000);
    expect(r.since).toMatch(/^2025-06-/);
  });

  it('places Remotasks and Outlier under Scale AI', async () => {
    const r = await one<{ subsidiaries: string[] }>(
      `MATCH (:Entity {id: 'org:scale-ai'})-[:OWNS]->(s) RETURN collect(s.id) AS subsidiaries`,
    );
    expect(r.subsidiaries).toEqual(expect.arrayContaining(['org:remotasks', 'org:outlier']));
  });

  it('dates Wang leaving the Scale AI chief executive role and leading Meta’s lab from June 2025', async () => {
    const old = await one<{ until: string }>(
      `MATCH (:Person {id: 'person:alexandr-wang'})-[r:CEO_OF]->(:Organization {id: 'org:scale-ai'})
       RETURN toString(r.until) AS until`,
    );
    expect(old.until).toMatch(/^2025-06-/);
    const now = await one<{ since: string; until: string | null }>(
      `MATCH (:Person {id: 'person:alexandr-wang'})-[r:LEADS]->(:Organization {id: 'org:meta-superintelligence-labs'})
       RETURN toString(r.since) AS since, r.until AS until`,
    );
    expect(now.since).toMatch(/^2025-06-/);
    expect(now.until).toBeNull();
  });

  it('gives every relationship an existing source, an evidence phrase and a confidence', async () => {
    const r = await one<{ total: { toNumber(): number }; bad: { toNumber(): number } }>(
      `MATCH ()-[r]->()
       OPTIONAL MATCH (s:Source {id: r.source})
       RETURN count(r) AS total,
              count(CASE WHEN s IS NULL OR r.evidence IS NULL OR r.confidence IS NULL THEN 1 END) AS bad`,
    );
    expect(r.total.toNumber()).toBeGreaterThan(0);
    expect(r.bad.toNumber()).toBe(0);
  });

  it('creates a uniqueness constraint on id for every kind and the full-text name index', async () => {
    const constraints = await t.db.readTx((tx) =>
      tx.run(
        `SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN labelsOrTypes[0] AS label, properties, type`,
      ),
    );
    const unique = constraints.records
      .filter((r) => r.get('type') === 'UNIQUENESS' && r.get('properties')[0] === 'id')
      .map((r) => r.get('label'));
    expect(unique).toEqual(
      expect.arrayContaining([
        'Entity',
        'Organization',
        'Person',
        'Government',
        'Project',
        'Event',
        'Source',
      ]),
    );
    const fulltext = await one<{ props: string[] }>(
      `SHOW FULLTEXT INDEXES YIELD name, properties WHERE name = 'entity_names' RETURN properties AS props`,
    );
    expect(fulltext.props).toEqual(['name', 'aliases', 'identifiers']);
  });
});
