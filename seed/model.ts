import type { EntityRecord, GraphRecords, RelationshipInput } from '../server/model/records';

/** The seed writes the canonical records of server/model/records.ts; these names stay for its files. */
export type { PropertyValue as SeedValue } from '../server/model/records';
export type SeedEntity = EntityRecord;
export type SeedRelationship = RelationshipInput;
export type SeedGraph = GraphRecords;
