import type { ManagedTransaction } from 'neo4j-driver';
import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { notFound } from '../errors';
import { toJson } from '../mapper';
import { toGraphNode } from './graph-service';
import { groupControl } from './control';
import {
  groupPaths,
  makeChain,
  sumChains,
  type ChainRecord,
  type OwnershipChain,
} from './ownership-chains';
import { exactValue, integratedOwnership, type Interval, type MatrixLink } from './stake-intervals';
import {
  OWNERSHIP_METHODS,
  type ControlRow,
  type OwnershipMethod,
  type OwnershipRow,
  type OwnershipView,
} from '../model/ownership-payload';

export type { ChainRecord } from './ownership-chains';
export type {
  ControlRow,
  DeclaredInterest,
  OwnershipChain,
  OwnershipHop,
  OwnershipLink,
  OwnershipMethod,
  OwnershipRow,
  OwnershipView,
  Provenance,
} from '../model/ownership-payload';
export { OWNERSHIP_METHODS };

/** Longest ownership chain followed, in hops (also the bound in cypher/ownership-*.cypher). */
export const MAX_CHAIN_HOPS = 6;
/** Most chains read per direction; past it the answer says `truncated`. */
const CHAIN_LIMIT = 2000;
/** Most links read for integrated ownership. */
const LINK_LIMIT = 20000;

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

/**
 * Integrated ownership of `root` among `ids` (walks through cycles), from the OWNS links between
 * them valid at `at`; a declared indirect interest whose components are here is left out.
 */
export async function readIntegrated(
  db: Db,
  tx: ManagedTransaction,
  ids: string[],
  root: string,
  at?: string,
): Promise<{ integrated: ReturnType<typeof integratedOwnership>; truncated: boolean }> {
  const res = await tx.run(db.queries.get('ownership-links-among'), {
    ids: [...new Set(ids)],
    at: at ?? null,
    limit: intParam(LINK_LIMIT),
  });
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
  return {
    integrated: integratedOwnership(matrix, root),
    truncated: res.records.length >= LINK_LIMIT,
  };
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
        const { integrated, truncated: cut } = await readIntegrated(this.db, tx, ids, id, at);
        truncated = truncated || cut;
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
