import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { notFound } from '../errors';
import { toJson, type GraphNode } from '../mapper';
import { toGraphNode } from './graph-service';
import { groupControl } from './control';
import {
  groupPaths,
  makeChain,
  sumChains,
  type ChainRecord,
  type DeclaredInterest,
  type OwnershipChain,
  type OwnershipLink,
} from './ownership-chains';
import { exactValue, integratedOwnership, type Interval, type MatrixLink } from './stake-intervals';

export type {
  ChainRecord,
  DeclaredInterest,
  OwnershipChain,
  OwnershipHop,
  OwnershipLink,
  Provenance,
} from './ownership-chains';

/** Longest ownership chain followed, in hops (also the bound in cypher/ownership-*.cypher). */
export const MAX_CHAIN_HOPS = 6;
/** Most chains read per direction; past it the answer says `truncated`. */
const CHAIN_LIMIT = 2000;
/** Most links read for integrated ownership. */
const LINK_LIMIT = 20000;

/**
 * `chains`: sum over simple chains (no entity twice) of the product of stakes, so a cross-holding
 * is followed once and never inflates. `integrated`: the sum over every walk, cycles included
 * (S = A + A² + …), capped at 1.
 */
export const OWNERSHIP_METHODS = ['chains', 'integrated'] as const;
export type OwnershipMethod = (typeof OWNERSHIP_METHODS)[number];

export interface OwnershipRow {
  id: string;
  name: string | null;
  labels: string[];
  /** A direct link between the two, when there is one (the first claim by id). */
  direct: OwnershipLink | null;
  /** Every direct claim about the pair, each with its source. */
  claims: OwnershipLink[];
  /** Exact stake of the direct pair; null when not directly linked, a range or unknown. */
  directStake: number | null;
  directStakeMin: number | null;
  directStakeMax: number | null;
  /** Exact effective stake when min = max, else null. */
  effectiveStake: number | null;
  /** Sum over chains of the products of lower (upper) bounds, capped at 1. */
  effectiveStakeMin: number;
  effectiveStakeMax: number;
  stakeKnown: boolean;
  /** The lower bound, kept under its earlier name. */
  effectiveStakeAtLeast: number;
  chains: OwnershipChain[];
  /** Declared indirect interests between the two, linked to the chains they summarise. */
  declared: DeclaredInterest[];
}

/** An entity that controls (or is controlled by) the asked one through a chain. */
export interface ControlRow {
  id: string;
  name: string | null;
  labels: string[];
  /** Every step a certain majority of votes or the right to appoint the board; else possible. */
  certain: boolean;
  /** The chains that give control (certain or possible), every claim on them listed. */
  chains: OwnershipChain[];
}

export interface OwnershipView {
  entity: GraphNode;
  /** Who owns the entity, directly or through chains; path runs owner → … → entity. */
  owners: OwnershipRow[];
  /** What the entity owns, directly or through chains; path runs entity → … → holding. */
  holdings: OwnershipRow[];
  /** Who controls the entity: majority of votes or the right to appoint the board at every step. */
  controllers: ControlRow[];
  /** What the entity controls, the same way. */
  controlled: ControlRow[];
  method: OwnershipMethod;
  maxHops: number;
  at: string | null;
  truncated: boolean;
}

