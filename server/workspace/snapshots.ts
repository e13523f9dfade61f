import { encodeProps, decodeProps, type EncodedProps } from '../ops/property-codec';
import { propertiesToJson, type JsonValue } from '../mapper';
import type { ChangeSnapshot } from '../model/changes';
import { versionOf } from './versions';

/**
 * Snapshots of elements as the change log keeps them: readable JSON for people and the UI
 * (`properties`), and the same values with their Neo4j types (`typed`, the backup codec) so a
 * revert writes back exactly what was there (a Date stays a Date, an Integer an Integer).
 */
export interface EntitySnapshot {
  id: string;
  labels: string[];
  version: number;
  properties: Record<string, JsonValue>;
  typed: EncodedProps;
}

export interface RelationshipSnapshot {
  id: string;
  type: string;
  from: string;
  to: string;
  version: number;
  properties: Record<string, JsonValue>;
  typed: EncodedProps;
}

/** What one change touched, before or after: the shape of `Change.before` / `Change.after`. */
export interface ElementsSnapshot extends ChangeSnapshot {
  entity?: EntitySnapshot;
  relationship?: RelationshipSnapshot;
  /** Relationships touched beside the entity (retracted with it, or moved by a merge). */
  relationships?: RelationshipSnapshot[];
  /** A Source entity the write created from `{"title","url","date"}`. */
  source?: EntitySnapshot;
}

export function entitySnapshot(labels: string[], props: Record<string, unknown>): EntitySnapshot {
  return {
    id: String(props.id),
    labels: [...labels].sort(),
    version: versionOf(props.version),
    properties: propertiesToJson(props),
    typed: encodeProps(props),
  };
}

export function relationshipSnapshot(
  type: string,
  from: string,
  to: string,
  props: Record<string, unknown>,
): RelationshipSnapshot {
  return {
    id: String(props.id),
    type,
    from,
    to,
    version: versionOf(props.version),
    properties: propertiesToJson(props),
    typed: encodeProps(props),
  };
}

/** The driver values a snapshot stood for, ready to be written back with `SET x = $props`. */
export function typedProperties(snapshot: { typed: EncodedProps }): Record<string, unknown> {
  return decodeProps(snapshot.typed);
}
