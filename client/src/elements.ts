import type { ElementDefinition } from 'cytoscape';
import type { GraphPayload } from './api';

export const KINDS = [
  'Organization',
  'Person',
  'Government',
  'Project',
  'Event',
  'Source',
] as const;
export type Kind = (typeof KINDS)[number];

export function kindOf(labels: string[]): Kind | 'Other' {
  return (KINDS.find((k) => labels.includes(k)) ?? 'Other') as Kind | 'Other';
}

function percent(stake: unknown): string {
  return typeof stake === 'number' ? `${Math.round(stake * 1000) / 10}%` : '';
}

/** API graph payload → Cytoscape elements: the one place the client maps data to the canvas. */
export function toElements(graph: GraphPayload): ElementDefinition[] {
  const nodes: ElementDefinition[] = graph.nodes.map((n) => ({
    group: 'nodes',
    data: {
      id: n.id,
      label: typeof n.properties.name === 'string' ? n.properties.name : n.id,
      kind: kindOf(n.labels),
      labels: n.labels,
      properties: n.properties,
    },
  }));
  const edges: ElementDefinition[] = graph.edges.map((e) => ({
    group: 'edges',
    data: {
      id: e.id,
      source: e.source,
      target: e.target,
      type: e.type,
      family: e.family ?? 'other',
      stake: typeof e.properties.stake === 'number' ? e.properties.stake : undefined,
      label: e.family === 'ownership' ? percent(e.properties.stake) || e.type : e.type,
      properties: e.properties,
    },
  }));
  return [...nodes, ...edges];
}