function byStake(a: OwnershipRow, b: OwnershipRow): number {
  return (
    b.effectiveStakeMin - a.effectiveStakeMin ||
    b.effectiveStakeMax - a.effectiveStakeMax ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Groups chains by their far end: alternatives per pair, products along, sums across. */
export function ownershipRows(records: ChainRecord[], root?: string): OwnershipRow[] {
  const rootId = root ?? records[0]?.path[records[0].path.length - 1] ?? '';
  return groupPaths(records, rootId)
    .map((g) => {
      const { chains, total } = sumChains(g);
      const direct = chains.find((c) => c.hops.length === 1)?.hops[0] ?? null;
      return {
        id: g.id,
        name: g.name,
        labels: g.labels,
        direct: direct?.claims[0] ?? null,
        claims: direct?.claims ?? [],
        directStake: direct?.stake ?? null,
        directStakeMin: direct?.stakeMin ?? null,
        directStakeMax: direct?.stakeMax ?? null,
        effectiveStake: exactValue(total),
        effectiveStakeMin: total.min,
        effectiveStakeMax: total.max,
        stakeKnown: exactValue(total) !== null,
        effectiveStakeAtLeast: total.min,
        chains,
        declared: g.declared,
      };
    })
    .sort(byStake);
}

/** Entities reached by chains of control (shares or votes in majority, or board appointment). */
export function controlRows(records: ChainRecord[], root: string): ControlRow[] {
  return groupPaths(records, root)
    .map((g) => ({ g, c: groupControl(g) }))
    .filter(({ c }) => c.possible)
    .map(({ g, c }) => ({
      id: g.id,
      name: g.name,
      labels: g.labels,
      certain: c.certain,
      chains: c.paths
        .map((p) => makeChain(p.path, p.hops))
        .filter((x): x is OwnershipChain => x !== null),
    }))
    .sort(
      (a, b) =>
        Number(b.certain) - Number(a.certain) ||
        a.chains[0].path.length - b.chains[0].path.length ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** Replaces the rows' effective stakes by integrated ownership (walks through cycles). */
function applyIntegrated(rows: OwnershipRow[], values: Map<string, Interval>): void {
  for (const row of rows) {
    const v = values.get(row.id) ?? { min: 0, max: 0 };
    row.effectiveStakeMin = v.min;
    row.effectiveStakeMax = v.max;
    row.effectiveStakeAtLeast = v.min;
    row.effectiveStake = exactValue(v);
    row.stakeKnown = row.effectiveStake !== null;
  }
  rows.sort(byStake);
}

export class OwnershipService {
  constructor(private readonly db: Db) {}

  async ownership(
    id: string,
    at?: string,
    method: OwnershipMethod = 'chains',
  ): Promise<OwnershipView> {
    return this.db.readTx(async (tx) => {
      const found = await tx.run(this.db.queries.get('entity-by-id'), { id, at: at ?? null });
      if (found.records.length === 0) throw notFound(`Entity ${id}`);
      const entity = toGraphNode(found.records[0].toObject() as Parameters<typeof toGraphNode>[0]);
      const params = { id, at: at ?? null, limit: intParam(CHAIN_LIMIT) };
      const up = await tx.run(this.db.queries.get('ownership-owners'), params);
      const down = await tx.run(this.db.queries.get('ownership-holdings'), params);
      const recs = (r: typeof up) => r.records.map((x) => x.toObject() as unknown as ChainRecord);
      const owners = ownershipRows(recs(up), id);
      const holdings = ownershipRows(recs(down), id);
      const cUp = await tx.run(this.db.queries.get('control-owners'), params);
      const cDown = await tx.run(this.db.queries.get('control-holdings'), params);
      const controllers = controlRows(recs(cUp), id);
      const controlled = controlRows(recs(cDown), id);
      let truncated = [up, down, cUp, cDown].some((r) => r.records.length >= CHAIN_LIMIT);
      if (method === 'integrated') {
        const ids = [id, ...owners.map((r) => r.id), ...holdings.map((r) => r.id)];
        const res = await tx.run(this.db.queries.get('ownership-links-among'), {
          ids: [...new Set(ids)],
          at: at ?? null,
          limit: intParam(LINK_LIMIT),
        });
        truncated = truncated || res.records.length >= LINK_LIMIT;
        const links = res.records.map((r) => r.toObject() as Record<string, unknown>);
        const known = new Set(links.map((l) => String(l.id)));
        const matrix: MatrixLink[] = links
          // A declared indirect interest whose components are here would count them twice.
          .filter(
            (l) =>
              !(
                l.directOrIndirect === 'indirect' &&
                Array.isArray(l.components) &&
                l.components.length > 0 &&
                l.components.every((c) => known.has(String(c)))
              ),
          )
          .map((l) => ({
            source: String(l.source),
            target: String(l.target),
            stake: { min: Number(toJson(l.stakeMin)), max: Number(toJson(l.stakeMax)) },
          }));
        const integrated = integratedOwnership(matrix, id);
        applyIntegrated(owners, integrated.owners);
        applyIntegrated(holdings, integrated.holdings);
      }
      return {
        entity,
        owners,
        holdings,
        controllers,
        controlled,
        method,
        maxHops: MAX_CHAIN_HOPS,
        at: at ?? null,
        truncated,
      };
    });
  }
}
