import { ENTITY_KINDS, ID_PREFIX, RELATIONSHIP_TYPES } from '../server/families';
import { generateLines, layout } from '../seed/generate';
import { validateRecord } from '../server/ingest/loader';
import type { GeneratedRelationship } from '../seed/generate';
import type { SeedEntity } from '../seed/model';

const N = 2000;

function graph(n: number, seed: number) {
  const entities: SeedEntity[] = [];
  const relationships: GeneratedRelationship[] = [];
  for (const line of generateLines(n, seed)) {
    const o = JSON.parse(line) as SeedEntity | GeneratedRelationship;
    if ('kind' in o) entities.push(o);
    else relationships.push(o);
  }
  return { entities, relationships };
}

describe('the synthetic graph generator', () => {
  const g = graph(N, 7);

  it('writes the same lines for the same seed and different ones for another seed', () => {
    const a = [...generateLines(N, 7)];
    const b = [...generateLines(N, 7)];
    const c = [...generateLines(N, 8)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('writes exactly N entities of every kind and about three relationships per entity', () => {
    expect(g.entities).toHaveLength(N);
    const kinds = new Set(g.entities.map((e) => e.kind));
    expect([...kinds].sort()).toEqual([...ENTITY_KINDS].sort());
    const perEntity = g.relationships.length / N;
    expect(perEntity).toBeGreaterThan(2.5);
    expect(perEntity).toBeLessThan(3.5);
    expect(Object.values(layout(N, 7).counts).reduce((a, b) => a + b, 0)).toBe(N);
  });

  it('gives unique slug ids with the kind prefix, and unique relationship ids', () => {
    const ids = new Set(g.entities.map((e) => e.id));
    expect(ids.size).toBe(N);
    for (const e of g.entities)
      expect(e.id).toMatch(new RegExp(`^${ID_PREFIX[e.kind]}:[a-z0-9._-]+$`));
    const relIds = new Set(g.relationships.map((r) => `${r.type}:${r.from}->${r.to}`));
    expect(relIds.size).toBe(g.relationships.length);
  });

  it('uses only known relationship types, endpoints that exist, and provenance on every link', () => {
    const ids = new Set(g.entities.map((e) => e.id));
    const sources = new Set(g.entities.filter((e) => e.kind === 'Source').map((e) => e.id));
    for (const r of g.relationships) {
      expect(Object.keys(RELATIONSHIP_TYPES)).toContain(r.type);
      expect(ids.has(r.from) && ids.has(r.to)).toBe(true);
      expect(sources.has(r.source)).toBe(true);
      expect(r.evidence.length).toBeGreaterThan(0);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
    const types = new Set(g.relationships.map((r) => r.type));
    // Types that only registers' claims give (BODS, FtM imports) are not imitated by the generator.
    const registerOnly = [
      'OFFICER_OF',
      'ROLE_IN',
      'BENEFITS_FROM',
      'HAS_INTEREST',
      'ASSOCIATED_WITH',
      'PAID',
    ];
    const generated = Object.keys(RELATIONSHIP_TYPES).filter((t) => !registerOnly.includes(t));
    expect([...types].sort()).toEqual(generated.sort());
  });

  it('keeps the stakes held in any asset at or under 100%', () => {
    const sum = new Map<string, number>();
    for (const r of g.relationships) {
      if (r.type !== 'OWNS' || r.stake === undefined) continue;
      expect(r.stake).toBeGreaterThan(0);
      sum.set(r.to, (sum.get(r.to) ?? 0) + r.stake);
    }
    expect(sum.size).toBeGreaterThan(100);
    expect(Math.max(...sum.values())).toBeLessThanOrEqual(1);
  });

  it('has client hubs: the busiest supplier has far more clients than the median', () => {
    const clients = new Map<string, number>();
    for (const r of g.relationships) {
      if (r.type === 'CLIENT_OF') clients.set(r.to, (clients.get(r.to) ?? 0) + 1);
    }
    const counts = [...clients.values()].sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThan(20 * counts[Math.floor(counts.length / 2)]);
  });

  it('dates leadership roles (since before until) and every line passes the loader checks', () => {
    const roles = g.relationships.filter((r) => RELATIONSHIP_TYPES[r.type] === 'leadership');
    expect(roles.some((r) => r.since && r.until)).toBe(true);
    for (const r of roles) if (r.since && r.until) expect(r.since < r.until).toBe(true);
    for (const x of [...g.entities, ...g.relationships]) {
      expect(validateRecord(x)).not.toHaveProperty('error');
    }
  });

  it('states stakes as registers do: mostly exact, many as bands, some not at all', () => {
    const owns = g.relationships.filter((r) => r.type === 'OWNS');
    const exact = owns.filter((r) => r.stake !== undefined).length / owns.length;
    const banded = owns.filter((r) => r.stakeMin !== undefined);
    const none = owns.filter((r) => r.stake === undefined && r.stakeMin === undefined).length;
    expect(exact).toBeGreaterThan(0.4);
    expect(exact).toBeLessThan(0.8);
    expect(banded.length / owns.length).toBeGreaterThan(0.1);
    expect(none / owns.length).toBeGreaterThan(0.03);
    for (const r of banded) {
      expect(r.stake).toBeUndefined();
      expect(r.stakeMin!).toBeLessThan(r.stakeMax!);
      expect(r.stakeMinExclusive).toBe(true);
    }
  });

  it('has undisclosed owners with a reason, trusts owned by people, control links and cross-holdings', () => {
    const unknown = g.entities.filter((e) => e.kind === 'Unknown');
    expect(unknown.length).toBeGreaterThan(0);
    for (const u of unknown) expect(typeof u.facts?.unspecifiedReason).toBe('string');
    const unknownIds = new Set(unknown.map((u) => u.id));
    expect(g.relationships.some((r) => r.type === 'OWNS' && unknownIds.has(r.from))).toBe(true);
    const trusts = new Set(g.entities.filter((e) => e.kind === 'Arrangement').map((e) => e.id));
    const trustOwners = g.relationships.filter((r) => r.type === 'OWNS' && trusts.has(r.to));
    expect(trustOwners.length).toBeGreaterThan(0);
    for (const r of trustOwners) expect(r.from).toMatch(/^person:/);
    const control = g.relationships.filter((r) => r.type === 'CONTROLS');
    expect(control.length).toBeGreaterThan(N * 0.01);
    for (const c of control) {
      expect(['votingRights', 'appointmentOfBoard']).toContain(c.interestType);
    }
    const pairs = new Set(
      g.relationships.filter((r) => r.type === 'OWNS').map((r) => `${r.from}>${r.to}`),
    );
    const reciprocal = [...pairs].filter((p) => pairs.has(p.split('>').reverse().join('>')));
    expect(reciprocal.length).toBeGreaterThan(0);
  });
});
