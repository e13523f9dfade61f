/**
 * The JSON payloads the API answers with, defined once: the server builds them, the client
 * imports them type-only (client/src/api.ts). Ownership and beneficial-owner payloads live with
 * their services.
 */
import type { Family } from './families';

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface GraphNode {
  id: string;
  labels: string[];
  properties: Record<string, JsonValue>;
}

export interface GraphEdge {
  id: string;
  type: string;
  family: Family | null;
  source: string;
  target: string;
  properties: Record<string, JsonValue>;
}

export interface GraphPayload {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphView extends GraphPayload {
  truncated: boolean;
  totalNodes: number;
}

export interface SearchResult {
  id: string;
  labels: string[];
  name: string;
  aliases: string[];
  score: number;
  /** `note`: found by the text of a note on it (or on one of its relationships), not its names. */
  matchedBy?: 'name' | 'note';
  note?: { id: string; text: string; target: string; targetType: string };
}

export interface SearchAnswer {
  query: string;
  /** `all`: every word matched; `any`: nothing matched every word, so any word was enough. */
  match: 'all' | 'any' | 'none';
  results: SearchResult[];
}

export interface TypeCount {
  type: string;
  family: Family | null;
  in: number;
  out: number;
  total: number;
}

export interface FamilyCount {
  family: Family | 'other';
  in: number;
  out: number;
  total: number;
}

export interface SourceMention {
  id: string;
  /** Null when a relationship names a source id that has no node. */
  name: string | null;
  labels: string[];
  properties: Record<string, JsonValue>;
  /** `provenance`: named as `source` of its relationships; `reports`: a REPORTS edge points at it. */
  via: Array<'provenance' | 'reports'>;
  /** How many of its relationships cite this source. */
  relationships: number;
}

export interface EntityDetails {
  entity: GraphNode;
  relationships: {
    total: number;
    in: number;
    out: number;
    byType: TypeCount[];
    byFamily: FamilyCount[];
  };
  sources: SourceMention[];
}

export type Direction = 'out' | 'in' | 'both';

export interface NeighborNode extends GraphNode {
  /** Hops from the center (0 for the center itself). */
  distance: number;
  /** All relationships of the entity, any family, any time. */
  degree: number;
}

export interface NeighborsView {
  center: string;
  nodes: NeighborNode[];
  edges: GraphEdge[];
  /** True when neighbours were left out to stay under `limit`. */
  truncated: boolean;
  /** How many neighbours were left out. */
  omitted: number;
  /** Neighbours found (center excluded), kept or not. */
  total: number;
  /** False when the expansion itself stopped early (a huge hub): `omitted` is then a lower bound. */
  exhaustive: boolean;
  /** Which neighbours are kept when there are too many. */
  order: 'distance, degree desc, id';
  depth: number;
  direction: Direction;
  families: Family[] | null;
  at: string | null;
}

export interface PathPayload extends GraphPayload {
  /** Nodes in path order from `from` to `to`; edges in path order (each keeps its own direction). */
  nodes: GraphNode[];
  edges: GraphEdge[];
  length: number;
}

export interface PathsView {
  from: string;
  to: string;
  /** Hops of the shortest paths; null when none within maxHops. */
  length: number | null;
  paths: PathPayload[];
  /** Every path merged into one graph, deduplicated. */
  graph: GraphPayload;
  /** More shortest paths exist than `limit`. */
  truncated: boolean;
  maxHops: number;
  families: Family[] | null;
  at: string | null;
}

export interface SchemaView {
  labels: Array<{ label: string; count: number }>;
  relationshipTypes: Array<{ type: string; family: Family | null; count: number }>;
  propertyKeys: string[];
  families: Array<{ family: Family; types: string[] }>;
  kinds: string[];
  counts: {
    nodes: number;
    relationships: number;
    labels: number;
    relationshipTypes: number;
    propertyKeys: number;
  };
}
