import type { EntityKind, RelationshipType } from '../server/families';

/** A property value the seed may carry: Neo4j stores each as is (dates as ISO strings become Date). */
export type SeedValue = string | number | boolean | string[];

export interface SeedEntity {
  /** Stable slug, `<prefix>:<kebab-name>`, prefix from ID_PREFIX of the kind. */
  id: string;
  kind: EntityKind;
  name: string;
  aliases?: string[];
  /** One or two sentences, in our own words. */
  description: string;
  /** Extra facts: e.g. `headquarters`, `country`, `date` (YYYY-MM-DD, for events), `employeesLaidOff`. */
  facts?: Record<string, SeedValue>;
}

export interface SeedRelationship {
  type: RelationshipType;
  from: string;
  to: string;
  /** Ownership share in 0..1; omitted when unknown (never guessed as 0 or 1). */
  stake?: number;
  amountUsd?: number;
  /** YYYY-MM-DD; inclusive start of validity. */
  since?: string;
  /** YYYY-MM-DD; exclusive end of validity. */
  until?: string;
  /** Precision of since/until when the source only gives a month or year. */
  datePrecision?: 'day' | 'month' | 'year';
  /** Free role text for leadership/event edges: "chief executive", "spokesperson". */
  role?: string;
  /** Id of the Source entity this relationship comes from. */
  source: string;
  /** Why we believe it, in our own words. */
  evidence: string;
  /** 0..1: 1 = stated outright, lower = implied or inferred. */
  confidence: number;
}

export interface SeedGraph {
  entities: SeedEntity[];
  relationships: SeedRelationship[];
}
