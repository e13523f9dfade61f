import cytoscape, { type ElementDefinition } from 'cytoscape';
import { computeForceLayout } from '../client/src/layouts/force-worker';
import {
  largeGraphStyle,
  LARGE_GRAPH_NODES,
  layOutInWorker,
  styleFor,
} from '../client/src/large-graph';
import { graphStyle, KIND_STYLE } from '../client/src/style';

/**
 * `communities` groups of `size` nodes, each a ring with chords (dense inside), joined by one
 * bridge per neighbouring pair, plus `isolated` nodes without links.
 */
function clustered(communities: number, size: number, isolated = 0) {
  const nodes: string[] = [];
  const edges: Array<[number, number]> = [];
  for (let c = 0; c < communities; c++) {
    const base = c * size;
    for (let i = 0; i < size; i++) {
      nodes.push(`c${c}:${i}`);
      edges.push([base + i, base + ((i + 1) % size)], [base + i, base + ((i * 7 + 3) % size)]);
    }
    if (c > 0) edges.push([base, base - size + 1]);
  }
  for (let i = 0; i < isolated; i++) nodes.push(`alone:${i}`);
  return { nodes, edges };
}

function styleOf(sheet: typeof graphStyle, selector: string): Record<string, unknown> {
  const rules = (sheet as Array<{ selector: string; style: Record<string, unknown> }>).filter(
    (r) => r.selector === selector,
  );
  return Object.assign({}, ...rules.map((r) => r.style));
}

describe('large-graph mode', () => {
  it('keeps the full style up to the threshold and switches to the light one above it', () => {
    expect(styleFor(30)).toBe(graphStyle);
    expect(styleFor(LARGE_GRAPH_NODES)).toBe(graphStyle);
    expect(styleFor(LARGE_GRAPH_NODES + 1)).toBe(largeGraphStyle);
  });

  it('draws no icons, no edge labels or arrows, straight edges, and labels only when zoomed in', () => {
    const sheet = largeGraphStyle as Array<{ selector: string; style: Record<string, unknown> }>;
    for (const rule of sheet) {
      expect(rule.style['background-image']).toBeUndefined();
      if (rule.selector.startsWith('edge')) {
        expect(rule.style.label).toBeUndefined();
        expect(rule.style['target-arrow-shape']).toBeUndefined();
      }
    }
    expect(styleOf(largeGraphStyle, 'edge')['curve-style']).toBe('haystack');
    expect(styleOf(largeGraphStyle, 'node')['min-zoomed-font-size']).toBeGreaterThan(0);
  });

  it('keeps the kind colours and shapes, so the legend still reads', () => {
    for (const [kind, s] of Object.entries(KIND_STYLE)) {
      const rule = styleOf(largeGraphStyle, `node[kind = "${kind}"]`);
      expect(rule['background-color']).toBe(s.color);
      expect(rule.shape).toBe(s.shape);
    }
  });
});

describe('the worker force layout', () => {
  it('places every node at a finite position, the unlinked ones next to the graph', () => {
    const g = clustered(12, 100, 30);
    const { positions, levels } = computeForceLayout(g);
    expect(Object.keys(positions)).toHaveLength(g.nodes.length);
    for (const id of g.nodes) {
      expect(Number.isFinite(positions[id].x) && Number.isFinite(positions[id].y)).toBe(true);
    }
    // A graph this size is coarsened before it is laid out.
    expect(levels).toBeGreaterThan(1);
    const linked = g.nodes.filter((id) => !id.startsWith('alone'));
    const radius = Math.max(...linked.map((id) => Math.hypot(positions[id].x, positions[id].y)));
    expect(radius).toBeGreaterThan(100); // spread out, not collapsed
    for (const id of g.nodes.filter((x) => x.startsWith('alone'))) {
      expect(Math.hypot(positions[id].x, positions[id].y)).toBeLessThan(2 * radius);
    }
  });

  it('keeps communities apart: nodes sit much closer to their own community than to others', () => {
    const g = clustered(12, 100);
    const { positions } = computeForceLayout(g);
    const centres = Array.from({ length: 12 }, (_, c) => {
      const ps = g.nodes.filter((id) => id.startsWith(`c${c}:`)).map((id) => positions[id]);
      return {
        x: ps.reduce((s, p) => s + p.x, 0) / ps.length,
        y: ps.reduce((s, p) => s + p.y, 0) / ps.length,
        spread:
          ps.reduce((s, p, _, a) => s + Math.hypot(p.x - a[0].x, p.y - a[0].y), 0) / ps.length,
      };
    });
    let nearestOther = Infinity;
    centres.forEach((a, i) =>
      centres.forEach((b, j) => {
        if (i !== j) nearestOther = Math.min(nearestOther, Math.hypot(a.x - b.x, a.y - b.y));
      }),
    );
    const meanSpread = centres.reduce((s, c) => s + c.spread, 0) / centres.length;
    // Each community's nodes lie within a radius well below the gap to the nearest other one.
    expect(meanSpread).toBeLessThan(nearestOther);
    let misplaced = 0;
    g.nodes.forEach((id) => {
      const own = Number(id.slice(1, id.indexOf(':')));
      const p = positions[id];
      const d = centres.map((c) => Math.hypot(p.x - c.x, p.y - c.y));
      if (d.indexOf(Math.min(...d)) !== own) misplaced++;
    });
    expect(misplaced / g.nodes.length).toBeLessThan(0.05);
  });

  it('reports its work in full-graph ticks and ignores self-loops and bad indexes', () => {
    const r = computeForceLayout({
      nodes: ['a', 'b', 'c'],
      edges: [
        [0, 1],
        [1, 1],
        [2, 9],
      ],
    });
    expect(r.ticks).toBeGreaterThan(0);
    expect(Object.keys(r.positions).sort()).toEqual(['a', 'b', 'c']);
    expect(Number.isFinite(r.positions.c.x)).toBe(true);
  });
});

