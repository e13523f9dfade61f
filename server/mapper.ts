import neo4j, {
  isInt,
  isNode,
  isPath,
  isPoint,
  isRelationship,
  type Node,
  type Path,
  type Relationship,
} from 'neo4j-driver';
import { familyOf } from './families';
import { timeText } from './value-text';
import type { GraphEdge, GraphNode, GraphPayload, JsonValue } from './model/payloads';
export type { GraphEdge, GraphNode, GraphPayload, JsonValue };

/**
 * Converts one driver value to plain JSON: integers exact (strings beyond 2^53), floats as JSON
 * numbers (NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity"), temporals and
 * durations in Neo4j's text, points as maps, byte arrays as base64. Typed JSON
 * (server/typed-json.ts) keeps what this loses (2.0 vs 2, float vs string).
 */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (isInt(value)) {
    return neo4j.integer.inSafeRange(value) ? value.toNumber() : value.toString();
  }
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  // Neo4j's own text (P30Y8M, 12:31:00Z), not the driver's (P30Y8MT, fractions padded to 9).
  const text = timeText(value);
  if (text !== null) return text;
  if (isPoint(value)) {
    const point: Record<string, JsonValue> = {
      srid: toJson(value.srid),
      x: value.x,
      y: value.y,
    };
    if (value.z !== undefined) point.z = value.z;
    return point;
  }
  if (isNode(value)) return nodeToJson(value) as unknown as JsonValue;
  if (isRelationship(value)) return relationshipToJson(value, new Map()) as unknown as JsonValue;
  if (isPath(value)) return pathToJson(value) as unknown as JsonValue;
  if (Array.isArray(value)) return value.map(toJson);
  // The driver gives byte arrays as Int8Array (not a Uint8Array: without this, a map of indices).
  if (value instanceof Int8Array || value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  }
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJson(v);
    return out;
  }
  return String(value);
}

export function propertiesToJson(props: Record<string, unknown>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(props)) out[k] = toJson(v);
  return out;
}

/** A node's public id is its slug; nodes without one (console-made) fall back to the element id. */
export function nodeId(node: Node): string {
  const slug = node.properties.id;
  return typeof slug === 'string' ? slug : `element:${node.elementId}`;
}

export function nodeToJson(node: Node): GraphNode {
  return {
    id: nodeId(node),
    labels: [...node.labels],
    properties: propertiesToJson(node.properties),
  };
}

/** `slugs` maps element ids to slugs for endpoints whose node objects were seen. */
export function relationshipToJson(rel: Relationship, slugs: Map<string, string>): GraphEdge {
  const slug = rel.properties.id;
  return {
    id: typeof slug === 'string' ? slug : `element:${rel.elementId}`,
    type: rel.type,
    family: familyOf(rel.type) ?? null,
    source: slugs.get(rel.startNodeElementId) ?? `element:${rel.startNodeElementId}`,
    target: slugs.get(rel.endNodeElementId) ?? `element:${rel.endNodeElementId}`,
    properties: propertiesToJson(rel.properties),
  };
}

function pathToJson(path: Path): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const collector = new GraphCollector();
  collector.add(path);
  return collector.payload();
}

/** Gathers every node, relationship and path found anywhere in values into one graph, deduplicated. */
export class GraphCollector {
  private readonly nodes = new Map<string, Node>();
  private readonly rels = new Map<string, Relationship>();

  add(value: unknown): void {
    if (value === null || value === undefined) return;
    if (isNode(value)) {
      this.nodes.set(value.elementId, value);
    } else if (isRelationship(value)) {
      this.rels.set(value.elementId, value);
    } else if (isPath(value)) {
      this.add(value.start);
      for (const seg of value.segments) {
        this.add(seg.relationship);
        this.add(seg.end);
      }
    } else if (Array.isArray(value)) {
      value.forEach((v) => this.add(v));
    } else if (typeof value === 'object' && !isInt(value) && !isPoint(value)) {
      Object.values(value as Record<string, unknown>).forEach((v) => this.add(v));
    }
  }

  /** Element ids of relationship endpoints whose nodes were not returned. */
  missingEndpoints(): string[] {
    const missing = new Set<string>();
    for (const rel of this.rels.values()) {
      if (!this.nodes.has(rel.startNodeElementId)) missing.add(rel.startNodeElementId);
      if (!this.nodes.has(rel.endNodeElementId)) missing.add(rel.endNodeElementId);
    }
    return [...missing];
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  payload(): GraphPayload {
    const slugs = new Map<string, string>();
    for (const [elementId, node] of this.nodes) slugs.set(elementId, nodeId(node));
    return {
      nodes: [...this.nodes.values()].map(nodeToJson),
      edges: [...this.rels.values()].map((r) => relationshipToJson(r, slugs)),
    };
  }
}
