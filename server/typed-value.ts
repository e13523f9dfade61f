/**
 * The shapes of Neo4j's typed JSON (server/typed-json.ts writes and reads them); no imports, so
 * the client imports these types too.
 */
export type TypeName =
  | 'Null'
  | 'Boolean'
  | 'Integer'
  | 'Float'
  | 'String'
  | 'ByteArray'
  | 'Base64'
  | 'List'
  | 'Map'
  | 'Date'
  | 'Time'
  | 'LocalTime'
  | 'DateTime'
  | 'OffsetDateTime'
  | 'ZonedDateTime'
  | 'LocalDateTime'
  | 'Duration'
  | 'Point'
  | 'Node'
  | 'Relationship'
  | 'Path';

export interface TypedValue {
  $type: TypeName;
  _value: TypedPayload;
}

export type TypedPayload =
  | null
  | boolean
  | string
  | TypedValue[]
  | { [key: string]: TypedValue }
  | TypedNode
  | TypedRelationship;

export interface TypedNode {
  _element_id: string;
  _labels: string[];
  _properties: Record<string, TypedValue>;
}

export interface TypedRelationship {
  _element_id: string;
  _start_node_element_id: string;
  _end_node_element_id: string;
  _type: string;
  _properties: Record<string, TypedValue>;
}
