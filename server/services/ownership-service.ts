import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { notFound } from '../errors';
import { toJson, type GraphNode } from '../mapper';
import { toGraphNode } from './graph-service';

/** Longest ownership chain followed, in hops (also the bound in cypher/ownership-*.cypher). */
export const MAX_CHAIN_HOPS = 6;
/** Most chains read per direction; past it the answer says `truncated`. */
const CHAIN_LIMIT = 2000;

export interface OwnershipLink {
  id: string;
  source: string;
  target: string;
  /** 0..1, or null when the source does not give it. */
  stake: number | null;
  since: string | null;
  until: string | null;
}

export interface OwnershipChain {
  /** Entity ids from the owner down to the held entity. */
  path: string[];
  stakes: Array<number | null>;
  /** Product of the stakes; null when any stake on the chain is unknown. */
  stake: number | null;
  stakeKnown: boolean;
  /** The window in which every link holds: latest since, earliest until (null = open). */
  since: string | null;
  until: string | null;
  links: OwnershipLink[];
}

export interface OwnershipRow {
  id: string;
  name: string | null;
  labels: string[];
  /** The direct OWNS link between the two, when there is one. */
  direct: OwnershipLink | null;
  /** Stake of the direct link; null when not directly linked or unknown. */
  directStake: number | null;
  /** Sum over chains of the product of stakes; null when any chain has an unknown stake. */
  effectiveStake: number | null;
  stakeKnown: boolean;
  /** Sum over the chains whose stakes are all known: a floor when effectiveStake is null. */
  effectiveStakeAtLeast: number;
  chains: OwnershipChain[];
}

export interface OwnershipView {
  entity: GraphNode;
  /** Who owns the entity, directly or through chains; path runs owner → … → entity. */
  owners: OwnershipRow[];
  /** What the entity owns, directly or through chains; path runs entity → … → holding. */
  holdings: OwnershipRow[];
  maxHops: number;
  at: string | null;
  truncated: boolean;
}

export interface ChainRecord {
  id: string;
  labels: string[];
  name: string | null;
  path: string[];
  links: Array<Record<string, unknown>>;
}

/** Rounds away float noise (0.49 × 1 stays 0.49). */
function tidy(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}

function toLink(raw: Record<string, unknown>): OwnershipLink {
  const stake = toJson(raw.stake);
  return {
    id: String(raw.id),
    source: String(raw.source),
    target: String(raw.target),
    stake: typeof stake === 'number' ? stake : null,
    since: (toJson(raw.since) as string | null) ?? null,
    until: (toJson(raw.until) as string | null) ?? null,
  };
}

function toChain(rec: ChainRecord): OwnershipChain {
  const links = rec.links.map(toLink);
  const stakes = links.map((l) => l.stake);
  const stakeKnown = stakes.every((s) => s !== null);
  const sinces = links.map((l) => l.since).filter((s): s is string => s !== null);
  const untils = links.map((l) => l.until).filter((s): s is string => s !== null);
  return {
    path: rec.path,
    stakes,
    stake: stakeKnown ? tidy((stakes as number[]).reduce((p, s) => p * s, 1)) : null,
    stakeKnown,
    since: sinces.length ? sinces.sort()[sinces.length - 1] : null,
    until: untils.length ? untils.sort()[0] : null,
    links,
  };
}

/** Groups chains by their far end and sums them; unknown stays unknown. */
export function ownershipRows(records: ChainRecord[]): OwnershipRow[] {
  const byId = new Map<string, OwnershipRow>();
  for (const rec of records) {
    const chain = toChain(rec);
    const row = byId.get(rec.id) ?? {
      id: rec.id,
      name: rec.name,
      labels: rec.labels,
      direct: null,
      directStake: null,
      effectiveStake: 0,
      stakeKnown: true,
      effectiveStakeAtLeast: 0,
      chains: [],
    };
    row.chains.push(chain);
    if (chain.links.length === 1) {
      row.direct = chain.links[0];
      row.directStake = chain.links[0].stake;
    }
    if (chain.stake !== null)
      row.effectiveStakeAtLeast = tidy(row.effectiveStakeAtLeast + chain.stake);
    row.stakeKnown = row.stakeKnown && chain.stakeKnown;
    byId.set(rec.id, row);
  }
  const out = [...byId.values()];
  for (const row of out) row.effectiveStake = row.stakeKnown ? row.effectiveStakeAtLeast : null;
  return out.sort(
    (a, b) =>
      (b.effectiveStake ?? -1) - (a.effectiveStake ?? -1) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export class OwnershipService {
  constructor(private readonly db: Db) {}

  async ownership(id: string, at?: string): Promise<OwnershipView> {
    return this.db.readTx(async (tx) => {
      const found = await tx.run(this.db.queries.get('entity-by-id'), { id });
      if (found.records.length === 0) throw notFound(`Entity ${id}`);
      const entity = toGraphNode(found.records[0].toObject() as Parameters<typeof toGraphNode>[0]);
      const params = { id, at: at ?? null, limit: intParam(CHAIN_LIMIT) };
      const up = await tx.run(this.db.queries.get('ownership-owners'), params);
      const down = await tx.run(this.db.queries.get('ownership-holdings'), params);
      const recs = (r: typeof up) => r.records.map((x) => x.toObject() as unknown as ChainRecord);
      return {
        entity,
        owners: ownershipRows(recs(up)),
        holdings: ownershipRows(recs(down)),
        maxHops: MAX_CHAIN_HOPS,
        at: at ?? null,
        truncated: up.records.length >= CHAIN_LIMIT || down.records.length >= CHAIN_LIMIT,
      };
    });
  }
}
