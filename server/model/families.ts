/** The relationship families and the relationship types each one holds. */
export const FAMILIES = ['ownership', 'control', 'client', 'leadership', 'event'] as const;
export type Family = (typeof FAMILIES)[number];

export const RELATIONSHIP_TYPES = {
  // owner -> asset; `stake` in 0..1 (absent = unknown), `amountUsd` when a price is known
  OWNS: 'ownership',
  // controller -> controlled: voting rights, the right to appoint the board, other influence;
  // `interestType` says which, `stakeMin`/`stakeMax` the share of votes where one is given
  CONTROLS: 'control',
  // client -> supplier: who buys from whom
  CLIENT_OF: 'client',
  // supplier -> project: the supplier's work delivered for that project
  WORKS_ON: 'client',
  // person -> organization, with since/until
  CEO_OF: 'leadership',
  // person -> organization or unit
  LEADS: 'leadership',
  FOUNDED: 'leadership',
  SPOKESPERSON_FOR: 'leadership',
  // organization -> project it builds
  DEVELOPS: 'leadership',
  // person or entity -> organization: board member/chair, senior managing official, director,
  // employee, member, representative (imports); `role` says which, `interestType` the BODS code
  OFFICER_OF: 'leadership',
  // party -> trust or nomination arrangement: settlor, trustee, protector, nominee, nominator;
  // `role` and `interestType` say which (BODS trust and nomination interests)
  ROLE_IN: 'control',
  // beneficiary -> subject: beneficiary of a trust, rights to profit, surplus or use of assets
  // (BODS economic interests other than shares); `interestType` says which
  BENEFITS_FROM: 'ownership',
  // party -> subject: an interest the source leaves unknown or unpublished (BODS unknownInterest,
  // unpublishedInterest, or no type), kept so the link is never lost
  HAS_INTEREST: 'ownership',
  // person <-> person: family ties, associates, links of unknown nature (FtM Family, Associate,
  // UnknownLink); `role` holds the relationship as the source words it
  ASSOCIATED_WITH: 'leadership',
  // payer -> beneficiary of a payment (FtM Payment), `amount`/`currency` as given
  PAID: 'client',
  // actor -> event it carried out or decided
  INITIATED: 'event',
  // entity -> event it took part in (hired person, target of an investment)
  PARTICIPATED_IN: 'event',
  // entity -> event it suffered (laid-off staff, exposed documents)
  AFFECTED_BY: 'event',
  // source -> event it reports
  REPORTS: 'event',
} as const satisfies Record<string, Family>;

export type RelationshipType = keyof typeof RELATIONSHIP_TYPES;

export const ENTITY_KINDS = [
  'Organization',
  'Person',
  'Government',
  'Project',
  'Event',
  'Source',
  // a trust or other legal arrangement (BODS entityType arrangement)
  'Arrangement',
  // an owner the source leaves unknown or undisclosed, kept with its reason
  'Unknown',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Slug prefix for each kind: `org:scale-ai`, `person:alexandr-wang`. */
export const ID_PREFIX: Record<EntityKind, string> = {
  Organization: 'org',
  Person: 'person',
  Government: 'gov',
  Project: 'project',
  Event: 'event',
  Source: 'source',
  Arrangement: 'arrangement',
  Unknown: 'unknown',
};

export function familyOf(type: string): Family | undefined {
  return (RELATIONSHIP_TYPES as Record<string, Family>)[type];
}

export function typesOf(families: readonly Family[]): RelationshipType[] {
  return (Object.keys(RELATIONSHIP_TYPES) as RelationshipType[]).filter((t) =>
    families.includes(RELATIONSHIP_TYPES[t]),
  );
}
