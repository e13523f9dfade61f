import type { Core, EdgeSingular } from 'cytoscape';

/** Parallel relationships between two entities bundle into one edge from this many on. */
export const BUNDLE_MIN = 3;
export const BUNDLE_PREFIX = 'bundle:';

/** The pair key of an edge, the same both ways. */
export function pairKey(e: EdgeSingular): string {
  const a = e.source().id();
  const b = e.target().id();
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * Bundles the shown parallel relationships of each pair (BUNDLE_MIN or more) into one edge that
 * carries their count; pairs in `open` stay unbundled. Recomputed after every filter change, so
 * a bundle always counts what it hides. Two parallel edges stay apart: two curves read fine.
 */
export function bundleParallel(cy: Core, open: Set<string>): void {
  cy.batch(() => {
    cy.edges('.bundle').remove();
    cy.edges('.in-bundle').removeClass('in-bundle');
    const pairs = new Map<string, EdgeSingular[]>();
    cy.edges()
      .not('.filtered, .time-hidden, .more-edge, .group-edge')
      .forEach((e) => {
        const k = pairKey(e);
        pairs.set(k, [...(pairs.get(k) ?? []), e]);
      });
    for (const [key, edges] of pairs) {
      if (edges.length < BUNDLE_MIN || open.has(key)) continue;
      const [a, b] = key.split('|');
      const families = new Set(edges.map((e) => String(e.data('family'))));
      for (const e of edges) e.addClass('in-bundle');
      cy.add({
        group: 'edges',
        classes: 'bundle',
        data: {
          id: `${BUNDLE_PREFIX}${key}`,
          source: a,
          target: b,
          count: edges.length,
          pair: key,
          family: families.size === 1 ? [...families][0] : 'other',
          label: `${edges.length} relationships`,
          types: edges.map((e) => String(e.data('type'))).join(', '),
        },
      });
    }
  });
}
