import type { EntityKind, RelationshipType } from './families';

/**
 * The canonical records every source reads into (the seed, our JSON lines, BODS, FtM, CSV) and
 * the one loader (server/ingest/loader.ts) writes. Property names are shared with the ownership
 * views (brief: MODEL-CONTRACT.md).
 */

/** A property value Neo4j stores as is (dates as ISO strings become Date where the model says). */
export type PropertyValue = string | number | boolean | string[];

export interface EntityRecord {
  /** Stable slug: `<kind prefix>:<kebab-name>` (seed) or `bods:<recordId>`, `ftm:<id>`, `csv:…`. */
  id: string;
  kind: EntityKind;
  name: string;
  /** Other names, any script; searchable with the name. */
  aliases?: string[];
  /** One or two sentences, in our own words (imports: what the source says the record is). */
  description: string;
  /** `scheme:id` strings (e.g. `GB-COH:03209885`); searchable. */
  identifiers?: string[];
  /** Dataset that asserts this entity; the node keeps the list of every asserting dataset. */
  dataset?: string;
  /** Extra facts: e.g. `headquarters`, `country`, `date` (YYYY-MM-DD, for events). */
  facts?: Record<string, PropertyValue>;
}

/** Direction of a declared interest, as BODS words it; absent = direct. */
export type DirectOrIndirect = 'direct' | 'indirect' | 'unknown';

export interface RelationshipRecord {
  /** Names one claim (one BODS interest version, one FtM interval, one CSV row); never parsed. */
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  /** Exact share in 0..1; omitted when the source gives a range or nothing (never guessed). */
  stake?: number;
  /** Bounds of the share in 0..1 (exact: min = max = stake); the loader fills them on OWNS/CONTROLS. */
  stakeMin?: number;
  stakeMax?: number;
  stakeMinExclusive?: boolean;
  stakeMaxExclusive?: boolean;
  /** BODS interest codelist value where known (shareholding, votingRights, boardMember, …). */
  interestType?: string;
  directOrIndirect?: DirectOrIndirect;
  /** Relationship ids that a declared indirect interest summarises (BODS componentRecords). */
  components?: string[];
  beneficialOwnershipOrControl?: boolean;
  amountUsd?: number;
  /** An amount in another currency, as given (FtM Payment). */
  amount?: number;
  currency?: string;
  /** YYYY-MM-DD; inclusive start of validity. */
  since?: string;
  /** YYYY-MM-DD; exclusive end of validity. */
  until?: string;
  /** Precision of since/until when the source only gives a month or year. */
  datePrecision?: 'day' | 'month' | 'year';
  /** Free role text: "chief executive", "trustee", "director". */
  role?: string;
  /** Id of the Source entity this relationship comes from. */
  source: string;
  /** Why we believe it, in our own words (imports: what the source record says). */
  evidence: string;
  /** 0..1: 1 = stated outright, lower = implied or inferred. */
  confidence: number;
  /** Dataset id (imports). */
  dataset?: string;
  /** The source's own record: BODS statement id, FtM entity id, CSV line. */
  sourceRecord?: string;
  /** Groups the versions of one source record (BODS recordId); readers filter by validity. */
  record?: string;
  /** Who published the source record and how it was obtained (BODS publisher, source type). */
  publisher?: string;
  sourceType?: string;
}

/** A relationship as typed by hand or generated: its claim id defaults to `TYPE:from->to`. */
export type RelationshipInput = Omit<RelationshipRecord, 'id'> & { id?: string };

export interface GraphRecords {
  entities: EntityRecord[];
  relationships: RelationshipRecord[];
}

/** The seed's and the JSON lines' id for a relationship that does not name its own claim. */
export function pairClaimId(rel: Pick<RelationshipRecord, 'type' | 'from' | 'to'>): string {
  return `${rel.type}:${rel.from}->${rel.to}`;
}

/** Relationship types whose records always carry share bounds (stakeMin/stakeMax). */
export const STAKE_TYPES: ReadonlySet<RelationshipType> = new Set(['OWNS', 'CONTROLS']);