describe('layOutInWorker', () => {
  /** 60 nodes of every kind, 120 edges of every family (some parallel, a hub), headless. */
  function elements(): ElementDefinition[] {
    const kinds = Object.keys(KIND_STYLE);
    const families = ['ownership', 'client', 'leadership', 'event'];
    const defs: ElementDefinition[] = [];
    for (let i = 0; i < 60; i++) {
      defs.push({ data: { id: `n${i}`, label: `Node ${i}`, kind: kinds[i % kinds.length] } });
    }
    for (let j = 0; j < 120; j++) {
      const a = j % 60;
      const b = j % 3 === 0 ? 0 : (a + 1 + (j % 7)) % 60;
      if (a === b) continue;
      defs.push({
        data: { id: `e${j}`, source: `n${a}`, target: `n${b}`, family: families[j % 4] },
      });
    }
    return defs;
  }
  const positionOf = (i: number) => ({ x: (i % 8) * 40, y: Math.floor(i / 8) * 40 });
  /** A stand-in for the layout worker: answers each job with a grid, asynchronously. */
  function gridWorker(): Worker {
    const w = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      onerror: null,
      postMessage(input: { nodes: string[] }) {
        const positions = Object.fromEntries(input.nodes.map((id, i) => [id, positionOf(i)]));
        setTimeout(() => w.onmessage?.({ data: { positions, ticks: 1, levels: 1, ms: 0 } }), 5);
      },
    };
    return w as unknown as Worker;
  }
  const snapshot = (cy: cytoscape.Core) =>
    cy.elements().map((ele) => ({
      id: ele.id(),
      style: ele.style(),
      bb: ele.boundingBox({}),
      // Values Cytoscape caches per element from the style (cleared when a property changes).
      visible: ele.visible(),
      opacity: ele.effectiveOpacity(),
    }));

  it('styles every element as Cytoscape would lazily, and later changes still restyle and move bounds', async () => {
    // Arrange: the same graph twice, one laid out through the worker path, one placed directly.
    const viaWorker = cytoscape({ headless: true, styleEnabled: true, style: largeGraphStyle });
    const direct = cytoscape({ headless: true, styleEnabled: true, style: largeGraphStyle });
    const added = viaWorker.add(elements());
    direct.add(elements());
    // Styled once and read (so caches hold values), then restyled by classes, as the app's
    // filters do before a layout.
    for (const cy of [viaWorker, direct]) {
      snapshot(cy);
      cy.getElementById('n2').addClass('dimmed');
      cy.getElementById('n3').addClass('filtered');
      cy.getElementById('e1').addClass('dimmed');
    }
    direct.nodes().positions((_n, i) => positionOf(i));

    // Act
    const result = await layOutInWorker(viaWorker, gridWorker(), added);

    // Assert: same computed style and bounds for every element, batch closed.
    expect(result).not.toBeNull();
    expect((viaWorker as unknown as { batching(): boolean }).batching()).toBe(false);
    expect(snapshot(viaWorker)).toEqual(snapshot(direct));
    expect(viaWorker.getElementById('n1').style('background-color')).toBe('rgb(194,65,12)');
    // A selection afterwards restyles (22 px) and the bounds follow, as they do without it.
    for (const cy of [viaWorker, direct]) {
      cy.getElementById('n0').select();
      cy.getElementById('e3').addClass('path');
      cy.getElementById('n5').position({ x: 999, y: 999 });
    }
    expect(viaWorker.getElementById('n0').boundingBox({}).w).toBeGreaterThan(22);
    expect(snapshot(viaWorker)).toEqual(snapshot(direct));
    viaWorker.destroy();
    direct.destroy();
  });
});
