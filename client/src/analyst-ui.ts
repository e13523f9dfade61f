import type { Core } from 'cytoscape';
import { analystApi } from './analyst-api';
import { api, getJson, type GraphEdge, type GraphNode, type GraphPayload } from './api';
import type { Canvas } from './canvas';
import { CompareMode } from './compare';
import { InvestigationsPanel } from './investigations';
import type { ViewState } from './url-state';

export interface AnalystDeps {
  canvas: Canvas;
  cy: Core;
  view(): ViewState;
  nameOf(id: string): string;
  /** Applies a saved view's filters, date and layout name (no reload). */
  applyView(view: ViewState): Promise<void>;
  focus(id: string): void;
}

/** Compare mode and saved investigations in the sidebar (client/src/compare.ts, investigations.ts). */
export function mountAnalyst(deps: AnalystDeps) {
  const { canvas, cy } = deps;
  let before: { graph: GraphPayload; positions: Record<string, { x: number; y: number }> } | null =
    null;

  const compare = new CompareMode(document.getElementById('compare')!, {
    cy,
    nameOf: deps.nameOf,
    select: (id) => {
      const el = cy.getElementById(id);
      if (el.empty()) return;
      cy.elements().unselect();
      el.select();
      canvas.select(el);
      canvas.fit(); // the inspector opens: keep the whole comparison clear of it
    },
    show: async (graph) => {
      if (!before) {
        const positions: Record<string, { x: number; y: number }> = {};
        cy.nodes().forEach((n) => {
          positions[n.id()] = { ...n.position() };
        });
        before = { graph: canvas.visiblePayload(), positions };
      }
      canvas.load(graph, { mode: 'replace' });
      await canvas.runLayout(canvas.layoutName, null);
    },
    restore: async () => {
      if (!before) return;
      const saved = before;
      before = null;
      canvas.load(saved.graph, { mode: 'replace' });
      cy.batch(() => {
        for (const [id, p] of Object.entries(saved.positions)) cy.getElementById(id).position(p);
      });
      canvas.fit();
    },
  });

  const investigations = new InvestigationsPanel(document.getElementById('investigations')!, {
    cy,
    view: deps.view,
    compare: () => compare.active ?? undefined,
    runCompare: (c) => compare.run(c),
    showElements: async (nodeIds, edgeIds, view) => {
      await deps.applyView(view);
      const have = new Set(cy.nodes().map((n) => n.id()));
      const nodes: GraphNode[] = [];
      for (const id of nodeIds.filter((x) => !have.has(x))) {
        const d = await api.entity(id).catch(() => null);
        if (d?.entity) nodes.push(d.entity);
      }
      const edges: GraphEdge[] = [];
      const haveEdges = new Set(cy.edges().map((e) => e.id()));
      for (const id of edgeIds.filter((x) => !haveEdges.has(x))) {
        const r = await getJson<{ relationship: GraphEdge }>(
          `/api/relationships/${encodeURIComponent(id)}`,
        ).catch(() => null);
        if (r) edges.push(r.relationship);
      }
      canvas.load({ nodes, edges }, { mode: 'add' });
    },
  });
  void investigations.refresh();

  return {
    compare,
    investigations,
    /** `?investigation=<id>` in the page address: reopen it once the explorer has loaded. */
    async openFromLink(): Promise<void> {
      const id = new URLSearchParams(location.search).get('investigation');
      if (id) await investigations.open(id);
    },
    notes: analystApi,
  };
}
