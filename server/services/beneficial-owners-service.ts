import type { Db } from '../db/db';
import { intParam } from '../db/params';
import { notFound } from '../errors';
import { familyOf } from '../families';
import {
  toJson,
  type GraphEdge,
  type GraphNode,
  type GraphPayload,
  type JsonValue,
} from '../mapper';
import { toGraphNode } from './graph-service';
import {
  allClaims,
  groupPaths,
  makeChain,
  sumChains,
  type ChainRecord,
  type OwnershipChain,
  type PathGroup,
} from './ownership-chains';
import { groupControl, ownsClaims, voteClaims } from './control';
import { MAX_CHAIN_HOPS } from './ownership-service';
import {
  across,
  along,
  alternatives,
  claimInterval,
  maxReaches,
  possibleMajority,
  tidy,
  type Interval,
} from './stake-intervals';

/** Most chains read; past it the answer says `truncated`. */
const CHAIN_LIMIT = 5000;
/** Most direct owner links read for the shares left unaccounted for. */
const LINK_LIMIT = 20000;
export const DEFAULT_THRESHOLD = 0.25;

/** Kinds a chain stops at: natural persons, states, and owners the source leaves unknown. */
const ULTIMATE_KINDS = ['Person', 'Government', 'Unknown'] as const;

export interface BeneficialOwner {
  id: string;
  name: string | null;
  labels: string[];
  /** The lower bound reaches the threshold (or control is certain); else only possible. */
  certain: boolean;
  /** Ownership (shares) through every chain: sums of products of bounds, capped at 1. */
  effectiveStakeMin: number;
  effectiveStakeMax: number;
  /** Votes: voting-rights claims where given, shares otherwise. */
  votesMin: number;
  votesMax: number;
  /** Controls for certain: a majority of votes or the right to appoint the board at every step. */
  control: boolean;
  /** Control the sources do not rule out (a majority within a range). */
  controlPossible: boolean;
  /** Which tests reach the threshold: ownership, votes, control. */
  grounds: string[];
  /** For an Unknown owner: why the source leaves it unknown. */
  reason: string | null;
  chains: OwnershipChain[];
  /** Distinct Source entities behind the claims on the chains. */
  sources: string[];
}

export interface UnknownOwnership {
  /** owners not recorded | owned only through a cross-holding | chain longer than N hops | the Unknown entity's own reason */
  reason: string;
  /** The entity through which the unknown owners hold: the top of the chains. */
  via: string;
  name: string | null;
  labels: string[];
  effectiveStakeMin: number;
  effectiveStakeMax: number;
  votesMin: number;
  votesMax: number;
  controlPossible: boolean;
  chains: OwnershipChain[];
}

export interface BeneficialOwnersView {
  entity: GraphNode;
  threshold: number;
  at: string | null;
  owners: BeneficialOwner[];
  unknown: UnknownOwnership[];
  /** Every entity and link on the chains above, for drawing them on the canvas. */
  graph: GraphPayload;
  maxHops: number;
  truncated: boolean;
}

/** A chain with what the query adds about its top: its owners now, and why an Unknown is unknown. */
export interface TopRecord extends ChainRecord {
  ownersOfTop: string[];
  unspecifiedReason: string | null;
  description: string | null;
}

interface Measures {
  own: Interval;
  votes: Interval;
  control: boolean;
  controlPossible: boolean;
  chains: OwnershipChain[];
}

function measure(g: PathGroup): Measures {
  const own = sumChains(g, ownsClaims).total;
  const votes = sumChains(g, voteClaims).total;
  const { certain: control, possible: controlPossible } = groupControl(g);
  const chains = g.paths
    .map((p) => makeChain(p.path, p.hops, allClaims))
    .filter((c): c is OwnershipChain => c !== null);
  return { own, votes, control, controlPossible, chains };
}

