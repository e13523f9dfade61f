import type { Core, NodeSingular } from 'cytoscape';
import { h, replaceChildren } from '../dom';
import type { MetricsAnswer, MetricsInput } from './metrics-worker';

export type MetricName = 'degree' | 'pagerank' | 'betweenness';
export const METRICS: { name: MetricName; label: string }[] = [
  { name: 'degree', label: 'Degree' },
  { name: 'pagerank', label: 'PageRank' },
  { name: 'betweenness', label: 'Betweenness' },
];

/** Twelve colours distinct enough side by side (Tableau 10 and two more), for communities. */
export const COMMUNITY_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#1f3b73',
  '#8c564b',
];

export interface AnalyticsDeps {
  cy: Core;
  /** Whether the canvas draws in its large-graph style (smaller nodes). */
  large(): boolean;
  focus(id: string): void;
}

interface Results {
  ids: string[];
  degree: number[];
  pagerank: number[];
  betweenness: number[] | null;
  community: number[];
  communities: number;
  modularity: number;
}

const RANKED = 10;

/**
 * The Analytics panel: degree, PageRank, betweenness and Louvain communities of the visible
 * graph (graphology, in a Web Worker), nodes sized by a metric and coloured by community, and the
 * entities ranked by the chosen metric. Recomputed when the canvas changes while it is in use.
 */
