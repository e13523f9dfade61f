/**
 * Stakes as intervals [min, max] in 0..1 and the arithmetic the ownership answers use:
 * along a chain the bounds multiply, over distinct chains they add (capped at 1), and several
 * claims about one pair are alternatives (the pair's interval spans them).
 */

export interface Interval {
  min: number;
  max: number;
  /** "More than" rather than "at least" (BODS exclusiveMinimum), when the source says. */
  minExclusive?: boolean;
  /** "Less than" rather than "at most" (BODS exclusiveMaximum): the maximum itself is ruled out. */
  maxExclusive?: boolean;
}

/** A stake no source gives: anything from nothing to everything, never read as 0 or as 1. */
export const UNKNOWN_STAKE: Interval = { min: 0, max: 1 };

/** Rounds away float noise (0.49 × 1 stays 0.49). */
export function tidy(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** One claim's bounds, clamped to 0..1 and put in order however the source wrote them. */
export function claimInterval(min: unknown, max: unknown, minExclusive?: unknown): Interval {
  const lo = typeof min === 'number' ? clamp01(min) : 0;
  const hi = typeof max === 'number' ? clamp01(max) : 1;
  return {
    min: Math.min(lo, hi),
    max: Math.max(lo, hi),
    minExclusive: minExclusive === true && lo <= hi,
  };
}

/** Claims about the same pair are alternatives: min of the mins, max of the maxes. */
export function alternatives(claims: Interval[]): Interval {
  if (claims.length === 0) return UNKNOWN_STAKE;
  const min = Math.min(...claims.map((c) => c.min));
  const max = Math.max(...claims.map((c) => c.max));
  return {
    min,
    max,
    minExclusive: claims.filter((c) => c.min === min).every((c) => c.minExclusive === true),
    maxExclusive: claims.filter((c) => c.max === max).every((c) => c.maxExclusive === true),
  };
}

/** Along a chain: the product of the lower bounds and of the upper bounds. */
export function along(links: Interval[]): Interval {
  let min = 1;
  let max = 1;
  let minExclusive = false;
  let maxExclusive = false;
  for (const l of links) {
    min *= l.min;
    max *= l.max;
    minExclusive = minExclusive || l.minExclusive === true;
    maxExclusive = maxExclusive || l.maxExclusive === true;
  }
  return {
    min: tidy(min),
    max: tidy(max),
    minExclusive: minExclusive && min > 0,
    maxExclusive: maxExclusive && max > 0,
  };
}

/** Over distinct chains: the sums of the bounds, each capped at 1. */
export function across(chains: Interval[]): Interval {
  let min = 0;
  let max = 0;
  let minExclusive = false;
  let maxExclusive = false;
  for (const c of chains) {
    min += c.min;
    max += c.max;
    minExclusive = minExclusive || c.minExclusive === true;
    maxExclusive = maxExclusive || c.maxExclusive === true;
  }
  const capped = Math.min(1, tidy(min));
  return {
    min: capped,
    max: Math.min(1, tidy(max)),
    minExclusive: minExclusive && capped < 1,
    // A sum above 1 is capped, and 1 is then within reach.
    maxExclusive: maxExclusive && tidy(max) <= 1,
  };
}

/** The exact value when the interval is a single point, else null. */
export function exactValue(i: Interval): number | null {
  return i.min === i.max ? i.min : null;
}

/** Whether the interval's lower bound certainly reaches `threshold`. */
export function minReaches(i: Interval, threshold: number): boolean {
  return i.min >= threshold;
}

/** Whether the upper bound could reach `threshold`: "less than 50%" never reaches 50%. */
export function maxReaches(i: Interval, threshold: number): boolean {
  return i.max > threshold || (i.max === threshold && i.maxExclusive !== true);
}

/** A majority of votes: more than half for certain (> 0.5, or "more than 50%"). */
export function certainMajority(i: Interval): boolean {
  return i.min > 0.5 || (i.min === 0.5 && i.minExclusive === true);
}

/** A majority the source does not rule out. */
export function possibleMajority(i: Interval): boolean {
  return i.max > 0.5;
}

export interface MatrixLink {
  source: string;
  target: string;
  stake: Interval;
}

/**
 * Integrated ownership through cycles: the sum over every walk (not only simple chains) of the
 * product of stakes, S = A + A² + A³ + … over the ownership matrix A (A[i][j] = share of j that i
 * holds). Returns S[i][target] for every i (`owners`) and S[target][j] for every j (`holdings`),
 * for the lower and the upper matrix. Each entry is capped at 1, so the series stays bounded when
 * cross-holdings of 100% (or unknown [0, 1] links) would make it diverge; the capped iteration is
 * monotone, so it converges.
 */
export function integratedOwnership(
  links: MatrixLink[],
  target: string,
): { owners: Map<string, Interval>; holdings: Map<string, Interval> } {
  // One matrix entry per pair: alternative claims span one interval.
  const pairs = new Map<string, { source: string; target: string; claims: Interval[] }>();
  for (const l of links) {
    const key = `${l.source}\u0000${l.target}`;
    const p = pairs.get(key) ?? { source: l.source, target: l.target, claims: [] };
    p.claims.push(l.stake);
    pairs.set(key, p);
  }
  const entries = [...pairs.values()].map((p) => ({
    source: p.source,
    target: p.target,
    stake: alternatives(p.claims),
  }));
  const solve = (bound: 'min' | 'max', dir: 'owners' | 'holdings'): Map<string, number> => {
    // owners: y = A·e_t + A·y  (y_i = Σ_k A^k[i][t]); holdings: z = e_tᵀA + z·A.
    let cur = new Map<string, number>();
    for (let step = 0; step < 10000; step++) {
      const next = new Map<string, number>();
      for (const e of entries) {
        const from = dir === 'owners' ? e.source : e.target;
        const to = dir === 'owners' ? e.target : e.source;
        const inflow = (to === target ? 1 : 0) + (cur.get(to) ?? 0);
        if (inflow === 0) continue;
        next.set(from, (next.get(from) ?? 0) + e.stake[bound] * inflow);
      }
      let delta = 0;
      for (const [k, v] of next) {
        const capped = Math.min(1, v);
        next.set(k, capped);
        delta = Math.max(delta, Math.abs(capped - (cur.get(k) ?? 0)));
      }
      cur = next;
      if (delta < 1e-13) break;
    }
    return cur;
  };
  const combine = (dir: 'owners' | 'holdings') => {
    const lo = solve('min', dir);
    const hi = solve('max', dir);
    const out = new Map<string, Interval>();
    for (const id of new Set([...lo.keys(), ...hi.keys()])) {
      out.set(id, { min: tidy(lo.get(id) ?? 0), max: tidy(hi.get(id) ?? 0) });
    }
    return out;
  };
  return { owners: combine('owners'), holdings: combine('holdings') };
}
