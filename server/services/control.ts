import {
  linkInterval,
  type ClaimPicker,
  type OwnershipLink,
  type PathGroup,
} from './ownership-chains';
import {
  across,
  alternatives,
  along,
  certainMajority,
  possibleMajority,
  type Interval,
} from './stake-intervals';

/**
 * Shares: the OWNS claims about a pair, benefits (a trust's beneficiaries, rights to profit), and
 * interests of unknown nature (HAS_INTEREST), these read from 0 up: possible, never certain.
 */
export const ownsClaims: ClaimPicker = (claims) =>
  claims
    .filter((c) => c.type === 'OWNS' || c.type === 'BENEFITS_FROM' || c.type === 'HAS_INTEREST')
    .map((c) => (c.type === 'HAS_INTEREST' ? { ...c, stakeMin: 0, stakeMinExclusive: false } : c));

/** Votes: voting-rights claims about the pair where there are any, else shares (one share, one vote). */
export const voteClaims: ClaimPicker = (claims) => {
  const votes = claims.filter((c) => c.type === 'CONTROLS' && c.interestType === 'votingRights');
  return votes.length ? votes : ownsClaims(claims);
};

/**
 * Roles in a trust or similar arrangement that make their holder one of its beneficial owners
 * whatever the stake (EU AMLD art. 3(6)(b)); a nominee acts for another and is none.
 */
export const CONTROLLING_ROLES = ['settlor', 'trustee', 'protector', 'nominator'] as const;

const roleClaims = (claims: OwnershipLink[]) =>
  claims.filter(
    (c) =>
      c.type === 'ROLE_IN' &&
      (CONTROLLING_ROLES as readonly string[]).includes(c.interestType ?? ''),
  );

/** The role (trustee, settlor...) a hop gives its holder in an arrangement, if one controls. */
export function controllingRole(claims: OwnershipLink[]): string | null {
  return roleClaims(claims)[0]?.interestType ?? null;
}

const appointsBoard = (claims: OwnershipLink[]) =>
  claims.some((c) => c.type === 'CONTROLS' && c.interestType === 'appointmentOfBoard');

export interface Control {
  certain: boolean;
  possible: boolean;
}

/** Influence or control the source states without a measure (BODS otherInfluenceOrControl). */
const otherControl = (claims: OwnershipLink[]) =>
  claims.some((c) => c.type === 'CONTROLS' && c.interestType === 'otherInfluenceOrControl');

/** An interest of unknown nature, or a role in an arrangement the source does not name. */
const vagueInterest = (claims: OwnershipLink[]) =>
  claims.some(
    (c) =>
      c.type === 'HAS_INTEREST' ||
      (c.type === 'ROLE_IN' && c.interestType !== 'nominee' && !roleClaims([c]).length),
  );

/**
 * Control of one step: a certain / possible majority of votes, the right to appoint the board, or
 * a settlor's, trustee's, protector's or nominator's role in an arrangement; other stated
 * influence or control, and interests of unknown nature, are possible control.
 */
export function hopControl(claims: OwnershipLink[]): Control {
  if (appointsBoard(claims) || roleClaims(claims).length) return { certain: true, possible: true };
  const votes = voteClaims(claims);
  const other = otherControl(claims) || vagueInterest(claims);
  if (!votes.length) return { certain: false, possible: other };
  const iv = alternatives(votes.map(linkInterval));
  return { certain: certainMajority(iv), possible: possibleMajority(iv) || other };
}

/** Control along one chain: every step controls. */
export function chainControl(hops: OwnershipLink[][]): Control {
  const steps = hops.map(hopControl);
  return { certain: steps.every((s) => s.certain), possible: steps.every((s) => s.possible) };
}

/**
 * What one step holds for the threshold test: the larger of its shares and its votes; a step
 * carrying neither (a right to appoint the board, a role) holds everything it controls.
 */
export function hopHolding(claims: OwnershipLink[]): Interval {
  const own = ownsClaims(claims);
  const votes = voteClaims(claims);
  const c = hopControl(claims);
  if (!own.length && !votes.length) return { min: c.certain ? 1 : 0, max: c.possible ? 1 : 0 };
  const o = own.length ? alternatives(own.map(linkInterval)) : { min: 0, max: 0 };
  const v = votes.length ? alternatives(votes.map(linkInterval)) : { min: 0, max: 0 };
  const min = o.min >= v.min ? o : v;
  const max = o.max >= v.max ? o : v;
  return {
    min: min.min,
    max: max.max,
    minExclusive: min.minExclusive,
    maxExclusive: max.maxExclusive,
  };
}

/** How one chain reaches the asked entity when control of an intermediate counts. */
export interface ChainReach {
  /** Leading steps the top controls for certain / possibly (0: none; all: the asked entity). */
  certainSteps: number;
  possibleSteps: number;
  /**
   * What the chain gives its top: the holding of the last entity it controls for certain (lower
   * bound) or possibly (upper bound), in full; with no control, the product of the holdings.
   */
  reach: Interval;
}

/**
 * Control judged per chain (EU AMLD art. 3(6)(a)(i), indirect ownership): whoever controls an
 * intermediate is counted for all it holds, so P with 60% of H, H with 30% of T, reaches 30%.
 */
export function chainReach(hops: OwnershipLink[][]): ChainReach {
  const steps = hops.map(hopControl);
  const lead = (ok: (c: Control) => boolean) => {
    const i = steps.findIndex((s) => !ok(s));
    return i < 0 ? steps.length : i;
  };
  const certainSteps = lead((s) => s.certain);
  const possibleSteps = lead((s) => s.possible);
  const holdings = hops.map(hopHolding);
  const lo = along(holdings.slice(certainSteps));
  const hi = along(holdings.slice(possibleSteps));
  return {
    certainSteps,
    possibleSteps,
    reach: {
      min: lo.min,
      max: hi.max,
      minExclusive: lo.minExclusive,
      maxExclusive: hi.maxExclusive,
    },
  };
}

/** Control through any chain of a group, with the chains that give it (possible ones included). */
export function groupControl(g: PathGroup): Control & { paths: PathGroup['paths'] } {
  let certain = false;
  let possible = false;
  const paths: PathGroup['paths'] = [];
  for (const p of g.paths) {
    const c = chainControl(p.hops);
    certain = certain || c.certain;
    possible = possible || c.possible;
    if (c.possible) paths.push(p);
  }
  return { certain, possible, paths };
}

/** What a group's chains reach together when control counts (sums of bounds, capped at 1). */
export function groupReach(g: PathGroup): { total: Interval; chains: ChainReach[] } {
  const chains = g.paths.map((p) => chainReach(p.hops));
  return { total: across(chains.map((c) => c.reach)), chains };
}
