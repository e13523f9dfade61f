import type { ElementDefinition } from 'cytoscape';
import type { EntityKind } from '../../server/model/families';
import type { GraphEdge, GraphNode, GraphPayload, JsonValue } from './api';

export type Kind = EntityKind;
// Keyed by the model's EntityKind, so a kind added there and missing here fails the type-check.
const KIND_ORDER = {
  Organization: 0,
  Person: 1,
  Government: 2,
  Project: 3,
  Event: 4,
  Source: 5,
  Arrangement: 6,
  Unknown: 7,
} satisfies Record<EntityKind, number>;
export const KINDS: readonly Kind[] = Object.keys(KIND_ORDER) as Kind[];

export function kindOf(labels: string[]): Kind | 'Other' {
  return (KINDS.find((k) => labels.includes(k)) ?? 'Other') as Kind | 'Other';
}

export function percent(stake: unknown): string {
  return typeof stake === 'number' ? `${Math.round(stake * 1000) / 10}%` : '';
}

const pctOf = (x: number) => `${Math.round(x * 1000) / 10}`;

/** A stake as the source gives it: "49%", a range "75–100%" (">25–50%" for "more than"), or ''. */
export function stakeLabel(props: Record<string, JsonValue>): string {
  if (typeof props.stake === 'number') return percent(props.stake);
  const lo = typeof props.stakeMin === 'number' ? props.stakeMin : null;
  const hi = typeof props.stakeMax === 'number' ? props.stakeMax : null;
  if (lo === null && hi === null) return '';
  if (lo !== null && lo === hi) return percent(lo);
  const more = props.stakeMinExclusive === true ? '>' : '';
  return `${more}${pctOf(lo ?? 0)}–${pctOf(hi ?? 1)}%`;
}

/** A stake given as a range (min < max) rather than exactly. */
export function isRange(props: Record<string, JsonValue>): boolean {
  return (
    typeof props.stake !== 'number' &&
    (typeof props.stakeMin === 'number' || typeof props.stakeMax === 'number') &&
    props.stakeMin !== props.stakeMax
  );
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
      label:
        e.family === 'ownership'
          ? stakeLabel(e.properties) || 'stake ?'
          : e.family === 'control'
            ? [stakeLabel(e.properties), interestLabel(e.properties.interestType)]
                .filter(Boolean)
                .join(' ')
            : '',
      ranged: isRange(e.properties) ? true : undefined,
      indirect: e.properties.directOrIndirect === 'indirect' ? true : undefined,
      properties: e.properties,
    },
  };
}

/** A short word for a control interest on the canvas. */
function interestLabel(t: JsonValue | undefined): string {
  if (t === 'votingRights') return 'votes';
  if (t === 'appointmentOfBoard') return 'board';
  return typeof t === 'string' ? 'control' : '';
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
