import {
  across,
  alternatives,
  along,
  certainMajority,
  claimInterval,
  integratedOwnership,
  maxReaches,
  type MatrixLink,
} from '../server/services/stake-intervals';

/** Small deterministic generator (mulberry32), so a failing graph can be rebuilt from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random ownership graph on n nodes (n0 is the target), exact stakes up to `maxStake`. */
function randomGraph(seed: number, n: number, maxStake: number, density = 0.6): MatrixLink[] {
  const r = rng(seed);
  const links: MatrixLink[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j || r() > density) continue;
      const s = Math.round(r() * maxStake * 1000) / 1000;
      links.push({ source: `n${i}`, target: `n${j}`, stake: { min: s, max: s } });
    }
  return links;
}

/** Brute force: every walk ending at the target, up to `depth` links, each adding its product. */
function walkSums(links: MatrixLink[], target: string, depth: number): Map<string, number> {
  const into = new Map<string, MatrixLink[]>();
  for (const l of links) into.set(l.target, [...(into.get(l.target) ?? []), l]);
  const out = new Map<string, number>();
  const walk = (at: string, product: number, left: number) => {
    if (left === 0) return;
    for (const l of into.get(at) ?? []) {
      const p = product * l.stake.min;
      out.set(l.source, (out.get(l.source) ?? 0) + p);
      walk(l.source, p, left - 1);
    }
  };
  walk(target, 1, depth);
  return out;
}

/** Exact: y = (I − A)⁻¹ A e_t by Gaussian elimination with partial pivoting. */
function solveExact(links: MatrixLink[], n: number): number[] {
  const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const l of links) a[Number(l.source.slice(1))][Number(l.target.slice(1))] += l.stake.min;
  // (I − A) y = A[:, 0]
  const m = a.map((rowA, i) => [...rowA.map((v, j) => (i === j ? 1 : 0) - v), rowA[0]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((rowM, i) => rowM[n] / m[i][i]);
}

describe('interval arithmetic', () => {
  it('multiplies bounds along a chain and adds them across chains, capped at 1', () => {
    expect(
      along([
        { min: 0.25, max: 0.5 },
        { min: 0.75, max: 1 },
        { min: 0.6, max: 0.6 },
      ]),
    ).toEqual(expect.objectContaining({ min: 0.1125, max: 0.3 }));
    expect(
      across([
        { min: 0.7, max: 0.9 },
        { min: 0.6, max: 0.6 },
      ]),
    ).toEqual(expect.objectContaining({ min: 1, max: 1 }));
  });

  it('spans alternatives and keeps "more than" only when every lowest claim says it', () => {
    expect(
      alternatives([
        { min: 0.3, max: 0.3 },
        { min: 0.6, max: 0.6 },
      ]),
    ).toEqual(expect.objectContaining({ min: 0.3, max: 0.6 }));
    const more = alternatives([{ min: 0.5, max: 0.75, minExclusive: true }]);
    expect(certainMajority(more)).toBe(true);
    expect(certainMajority(alternatives([more, { min: 0.5, max: 0.5 }]))).toBe(false);
  });

  it('keeps "less than" through chains and sums, so an exclusive maximum never reaches itself', () => {
    const lessThanHalf = { min: 0.25, max: 0.5, maxExclusive: true };
    expect(maxReaches(lessThanHalf, 0.5)).toBe(false);
    expect(maxReaches(lessThanHalf, 0.49)).toBe(true);
    expect(maxReaches({ min: 0.25, max: 0.5 }, 0.5)).toBe(true);
    // 0.5 × 1 stays "less than 50%"; one alternative reaching 50% itself lifts it.
    expect(along([lessThanHalf, { min: 1, max: 1 }]).maxExclusive).toBe(true);
    expect(alternatives([lessThanHalf, { min: 0.3, max: 0.5 }]).maxExclusive).toBe(false);
    // Under 60% twice: the sum 1.2 is capped and 1 is within reach.
    expect(
      across([
        { min: 0, max: 0.6, maxExclusive: true },
        { min: 0, max: 0.6 },
      ]).maxExclusive,
    ).toBe(false);
    expect(across([lessThanHalf, { min: 0.1, max: 0.1 }]).maxExclusive).toBe(true);
  });

  it('clamps and orders a claim however the source wrote it, unknown as [0, 1]', () => {
    expect(claimInterval(1.5, 0.9)).toEqual(expect.objectContaining({ min: 0.9, max: 1 }));
    expect(claimInterval(null, null)).toEqual(expect.objectContaining({ min: 0, max: 1 }));
  });
});

describe('integrated ownership through cycles', () => {
  it('matches the exact solution (I − A)⁻¹ A on 50 generated graphs with cycles', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const n = 5;
      const links = randomGraph(seed, n, 0.3);
      const exact = solveExact(links, n);
      const { owners } = integratedOwnership(links, 'n0');
      for (let i = 1; i < n; i++) {
        expect(owners.get(`n${i}`)?.min ?? 0).toBeCloseTo(exact[i], 9);
        expect(owners.get(`n${i}`)?.max ?? 0).toBeCloseTo(exact[i], 9);
      }
    }
  });

  it('matches a brute-force sum over every walk on 10 small generated graphs', () => {
    for (let seed = 100; seed < 110; seed++) {
      const links = randomGraph(seed, 4, 0.12, 1);
      const brute = walkSums(links, 'n0', 12); // the tail past 12 links is below 1e-5
      const { owners } = integratedOwnership(links, 'n0');
      for (const [id, v] of brute) {
        if (id === 'n0') continue; // the target's own walks back to itself are not an owner
        expect(Math.abs((owners.get(id)?.min ?? 0) - v)).toBeLessThan(1e-5);
      }
    }
  });

  it('gives holdings as the same series read the other way', () => {
    const links = randomGraph(7, 5, 0.3);
    const reversed = links.map((l) => ({ ...l, source: l.target, target: l.source }));
    const down = integratedOwnership(links, 'n0').holdings;
    const up = integratedOwnership(reversed, 'n0').owners;
    for (const [id, v] of up) expect(down.get(id)?.min).toBeCloseTo(v.min, 12);
  });

  it('bounds every point inside the intervals, and caps a 100% cross-holding at 1', () => {
    const ranged: MatrixLink[] = [
      { source: 'a', target: 't', stake: { min: 0.2, max: 0.4 } },
      { source: 'b', target: 'a', stake: { min: 0.1, max: 0.5 } },
      { source: 'a', target: 'b', stake: { min: 0, max: 1 } },
    ];
    const { owners } = integratedOwnership(ranged, 't');
    for (const pick of [0, 0.5, 1]) {
      const point = ranged.map((l) => {
        const s = l.stake.min + pick * (l.stake.max - l.stake.min);
        return { ...l, stake: { min: s, max: s } };
      });
      const p = integratedOwnership(point, 't').owners;
      for (const id of ['a', 'b']) {
        expect(p.get(id)!.min).toBeGreaterThanOrEqual(owners.get(id)!.min - 1e-12);
        expect(p.get(id)!.min).toBeLessThanOrEqual(owners.get(id)!.max + 1e-12);
      }
    }
    const full = integratedOwnership(
      [
        { source: 'a', target: 'b', stake: { min: 1, max: 1 } },
        { source: 'b', target: 'a', stake: { min: 1, max: 1 } },
        { source: 'a', target: 't', stake: { min: 1, max: 1 } },
      ],
      't',
    ).owners;
    expect(full.get('a')).toEqual({ min: 1, max: 1 });
    expect(full.get('b')).toEqual({ min: 1, max: 1 });
  });
});
