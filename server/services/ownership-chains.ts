import { toJson } from '../mapper';
import type {
  DeclaredInterest,
  OwnershipChain,
  OwnershipHop,
  OwnershipLink,
} from '../model/ownership-payload';
import {
  across,
  alternatives,
  along,
  claimInterval,
  exactValue,
  type Interval,
} from './stake-intervals';

export type {
  DeclaredInterest,
  OwnershipChain,
  OwnershipHop,
  OwnershipLink,
  Provenance,
} from '../model/ownership-payload';

/** A chain as the Cypher files return it: the far end, the entity ids, the links in order. */
export interface ChainRecord {
  id: string;
  labels: string[];
  name: string | null;
  path: string[];
  links: Array<Record<string, unknown>>;
}

export interface PathGroup {
  id: string;
  name: string | null;
  labels: string[];
  /** One entry per distinct entity path (direct and declared indirect claims apart); each hop lists its alternative claims. */
  paths: Array<{ path: string[]; hops: OwnershipLink[][]; key?: string }>;
  declared: DeclaredInterest[];
}

const str = (v: unknown): string | null => {
  const j = toJson(v);
  return typeof j === 'string' ? j : null;
};
const num = (v: unknown): number | null => {
  const j = toJson(v);
  return typeof j === 'number' ? j : null;
};

export function toLink(raw: Record<string, unknown>): OwnershipLink {
  const stake = num(raw.stake);
  const prov = (raw.provenance ?? {}) as Record<string, unknown>;
  const iv = claimInterval(
    num(raw.stakeMin) ?? stake ?? 0,
    num(raw.stakeMax) ?? stake ?? 1,
    raw.stakeMinExclusive,
  );
  return {
    id: String(raw.id),
    type: str(raw.type) ?? 'OWNS',
    source: String(raw.source),
    target: String(raw.target),
    stake,
    stakeMin: iv.min,
    stakeMax: iv.max,
    stakeMinExclusive: iv.minExclusive === true,
    stakeMaxExclusive: raw.stakeMaxExclusive === true,
    interestType: str(raw.interestType),
    directOrIndirect: str(raw.directOrIndirect) ?? 'direct',
    components: Array.isArray(raw.components) ? raw.components.map(String) : [],
    provenance: {
      source: str(prov.source),
      evidence: str(prov.evidence),
      confidence: num(prov.confidence),
      dataset: str(prov.dataset),
      sourceRecord: str(prov.sourceRecord),
    },
    since: str(raw.since),
    until: str(raw.until),
  };
}

export const linkInterval = (l: OwnershipLink): Interval => ({
  min: l.stakeMin,
  max: l.stakeMax,
  minExclusive: l.stakeMinExclusive,
  maxExclusive: l.stakeMaxExclusive,
});

/**
 * Groups chains by their far end and by entity path (alternative claims about a pair make one
 * path), and sets declared indirect interests aside: one whose component links are all on the
 * chains found is shown, linked to them, and not counted a second time beside them.
 */