export function analyticsPanel(root: HTMLElement, deps: AnalyticsDeps) {
  const { cy } = deps;
  const sizeBy = h(
    'select',
    { id: 'metric-size' },
    h('option', { value: '' }, 'Size: none'),
    METRICS.map((m) => h('option', { value: m.name }, `Size by ${m.label}`)),
  );
  const colour = h('input', { type: 'checkbox', id: 'metric-communities' });
  const rankBy = h(
    'select',
    { id: 'metric-rank' },
    METRICS.map((m) => h('option', { value: m.name }, `Rank by ${m.label}`)),
  );
  const status = h(
    'p',
    { class: 'hint', id: 'metric-status', 'aria-live': 'polite' },
    'Choose a size, colour or ranking to compute.',
  );
  const ranking = h('ol', { id: 'metric-ranking', class: 'metric-ranking' });
  root.append(
    h('label', { class: 'sr-only', for: 'metric-size' }, 'Size nodes by'),
    sizeBy,
    h(
      'div',
      { class: 'row' },
      colour,
      h('label', { for: 'metric-communities' }, 'Colour by community'),
    ),
    h('label', { class: 'sr-only', for: 'metric-rank' }, 'Rank entities by'),
    rankBy,
    status,
    ranking,
  );

  let worker: Worker | null = null;
  let job = 0;
  let results: Results | null = null;
  /** The graph the last job ran on: a layout or a selection changes nothing to compute. */
  let lastSignature = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Set by apply() while it restyles, so its own change events do not recompute. */
  let applying = false;

  const active = () => !!sizeBy.value || colour.checked || root.dataset.open === 'true';

  /** The graph the analyst sees: real entities and relationships, bundled ones included. */
  const visibleGraph = (): MetricsInput => {
    const nodes = cy.nodes().not('.filtered, .more, .group');
    const index = new Map(nodes.map((n, i) => [n.id(), i] as [string, number]));
    const edges: Array<[number, number]> = [];
    cy.edges()
      .not('.filtered, .time-hidden, .more-edge, .group-edge, .bundle')
      .forEach((e) => {
        const s = index.get(e.source().id());
        const t = index.get(e.target().id());
        if (s !== undefined && t !== undefined) edges.push([s, t]);
      });
    return { job: ++job, nodes: nodes.map((n) => n.id()), edges };
  };

  const signature = (input: MetricsInput) =>
    `${input.nodes.join(',')}|${input.edges.map(([a, b]) => `${a}-${b}`).join(',')}`;

  const run = (force = true) => {
    const input = visibleGraph();
    const sig = signature(input);
    if (!force && sig === lastSignature) return;
    lastSignature = sig;
    // A newer graph wins: the old job's worker is dropped rather than waited for.
    worker?.terminate();
    worker = new Worker(new URL('./metrics-worker.ts', import.meta.url), { type: 'module' });
    status.textContent = `Computing on ${input.nodes.length} entities…`;
    root.dataset.state = 'computing';
    const mine = input.job;
    worker.onmessage = (e: MessageEvent<MetricsAnswer>) => {
      const a = e.data;
      if (a.job !== mine) return;
      if ('error' in a) {
        status.textContent = `Could not compute: ${a.error}`;
        root.dataset.state = 'error';
        return;
      }
      if (a.phase === 'first') {
        results = {
          ids: input.nodes,
          degree: a.degree,
          pagerank: a.pagerank,
          betweenness: null,
          community: a.community,
          communities: a.communities,
          modularity: a.modularity,
        };
        status.textContent = `${input.nodes.length} entities · ${a.communities} communities (modularity ${a.modularity.toFixed(2)}) · betweenness…`;
        root.dataset.state = 'partial';
      } else if (results) {
        results.betweenness = a.betweenness;
        status.textContent = `${input.nodes.length} entities · ${results.communities} communities (modularity ${results.modularity.toFixed(2)})`;
        root.dataset.state = 'done';
        worker?.terminate();
        worker = null;
      }
      apply();
    };
    worker.onerror = (e) => {
      status.textContent = `Could not compute: ${e.message}`;
      root.dataset.state = 'error';
    };
    worker.postMessage(input);
  };

  const values = (m: MetricName): number[] | null =>
    results ? (m === 'betweenness' ? results.betweenness : results[m]) : null;

  /** Sizes, colours and the ranked list from the latest results. */
  function apply(): void {
    applying = true;
    const large = deps.large();
    const [lo, hi] = large ? [8, 40] : [22, 72];
    cy.batch(() => {
      cy.nodes().removeClass('metric-sized community');
      if (!results) return;
      const sizeVals = sizeBy.value ? values(sizeBy.value as MetricName) : null;
      const max = sizeVals ? Math.max(...sizeVals, 1e-12) : 1;
      results.ids.forEach((id, i) => {
        const n = cy.getElementById(id);
        if (n.empty()) return;
        if (sizeVals) {
          // Square root: area, not width, follows the metric.
          n.data('msize', lo + (hi - lo) * Math.sqrt(sizeVals[i] / max));
          n.addClass('metric-sized');
        }
        if (colour.checked) {
          n.data('ccolor', COMMUNITY_COLOURS[results!.community[i] % COMMUNITY_COLOURS.length]);
          n.addClass('community');
        }
      });
    });
    drawRanking();
    applying = false;
  }

  function drawRanking(): void {
    const m = rankBy.value as MetricName;
    const vals = values(m);
    if (!results || !vals) {
      replaceChildren(ranking, results ? h('li', { class: 'hint' }, 'Computing…') : null);
      return;
    }
    const r = results;
    const order = r.ids
      .map((_, i) => i)
      .sort((a, b) => vals[b] - vals[a] || (r.ids[a] < r.ids[b] ? -1 : 1));
    const fmt = (v: number) => (m === 'degree' ? String(v) : v.toFixed(3));
    replaceChildren(
      ranking,
      order.slice(0, RANKED).map((i) => {
        const id = r.ids[i];
        const n = cy.getElementById(id) as NodeSingular;
        const name = n.nonempty() ? String(n.data('name') ?? id) : id;
        return h(
          'li',
          { 'data-id': id },
          h(
            'button',
            { type: 'button', class: 'link', onclick: () => deps.focus(id) },
            h('span', {
              class: 'swatch',
              'aria-hidden': 'true',
              style: `background:${COMMUNITY_COLOURS[r.community[i] % COMMUNITY_COLOURS.length]}`,
            }),
            name,
          ),
          h('span', { class: 'metric-value' }, fmt(vals[i])),
        );
      }),
    );
  }

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => run(false), 300);
  };
  sizeBy.addEventListener('change', () => (results ? apply() : run()));
  colour.addEventListener('change', () => (results ? apply() : run()));
  rankBy.addEventListener('change', () => (results ? drawRanking() : run()));
  // New nodes on the canvas need their size and colour even when the numbers did not change.
  const reapply = () => {
    if (results) apply();
  };

  return {
    /** The canvas changed: recompute (debounced) while the panel is in use. */
    canvasChanged(): void {
      if (applying) return;
      if (results || active()) schedule();
      reapply();
    },
    /** Computes now (the panel opened). */
    run,
    results: () => results,
  };
}
