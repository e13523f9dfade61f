/**
 * The payloads of GET /api/ownership/:id and GET /api/beneficial-owners/:id, defined once: the
 * services build them, the client imports them type-only. Definitions: README, "Ownership,
 * control and beneficial owners".
 */
import type { GraphNode, GraphPayload } from '../mapper';

/** Where a claim comes from: the Source entity, its words, and for imports the record. */
export interface Provenance {
  source: string | null;
  evidence: string | null;
  confidence: number | null;
  dataset: string | null;
  sourceRecord: string | null;
}

/** One relationship: one claim about a pair, as the source states it. */
export interface OwnershipLink {
  id: string;
  /** OWNS or CONTROLS. */
  type: string;
  source: string;
  target: string;
  /** 0..1, or null when the source gives a range or nothing. */
  stake: number | null;
  stakeMin: number;
  stakeMax: number;
  stakeMinExclusive: boolean;
  stakeMaxExclusive: boolean;
  interestType: string | null;
  directOrIndirect: string;
  /** Ids of the links a declared indirect interest summarises. */
  components: string[];
  provenance: Provenance;
  since: string | null;
  until: string | null;
}

/** One step of a chain: every claim about that pair, and the interval they span together. */
export interface OwnershipHop {
  source: string;
  target: string;
  stakeMin: number;
  stakeMax: number;
  /** Exact when min = max, else null. */
  stake: number | null;
  claims: OwnershipLink[];
}

export interface OwnershipChain {
  /** Entity ids from the owner down to the held entity. */
  path: string[];
  /** Each hop's exact stake, null where the hop is a range or unknown. */
  stakes: Array<number | null>;
  /** Product of the stakes when all are exact, else null. */
  stake: number | null;
  stakeKnown: boolean;
  /** Products of the hops' lower and upper bounds. */
  stakeMin: number;
  stakeMax: number;
  /** The bounds are "more than" / "less than" (some hop's bound is exclusive). */
  stakeMinExclusive: boolean;
  stakeMaxExclusive: boolean;
  /** The window in which every link holds: latest since, earliest until (null = open). */
  since: string | null;
  until: string | null;
  /** Every claim on the chain (alternatives included), in hop order. */
  links: OwnershipLink[];
  hops: OwnershipHop[];
}

/** A declared indirect interest (BODS directOrIndirect: indirect), shown as the source states it. */
export interface DeclaredInterest {
  claim: OwnershipLink;
  /** The chains (entity ids) made of its component links; empty when they are not in our data. */
  summarises: string[][];
  /** Counted in the effective stake only when the chain it summarises is not in our data. */
  counted: boolean;
}

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
  /**
   * Control judged per chain: the holdings of every entity it controls (a majority of votes at
   * each step, the board, a trustee's, settlor's, protector's or nominator's role) counted in full.
   */
  controlledStakeMin: number;
  controlledStakeMax: number;
  /** Which tests reach the threshold: ownership, votes, control. */
  grounds: string[];
  /** Why, chain by chain: "trustee of X, which holds 30% of Y". */
  reasons: OwnerReason[];
  /** For an Unknown owner: why the source leaves it unknown. */
  reason: string | null;
  chains: OwnershipChain[];
  /** Distinct Source entities behind the claims on the chains. */
  sources: string[];
}

/** One chain's case for an owner, as a sentence and as data. */
export interface OwnerReason {
  /** role (in an arrangement) | control | interest (of unknown nature) | ownership */
  kind: 'role' | 'control' | 'interest' | 'ownership';
  /** The role or interest type as the source states it (trustee, unknownInterest), or null. */
  role: string | null;
  /** The last entity on the chain the owner controls (or has the interest in); null if none. */
  via: string | null;
  /** What `via` (or the owner, without control) holds of the asked entity along this chain. */
  stakeMin: number;
  stakeMax: number;
  /** This chain alone reaches the threshold for certain. */
  certain: boolean;
  path: string[];
  text: string;
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
  /** chains: shares multiplied along simple chains; integrated: through every walk (cycles). */
  method: OwnershipMethod;
  maxHops: number;
  truncated: boolean;
}
