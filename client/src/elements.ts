import type { ElementDefinition } from 'cytoscape';
import type { GraphEdge, GraphNode, GraphPayload, JsonValue } from './api';

export const KINDS = [
  'Organization',
  'Person',
  'Government',
  'Project',
  'Event',
  'Source',
  'Arrangement',
  'Unknown',
] as const;
export type Kind = (typeof KINDS)[number];

export function kindOf(labels: string[]): Kind | 'Other' {
  return (KINDS.find((k) => labels.includes(k)) ?? 'Other') as Kind | 'Other';
}

export function percent(stake: unknown): string {
  return typeof stake === 'number' ? `${Math.round(stake * 1000) / 10}%` : '';
}

export function nameOf(n: { id: string; properties: Record<string, JsonValue> }): string {
  return typeof n.properties.name === 'string' ? n.properties.name : n.id;
}

/** Canvas labels stay short (the inspector shows the full name) so the overview stays readable. */
export function shortLabel(name: string, max = 30): string {
  if (name.length <= max) return name;
  const cut = name.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

export function nodeElement(n: GraphNode): ElementDefinition {
  const name = nameOf(n);
  return {
    group: 'nodes',
    data: {
      id: n.id,
      name,
      label: shortLabel(name),
      kind: kindOf(n.labels),
      labels: n.labels,
      properties: n.properties,
    },
  };
}

export function edgeElement(e: GraphEdge): ElementDefinition {
  return {
    group: 'edges',
    data: {
      id: e.id,
      source: e.source,
      target: e.target,
      type: e.type,
      family: e.family ?? 'other',
      stake: typeof e.properties.stake === 'number' ? e.properties.stake : undefined,
      label: e.family === 'ownership' ? percent(e.properties.stake) || 'stake ?' : '',
      properties: e.properties,
    },
  };
}

/** API graph payload → Cytoscape elements: the one place the client maps data to the canvas. */
export function toElements(graph: GraphPayload): ElementDefinition[] {
  return [...graph.nodes.map(nodeElement), ...graph.edges.map(edgeElement)];
}

/** Is a relationship valid on `at` (YYYY-MM-DD)? since inclusive, until exclusive. */
export function validAt(props: Record<string, JsonValue>, at: string | null): boolean {
  if (!at) return true;
  const since = typeof props.since === 'string' ? props.since : null;
  const until = typeof props.until === 'string' ? props.until : null;
  return (!since || since <= at) && (!until || at < until);
}