export function groupPaths(records: ChainRecord[], root: string): PathGroup[] {
  const rows = records.map((r) => ({ rec: r, links: r.links.map(toLink) }));
  const seen = new Map<string, OwnershipLink>();
  for (const r of rows) for (const l of r.links) seen.set(l.id, l);
  const declaredOver = [...seen.values()].filter(
    (l) =>
      l.directOrIndirect === 'indirect' &&
      l.components.length > 0 &&
      l.components.every((c) => seen.has(c)),
  );
  // A component of unknown nature (HAS_INTEREST) measures nothing: the declared figure is then
  // the only measure of that chain, counted instead of it (BODS indirect-ownership: 30% via 60%).
  const vague = (l: OwnershipLink) =>
    l.components.some((c) => seen.get(c)?.type === 'HAS_INTEREST');
  const summarising = new Set(declaredOver.filter((l) => !vague(l)).map((l) => l.id));
  const standingFor = declaredOver.filter(vague);
  const summarisedBy = (rec: ChainRecord, links: OwnershipLink[]) =>
    standingFor.find(
      (d) =>
        d.source === rec.id &&
        d.target === root &&
        links.some((l) => l.type === 'HAS_INTEREST' && d.components.includes(l.id)),
    );
  const setAside = new Map<string, string[][]>();
  const groups = new Map<string, PathGroup>();
  const hopSets = new Map<string, Array<Map<string, OwnershipLink>>>();
  for (const { rec, links } of rows) {
    const g = groups.get(rec.id) ?? {
      id: rec.id,
      name: rec.name,
      labels: rec.labels,
      paths: [],
      declared: [],
    };
    groups.set(rec.id, g);
    if (links.some((l) => summarising.has(l.id))) continue;
    const by = summarisedBy(rec, links);
    if (by) {
      setAside.set(by.id, [...(setAside.get(by.id) ?? []), rec.path]);
      continue;
    }
    // A declared indirect interest is held through others, so it is no alternative to a direct
    // claim on the same pair (BODS mixed-direct-and-indirect-ownership: 50% + 50%).
    const key = `${rec.id}\u0000${rec.path.join('\u0000')}\u0000${links.map(directness).join('')}`;
    let hops = hopSets.get(key);
    if (!hops) {
      hops = links.map(() => new Map<string, OwnershipLink>());
      hopSets.set(key, hops);
      g.paths.push({ path: rec.path, hops: [], key });
    }
    links.forEach((l, i) => hops[i].set(l.id, l));
  }
  for (const g of groups.values()) {
    for (const p of g.paths) {
      p.hops = (hopSets.get(p.key ?? '') ?? []).map((m) =>
        [...m.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      );
    }
    // Declared indirect interests between this row's entity and the root, either direction.
    for (const l of seen.values()) {
      if (l.directOrIndirect !== 'indirect') continue;
      const ends =
        (l.source === g.id && l.target === root) || (l.source === root && l.target === g.id);
      if (!ends) continue;
      const counted = !summarising.has(l.id);
      const summarises = counted
        ? (setAside.get(l.id) ?? [])
        : g.paths
            .filter((p) => {
              const ids = new Set(p.hops.flat().map((x) => x.id));
              return l.components.every((c) => ids.has(c));
            })
            .map((p) => p.path);
      g.declared.push({ claim: l, summarises, counted });
    }
  }
  return [...groups.values()];
}

const directness = (l: OwnershipLink) => (l.directOrIndirect === 'indirect' ? 'i' : 'd');

/** A hop's claims narrowed to those a measure reads; empty means the hop does not carry it. */
export type ClaimPicker = (claims: OwnershipLink[]) => OwnershipLink[];

export const allClaims: ClaimPicker = (claims) => claims;

/** Builds the chain for a path under a measure, or null when some hop carries none of it. */
export function makeChain(
  path: string[],
  allHops: OwnershipLink[][],
  pick: ClaimPicker = allClaims,
): OwnershipChain | null {
  const hops: OwnershipHop[] = [];
  const intervals: Interval[] = [];
  for (const claims of allHops) {
    const chosen = pick(claims);
    if (chosen.length === 0) return null;
    const iv = alternatives(chosen.map(linkInterval));
    intervals.push(iv);
    hops.push({
      source: chosen[0].source,
      target: chosen[0].target,
      stakeMin: iv.min,
      stakeMax: iv.max,
      stake: exactValue(iv),
      claims: chosen,
    });
  }
  const iv = along(intervals);
  const links = hops.flatMap((h) => h.claims);
  const sinces = links.map((l) => l.since).filter((s): s is string => s !== null);
  const untils = links.map((l) => l.until).filter((s): s is string => s !== null);
  const stakes = hops.map((h) => h.stake);
  const stakeKnown = stakes.every((s) => s !== null);
  return {
    path,
    stakes,
    stake: stakeKnown ? iv.min : null,
    stakeKnown,
    stakeMin: iv.min,
    stakeMax: iv.max,
    stakeMinExclusive: iv.minExclusive === true,
    stakeMaxExclusive: iv.maxExclusive === true,
    since: sinces.length ? sinces.sort()[sinces.length - 1] : null,
    until: untils.length ? untils.sort()[0] : null,
    links,
    hops,
  };
}

/** The chains of one group under a measure, and their sum (capped at 1). */
export function sumChains(
  g: PathGroup,
  pick: ClaimPicker = allClaims,
): { chains: OwnershipChain[]; total: Interval } {
  const chains = g.paths
    .map((p) => makeChain(p.path, p.hops, pick))
    .filter((c): c is OwnershipChain => c !== null);
  return {
    chains,
    total: across(
      chains.map((c) => ({
        min: c.stakeMin,
        max: c.stakeMax,
        minExclusive: c.stakeMinExclusive,
        maxExclusive: c.stakeMaxExclusive,
      })),
    ),
  };
}