/** Why nobody above `top` is known, for the chains `paths`; null when `top` is only a step. */
function gapReason(
  paths: PathGroup['paths'],
  ownersOfTop: string[],
): { reason: string; paths: PathGroup['paths'] } | null {
  if (ownersOfTop.length === 0) return { reason: 'owners not recorded', paths };
  const circular = paths.filter((p) => ownersOfTop.every((o) => p.path.includes(o)));
  if (circular.length === paths.length)
    return { reason: 'owned only through a cross-holding', paths };
  const cut = paths.filter(
    (p) => p.hops.length >= MAX_CHAIN_HOPS && ownersOfTop.some((o) => !p.path.includes(o)),
  );
  if (cut.length) return { reason: `chain longer than ${MAX_CHAIN_HOPS} hops`, paths: cut };
  return null;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

export class BeneficialOwnersService {
  constructor(private readonly db: Db) {}

  async beneficialOwners(
    id: string,
    threshold = DEFAULT_THRESHOLD,
    at?: string,
  ): Promise<BeneficialOwnersView> {
    return this.db.readTx(async (tx) => {
      const row = await tx.run(this.db.queries.get('entity-by-id'), { id, at: at ?? null });
      if (row.records.length === 0) throw notFound(`Entity ${id}`);
      const entity = toGraphNode(row.records[0].toObject() as Parameters<typeof toGraphNode>[0]);
      const res = await tx.run(this.db.queries.get('beneficial-owners-chains'), {
        id,
        at: at ?? null,
        limit: intParam(CHAIN_LIMIT),
      });
      const records = res.records.map((r) => {
        const o = r.toObject() as Record<string, unknown>;
        return {
          ...(o as unknown as ChainRecord),
          ownersOfTop: (o.ownersOfTop as unknown[]).map(String),
          unspecifiedReason: (toJson(o.unspecifiedReason) as string | null) ?? null,
          description: (toJson(o.description) as string | null) ?? null,
        } satisfies TopRecord;
      });
      const onChains = new Set([id]);
      for (const r of records) for (const x of r.path) onChains.add(x);
      const into = await tx.run(this.db.queries.get('ownership-links-into'), {
        ids: [...onChains],
        at: at ?? null,
        limit: intParam(LINK_LIMIT),
      });
      const accounted = accountedShares(
        into.records.map((r) => ({
          target: String(r.get('target')),
          owner: String(r.get('owner')),
          stakeMin: Number(toJson(r.get('stakeMin'))),
          stakeMax: Number(toJson(r.get('stakeMax'))),
        })),
      );
      const found = beneficialOwnersOf(
        records,
        id,
        threshold,
        accounted,
        typeof entity.properties.name === 'string' ? entity.properties.name : null,
        entity.labels,
      );
      const chains = [...found.owners, ...found.unknown].flatMap((o) => o.chains);
      const ids = [...new Set([id, ...chains.flatMap((c) => c.path)])];
      const nodes = await tx.run(this.db.queries.get('entities-by-ids'), { ids, at: at ?? null });
      return {
        entity,
        threshold,
        at: at ?? null,
        ...found,
        graph: {
          nodes: nodes.records.map((r) =>
            toGraphNode(r.toObject() as Parameters<typeof toGraphNode>[0]),
          ),
          edges: chainEdges(chains),
        },
        maxHops: MAX_CHAIN_HOPS,
        truncated: res.records.length >= CHAIN_LIMIT || into.records.length >= LINK_LIMIT,
      };
    });
  }
}

/** The owners reaching `threshold` and the gaps where unrecorded owners could, from the chains. */
export function beneficialOwnersOf(
  records: TopRecord[],
  root: string,
  threshold: number,
  accounted?: Map<string, Interval>,
  rootName: string | null = null,
  rootLabels: string[] = [],
): { owners: BeneficialOwner[]; unknown: UnknownOwnership[] } {
  const tops = new Map(records.map((r) => [r.id, r]));
  const owners: BeneficialOwner[] = [];
  const gaps: UnknownOwnership[] = [];
  const groups = groupPaths(records, root);
  if (accounted) gaps.push(...residualGaps(groups, root, accounted, rootName, rootLabels));
  for (const g of groups) {
    const top = tops.get(g.id)!;
    const ultimate = ULTIMATE_KINDS.some((k) => g.labels.includes(k));
    if (ultimate) {
      const m = measure(g);
      const grounds = [
        maxReaches(m.own, threshold) ? 'ownership' : null,
        maxReaches(m.votes, threshold) ? 'votes' : null,
        m.controlPossible ? 'control' : null,
      ].filter((x): x is string => x !== null);
      if (!grounds.length) continue;
      const reason = g.labels.includes('Unknown')
        ? (top.unspecifiedReason ?? top.description ?? 'owner not disclosed')
        : null;
      owners.push({
        id: g.id,
        name: g.name,
        labels: g.labels,
        certain: m.own.min >= threshold || m.votes.min >= threshold || m.control,
        effectiveStakeMin: m.own.min,
        effectiveStakeMax: m.own.max,
        votesMin: m.votes.min,
        votesMax: m.votes.max,
        control: m.control,
        controlPossible: m.controlPossible,
        grounds,
        reason,
        chains: m.chains,
        sources: sorted(
          m.chains.flatMap((c) => c.links.map((l) => l.provenance.source ?? '')).filter(Boolean),
        ),
      });
      if (reason !== null) gaps.push(gapOf(g, m, reason));
      continue;
    }
    const gap = gapReason(g.paths, top.ownersOfTop);
    if (!gap) continue;
    // A cross-holding that leaves part of the top's shares unaccounted for is reported as that
    // residual (above); only a cycle holding all of it has no owner outside it at all.
    const held = accounted?.get(g.id);
    if (gap.reason === 'owned only through a cross-holding' && held && held.min < 1) continue;
    const m = measure({ ...g, paths: gap.paths });
    gaps.push(gapOf(g, m, gap.reason));
  }
  // A gap matters when what flows through it, alone or with the other gaps (one unrecorded
  // owner may sit behind several), could reach the threshold.
  const reach = (u: UnknownOwnership) =>
    Math.max(u.effectiveStakeMax, u.votesMax) >= threshold || u.controlPossible;
  const together = Math.min(
    1,
    gaps.reduce((s, u) => s + Math.max(u.effectiveStakeMax, u.votesMax), 0),
  );
  const unknown = together >= threshold ? gaps : gaps.filter(reach);
  owners.sort(
    (a, b) =>
      Number(b.certain) - Number(a.certain) ||
      b.effectiveStakeMax - a.effectiveStakeMax ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  unknown.sort((a, b) => b.effectiveStakeMax - a.effectiveStakeMax || (a.via < b.via ? -1 : 1));
  return { owners, unknown };
}

/**
 * Shares of an entity on the chains (or of the entity itself) that no recorded owner accounts
 * for: 1 − the sum of its direct owners' stakes, as an interval, times the entity's own stake in
 * the root. An entity with no recorded owner at all is the "owners not recorded" gap instead.
 */
export function residualGaps(
  groups: PathGroup[],
  root: string,
  accounted: Map<string, Interval>,
  rootName: string | null,
  rootLabels: string[],
): UnknownOwnership[] {
  const out: UnknownOwnership[] = [];
  const consider: Array<{ g: PathGroup | null; id: string }> = [
    { g: null, id: root },
    ...groups
      .filter((g) => !ULTIMATE_KINDS.some((k) => g.labels.includes(k)))
      .map((g) => ({ g, id: g.id })),
  ];
  for (const { g, id } of consider) {
    const held = accounted.get(id);
    if (!held) {
      // Nobody recorded above the root itself: everything is unaccounted for.
      if (g === null && !ULTIMATE_KINDS.some((k) => rootLabels.includes(k)))
        out.push({
          reason: 'owners not recorded',
          via: root,
          name: rootName,
          labels: rootLabels,
          effectiveStakeMin: 1,
          effectiveStakeMax: 1,
          votesMin: 1,
          votesMax: 1,
          controlPossible: true,
          chains: [],
        });
      continue;
    }
    const rest = { min: Math.max(0, tidy(1 - held.max)), max: Math.max(0, tidy(1 - held.min)) };
    if (rest.max === 0) continue;
    const m = g ? measure(g) : null;
    const flow = m ? along([rest, m.own]) : rest;
    out.push({
      reason: 'shares not accounted for by recorded owners',
      via: id,
      name: g ? g.name : rootName,
      labels: g ? g.labels : rootLabels,
      effectiveStakeMin: flow.min,
      effectiveStakeMax: flow.max,
      votesMin: flow.min,
      votesMax: flow.max,
      controlPossible: possibleMajority(flow),
      chains: m ? m.chains : [],
    });
  }
  return out;
}

/** The sum of the recorded direct owners' stakes in each entity (alternatives per owner). */
export function accountedShares(
  rows: Array<{ target: string; owner: string; stakeMin: number; stakeMax: number }>,
): Map<string, Interval> {
  const pairs = new Map<string, Map<string, Interval[]>>();
  for (const r of rows) {
    const byOwner = pairs.get(r.target) ?? new Map<string, Interval[]>();
    byOwner.set(r.owner, [...(byOwner.get(r.owner) ?? []), claimInterval(r.stakeMin, r.stakeMax)]);
    pairs.set(r.target, byOwner);
  }
  const out = new Map<string, Interval>();
  for (const [target, byOwner] of pairs) {
    out.set(target, across([...byOwner.values()].map(alternatives)));
  }
  return out;
}

function gapOf(g: PathGroup, m: Measures, reason: string): UnknownOwnership {
  return {
    reason,
    via: g.id,
    name: g.name,
    labels: g.labels,
    effectiveStakeMin: m.own.min,
    effectiveStakeMax: m.own.max,
    votesMin: m.votes.min,
    votesMax: m.votes.max,
    controlPossible: m.controlPossible,
    chains: m.chains,
  };
}

/** The links on the chains as graph edges, once each, with their stake and provenance. */
function chainEdges(chains: OwnershipChain[]): GraphEdge[] {
  const out = new Map<string, GraphEdge>();
  for (const l of chains.flatMap((c) => c.links)) {
    if (out.has(l.id)) continue;
    const props: Record<string, JsonValue> = {
      stake: l.stake,
      stakeMin: l.stakeMin,
      stakeMax: l.stakeMax,
      stakeMinExclusive: l.stakeMinExclusive,
      stakeMaxExclusive: l.stakeMaxExclusive,
      interestType: l.interestType,
      directOrIndirect: l.directOrIndirect,
      since: l.since,
      until: l.until,
      source: l.provenance.source,
      evidence: l.provenance.evidence,
      confidence: l.provenance.confidence,
      dataset: l.provenance.dataset,
      sourceRecord: l.provenance.sourceRecord,
    };
    for (const k of Object.keys(props)) if (props[k] === null) delete props[k];
    out.set(l.id, {
      id: l.id,
      type: l.type,
      family: familyOf(l.type) ?? null,
      source: l.source,
      target: l.target,
      properties: props,
    });
  }
  return [...out.values()];
}
