import {
  linkInterval,
  type ClaimPicker,
  type OwnershipLink,
  type PathGroup,
} from './ownership-chains';
import { alternatives, certainMajority, possibleMajority } from './stake-intervals';

/** Shares: the OWNS claims about a pair, and benefits (a trust's beneficiaries, rights to profit). */
export const ownsClaims: ClaimPicker = (claims) =>
  claims.filter((c) => c.type === 'OWNS' || c.type === 'BENEFITS_FROM');

/** Votes: voting-rights claims about the pair where there are any, else shares (one share, one vote). */
export const voteClaims: ClaimPicker = (claims) => {
  const votes = claims.filter((c) => c.type === 'CONTROLS' && c.interestType === 'votingRights');
  return votes.length ? votes : ownsClaims(claims);
};

const appointsBoard = (claims: OwnershipLink[]) =>
  claims.some((c) => c.type === 'CONTROLS' && c.interestType === 'appointmentOfBoard');

export interface Control {
  certain: boolean;
  possible: boolean;
}

/** Influence or control the source states without a measure (BODS otherInfluenceOrControl). */
const otherControl = (claims: OwnershipLink[]) =>
  claims.some((c) => c.type === 'CONTROLS' && c.interestType === 'otherInfluenceOrControl');

/**
 * Control of one step: a certain / possible majority of votes, or the right to appoint the board;
 * other stated influence or control is possible control (the source gives no majority to test).
 */
export function hopControl(claims: OwnershipLink[]): Control {
  if (appointsBoard(claims)) return { certain: true, possible: true };
  const votes = voteClaims(claims);
  const other = otherControl(claims);
  if (!votes.length) return { certain: false, possible: other };
  const iv = alternatives(votes.map(linkInterval));
  return { certain: certainMajority(iv), possible: possibleMajority(iv) || other };
}

/** Control along one chain: every step controls. */
export function chainControl(hops: OwnershipLink[][]): Control {
  const steps = hops.map(hopControl);
  return { certain: steps.every((s) => s.certain), possible: steps.every((s) => s.possible) };
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
