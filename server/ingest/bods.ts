import type { EntityKind, RelationshipType } from '../model/families';
import type { EntityRecord, PropertyValue, RelationshipRecord } from '../model/records';
import {
  distinct,
  emptyResult,
  isObject,
  normalDate,
  str,
  type InputValue,
  type ReadContext,
  type ReadResult,
} from './common';

/**
 * Beneficial Ownership Data Standard 0.4 (0.3 where the fields agree) → canonical records.
 *
 * Entities: `bods:<recordId>`, the latest statement of the record gives the properties.
 * Relationships: one per interest of each statement (a version of the record), id
 * `bods:<statementId>/<interest index>`, `record` = `bods:<recordId>`.
 *
 * When a version starts (documented in docs/import.md): the statements about one subject with
 * one statementDate form one declaration; it takes effect at the earliest interest startDate it
 * declares after the record's previous version began (capped at the statementDate), else at its
 * statementDate. A record's first version starts at its earliest interest startDate (else the
 * statementDate). Each version ends where the next begins; a `closed` statement ends the record.
 * So the tecido example's closing of Maria Esteves' 30% (declared 2023-03-03) and Shear Trust's
 * rise to 80% (from 2023-03-01) take effect together and the shares never add up above 100%.
 */

const INTEREST_TYPES: Record<string, RelationshipType> = {
  shareholding: 'OWNS',
  votingRights: 'CONTROLS',
  appointmentOfBoard: 'CONTROLS',
  otherInfluenceOrControl: 'CONTROLS',
  rightsGrantedByContract: 'CONTROLS',
  conditionalRightsGrantedByContract: 'CONTROLS',
  controlViaCompanyRulesOrArticles: 'CONTROLS',
  controlByLegalFramework: 'CONTROLS',
  seniorManagingOfficial: 'OFFICER_OF',
  boardMember: 'OFFICER_OF',
  boardChair: 'OFFICER_OF',
  settlor: 'ROLE_IN',
  trustee: 'ROLE_IN',
  protector: 'ROLE_IN',
  nominee: 'ROLE_IN',
  nominator: 'ROLE_IN',
  beneficiaryOfLegalArrangement: 'BENEFITS_FROM',
  rightsToSurplusAssetsOnDissolution: 'BENEFITS_FROM',
  rightsToProfitOrIncome: 'BENEFITS_FROM',
  enjoymentAndUseOfAssets: 'BENEFITS_FROM',
  rightToProfitOrIncomeFromAssets: 'BENEFITS_FROM',
  unknownInterest: 'HAS_INTEREST',
  unpublishedInterest: 'HAS_INTEREST',
};

/** True for a BODS interest type that is control (votingRights, appointmentOfBoard, …). */
export function isControlInterest(interestType: string): boolean {
  return INTEREST_TYPES[interestType] === 'CONTROLS';
}

/** BODS interest type → our relationship type (unknown or missing types are kept as HAS_INTEREST). */
export function relationshipTypeOf(interestType: string | undefined): RelationshipType {
  return (interestType && INTEREST_TYPES[interestType]) || 'HAS_INTEREST';
}

const ENTITY_TYPES: Record<string, EntityKind> = {
  registeredEntity: 'Organization',
  legalEntity: 'Organization',
  arrangement: 'Arrangement',
  anonymousEntity: 'Unknown',
  unknownEntity: 'Unknown',
  state: 'Government',
  stateBody: 'Government',
};

interface Statement {
  line: number;
  statementId: string;
  recordId: string;
  recordType: 'person' | 'entity' | 'relationship';
  status: 'new' | 'updated' | 'closed';
  /** YYYY-MM-DD. */
  date: string;
  details: Record<string, unknown>;
  publisher?: string;
  sourceType?: string;
  sourceDescription?: string;
}

export const bodsEntityId = (recordId: string) => `bods:${recordId}`;

function checkStatement(
  { line, value }: InputValue,
  seen: Set<string>,
  out: ReadResult,
): Statement | null {
  const reject = (record: string | null, code: string, message: string) => {
    out.rejected.push({ record, line, code, message });
    return null;
  };
  if (!isObject(value)) return reject(null, 'BODS_NOT_OBJECT', 'statement is not a JSON object');
  const statementId = str(value.statementId);
  if (!statementId) return reject(null, 'BODS_NO_STATEMENT_ID', 'statement has no statementId');
  if (seen.has(statementId)) {
    return reject(statementId, 'BODS_DUPLICATE_STATEMENT', `statementId ${statementId} repeats`);
  }
  seen.add(statementId);
  const recordId = str(value.recordId);
  if (!recordId) return reject(statementId, 'BODS_NO_RECORD_ID', 'statement has no recordId');
  const recordType = value.recordType;
  if (recordType !== 'person' && recordType !== 'entity' && recordType !== 'relationship') {
    return reject(
      statementId,
      'BODS_RECORD_TYPE',
      `recordType ${JSON.stringify(recordType)} is not person, entity or relationship`,
    );
  }
  const status = value.recordStatus ?? 'new';
  if (status !== 'new' && status !== 'updated' && status !== 'closed') {
    return reject(statementId, 'BODS_RECORD_STATUS', `recordStatus ${JSON.stringify(status)}`);
  }
  const date = normalDate(value.statementDate);
  if (!date) {
    return reject(statementId, 'BODS_STATEMENT_DATE', 'statementDate is missing or not a date');
  }
  if (!isObject(value.recordDetails)) {
    return reject(statementId, 'BODS_NO_DETAILS', 'recordDetails is missing or not an object');
  }
  const pub = isObject(value.publicationDetails) ? value.publicationDetails : {};
  const publisher = isObject(pub.publisher) ? str(pub.publisher.name) : undefined;
  const src = isObject(value.source) ? value.source : {};
  const types = Array.isArray(src.type) ? src.type.filter((t) => typeof t === 'string') : [];
  return {
    line,
    statementId,
    recordId,
    recordType,
    status,
    date: date.date,
    details: value.recordDetails,
    publisher,
    sourceType: types.length ? types.join(',') : undefined,
    sourceDescription: str(src.description),
  };
}

function identifiersOf(d: Record<string, unknown>): string[] {
  const ids = Array.isArray(d.identifiers) ? d.identifiers.filter(isObject) : [];
  return distinct(
    ids.map((i) => {
      const id = str(i.id) ?? str(i.uri);
      const scheme = str(i.scheme) ?? str(i.schemeName);
      return id ? (scheme ? `${scheme}:${id}` : id) : undefined;
    }),
  );
}

function addressesOf(d: Record<string, unknown>): string[] {
  const as = Array.isArray(d.addresses) ? d.addresses.filter(isObject) : [];
  return distinct(
    as.map((a) =>
      [str(a.address), str(a.postCode), isObject(a.country) ? str(a.country.name) : undefined]
        .filter(Boolean)
        .join(', '),
    ),
  );
}

function placeOf(j: unknown): string | undefined {
  if (!isObject(j)) return undefined;
  const name = str(j.name);
  const code = str(j.code);
  return name && code ? `${name} (${code})` : (name ?? code);
}

function setFact(facts: Record<string, PropertyValue>, k: string, v: PropertyValue | undefined) {
  if (v === undefined || (Array.isArray(v) && v.length === 0)) return;
  facts[k] = v;
}

function entityOf(s: Statement, ctx: ReadContext): EntityRecord {
  const d = s.details;
  const facts: Record<string, PropertyValue> = {};
  let kind: EntityKind;
  let name: string;
  let aliases: string[] = [];
  let what: string;
  if (s.recordType === 'person') {
    const personType = str(d.personType) ?? 'knownPerson';
    kind = personType === 'knownPerson' ? 'Person' : 'Unknown';
    const names = Array.isArray(d.names) ? d.names.filter(isObject) : [];
    const full = names.map(
      (n) =>
        str(n.fullName) ??
        ([str(n.givenName), str(n.familyName)].filter(Boolean).join(' ') || undefined),
    );
    const legal = names.findIndex((n) => n.type === 'legal');
    const all = distinct(legal > 0 ? [full[legal], ...full] : full);
    name = all[0] ?? (kind === 'Unknown' ? 'Unspecified person' : 'Unnamed person');
    aliases = all.slice(1);
    setFact(facts, 'personType', personType);
    setFact(facts, 'birthDate', str(d.birthDate));
    setFact(facts, 'deathDate', str(d.deathDate));
    const nats = Array.isArray(d.nationalities) ? d.nationalities.filter(isObject) : [];
    setFact(facts, 'nationalities', distinct(nats.map((n) => str(n.code) ?? str(n.name))));
    const tax = Array.isArray(d.taxResidencies) ? d.taxResidencies.filter(isObject) : [];
    setFact(facts, 'taxResidencies', distinct(tax.map((n) => str(n.code) ?? str(n.name))));
    const pep = isObject(d.politicalExposure) ? d.politicalExposure : undefined;
    if (pep) {
      setFact(facts, 'pepStatus', str(pep.status));
      const det = Array.isArray(pep.details) ? pep.details.filter(isObject) : [];
      setFact(
        facts,
        'pepDetails',
        distinct(
          det.map((x) =>
            [str(x.reason), placeOf(x.jurisdiction), str(x.startDate) && `from ${str(x.startDate)}`]
              .filter(Boolean)
              .join(', '),
          ),
        ),
      );
    }
    const unspecified = isObject(d.unspecifiedPersonDetails) ? d.unspecifiedPersonDetails : {};
    setFact(facts, 'unspecifiedReason', str(unspecified.reason));
    setFact(facts, 'unspecifiedDescription', str(unspecified.description));
    what =
      kind === 'Unknown' ? `A person the source does not identify (${personType})` : 'A person';
  } else {
    const et = isObject(d.entityType) ? d.entityType : {};
    const type = str(et.type) ?? 'registeredEntity';
    kind = ENTITY_TYPES[type] ?? 'Organization';
    name = str(d.name) ?? (kind === 'Unknown' ? 'Unspecified entity' : 'Unnamed entity');
    aliases = distinct(Array.isArray(d.alternateNames) ? d.alternateNames.map(str) : []);
    setFact(facts, 'entityType', type);
    setFact(facts, 'entitySubtype', str(et.subtype));
    setFact(facts, 'entityTypeDetails', str(et.details));
    setFact(facts, 'jurisdiction', placeOf(d.jurisdiction));
    setFact(facts, 'foundingDate', str(d.foundingDate));
    setFact(facts, 'dissolutionDate', str(d.dissolutionDate));
    setFact(facts, 'uri', str(d.uri));
    const unspecified = isObject(d.unspecifiedEntityDetails) ? d.unspecifiedEntityDetails : {};
    setFact(facts, 'unspecifiedReason', str(unspecified.reason));
    setFact(facts, 'unspecifiedDescription', str(unspecified.description));
    what = `A ${type}${str(et.subtype) ? ` (${str(et.subtype)})` : ''}`;
  }
  setFact(facts, 'addresses', addressesOf(d));
  setFact(facts, 'isComponent', typeof d.isComponent === 'boolean' ? d.isComponent : undefined);
  setFact(facts, 'recordStatus', s.status);
  setFact(facts, 'statementDate', s.date);
  setFact(facts, 'sourceRecord', s.statementId);
  if (s.status === 'closed') setFact(facts, 'closedOn', s.date);
  setFact(facts, 'publisher', s.publisher);
  setFact(facts, 'sourceType', s.sourceType);
  const jurisdiction = typeof facts.jurisdiction === 'string' ? ` in ${facts.jurisdiction}` : '';
  const by = s.publisher ? `, as declared to ${s.publisher}` : '';
  return {
    id: bodsEntityId(s.recordId),
    kind,
    name,
    aliases,
    description: `${what}${jurisdiction}${by} (BODS ${s.recordType} record ${s.recordId}).`,
    identifiers: identifiersOf(d),
    dataset: ctx.dataset,
    facts,
  };
}

interface Share {
  stake?: number;
  stakeMin?: number;
  stakeMax?: number;
  stakeMinExclusive?: boolean;
  stakeMaxExclusive?: boolean;
}

const pct = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100 ? v / 100 : undefined;

/** BODS share (percent: exact, minimum/maximum or their exclusive forms) → 0..1 bounds. */
export function shareOf(share: unknown): Share {
  if (!isObject(share)) return {};
  const exact = pct(share.exact);
  if (exact !== undefined) return { stake: exact, stakeMin: exact, stakeMax: exact };
  const out: Share = {};
  const min = pct(share.minimum) ?? pct(share.exclusiveMinimum);
  const max = pct(share.maximum) ?? pct(share.exclusiveMaximum);
  if (min !== undefined) {
    out.stakeMin = min;
    out.stakeMinExclusive = pct(share.minimum) === undefined;
  }
  if (max !== undefined) {
    out.stakeMax = max;
    out.stakeMaxExclusive = pct(share.maximum) === undefined;
  }
  return out;
}

function describeShare(s: Share): string {
  const p = (x: number) => `${Math.round(x * 10000) / 100}%`;
  if (s.stake !== undefined) return ` ${p(s.stake)}`;
  const parts: string[] = [];
  if (s.stakeMin !== undefined)
    parts.push(`${s.stakeMinExclusive ? 'more than' : 'at least'} ${p(s.stakeMin)}`);
  if (s.stakeMax !== undefined)
    parts.push(`${s.stakeMaxExclusive ? 'less than' : 'at most'} ${p(s.stakeMax)}`);
  return parts.length ? ` ${parts.join(' and ')}` : '';
}

const minDate = (xs: string[]) => (xs.length ? xs.reduce((a, b) => (b < a ? b : a)) : undefined);

function interestsOf(s: Statement): Array<Record<string, unknown>> {
  const xs = Array.isArray(s.details.interests) ? s.details.interests.filter(isObject) : [];
  // A relationship with no interests still says the two are linked: kept as an unknown interest.
  return xs.length ? xs : [{}];
}

function startDates(s: Statement): string[] {
  return interestsOf(s)
    .map((i) => normalDate(i.startDate)?.date)
    .filter((x): x is string => x !== undefined);
}

/** The subject (or the unspecified subject's reason) a relationship statement is about. */
function subjectKey(s: Statement): string {
  const subject = s.details.subject;
  return typeof subject === 'string' ? subject : `unspecified:${s.recordId}`;
}

interface Version {
  statement: Statement;
  start: string;
  end?: string;
}

/** The versions of one relationship record, in time order, never overlapping (see above). */
function versionsOf(history: Statement[], declarations: Map<string, Statement[]>): Version[] {
  const out: Version[] = [];
  for (const s of history) {
    const prev = out[out.length - 1];
    let start: string;
    if (!prev) {
      start = minDate(startDates(s)) ?? s.date;
    } else {
      const peers = declarations.get(`${subjectKey(s)}|${s.date}`) ?? [s];
      const candidates = peers.flatMap(startDates).filter((d) => d > prev.start && d <= s.date);
      start = minDate(candidates) ?? (s.date > prev.start ? s.date : prev.start);
      prev.end = start;
    }
    if (out.length && out[out.length - 1].end === out[out.length - 1].start) out.pop();
    if (s.status === 'closed') break;
    out.push({ statement: s, start });
  }
  return out;
}

function unspecifiedParty(
  value: Record<string, unknown>,
  s: Statement,
  role: 'interestedParty' | 'subject',
  ctx: ReadContext,
): EntityRecord {
  const reason = str(value.reason) ?? 'unknown';
  const description = str(value.description);
  return {
    id: `bods:${s.recordId}/${role}`,
    kind: 'Unknown',
    name: role === 'subject' ? 'Unspecified subject' : `Unspecified owner (${reason})`,
    description: `The source does not name this ${role === 'subject' ? 'subject' : 'interested party'}: ${description ?? reason} (BODS relationship record ${s.recordId}).`,
    dataset: ctx.dataset,
    facts: {
      unspecifiedReason: reason,
      ...(description ? { unspecifiedDescription: description } : {}),
      sourceRecord: s.statementId,
    },
  };
}

/** Reads BODS statements (a JSON array's items or JSON lines) into canonical records. */
export function readBods(values: Iterable<InputValue>, ctx: ReadContext): ReadResult {
  const out = emptyResult();
  const seen = new Set<string>();
  const byRecord = new Map<string, Statement[]>();
  for (const v of values) {
    const s = checkStatement(v, seen, out);
    if (!s) continue;
    const h = byRecord.get(s.recordId) ?? [];
    if (h.length && h[0].recordType !== s.recordType) {
      out.rejected.push({
        record: s.statementId,
        line: s.line,
        code: 'BODS_RECORD_TYPE_CHANGED',
        message: `record ${s.recordId} is a ${h[0].recordType} in an earlier statement, a ${s.recordType} here`,
      });
      continue;
    }
    h.push(s);
    byRecord.set(s.recordId, h);
  }
  // Statement order within a record: by statementDate, file order breaking ties.
  for (const h of byRecord.values())
    h.sort((a, b) => a.date.localeCompare(b.date) || a.line - b.line);

  const declarations = new Map<string, Statement[]>();
  for (const h of byRecord.values()) {
    if (h[0].recordType !== 'relationship') continue;
    for (const s of h) {
      const key = `${subjectKey(s)}|${s.date}`;
      declarations.set(key, [...(declarations.get(key) ?? []), s]);
    }
  }

  const claimIds = new Map<string, string[]>();
  const pending: Array<{
    line: number;
    sourceRecord: string;
    record: RelationshipRecord;
    components: string[];
  }> = [];
  for (const [recordId, history] of byRecord) {
    const last = history[history.length - 1];
    if (last.recordType !== 'relationship') {
      out.entities.push({
        line: last.line,
        sourceRecord: last.statementId,
        record: entityOf(last, ctx),
      });
      continue;
    }
    const ids: string[] = [];
    for (const v of versionsOf(history, declarations)) {
      const s = v.statement;
      const d = s.details;
      const ends: Record<'subject' | 'interestedParty', string> = {
        subject: '',
        interestedParty: '',
      };
      for (const role of ['subject', 'interestedParty'] as const) {
        const x = d[role];
        if (typeof x === 'string' && x !== '') ends[role] = bodsEntityId(x);
        else if (isObject(x)) {
          const u = unspecifiedParty(x, s, role, ctx);
          if (!out.entities.some((e) => e.record.id === u.id)) {
            out.entities.push({ line: s.line, sourceRecord: s.statementId, record: u });
          }
          ends[role] = u.id;
        }
      }
      if (!ends.subject || !ends.interestedParty) {
        out.rejected.push({
          record: s.statementId,
          line: s.line,
          code: 'BODS_NO_PARTIES',
          message: 'relationship statement lacks a subject or an interested party',
        });
        continue;
      }
      interestsOf(s).forEach((interest, i) => {
        const interestType = str(interest.type);
        const type = relationshipTypeOf(interestType);
        const share = shareOf(interest.share);
        const iStart = normalDate(interest.startDate);
        const iEnd = normalDate(interest.endDate);
        const since = iStart && iStart.date > v.start ? iStart.date : v.start;
        let until = v.end;
        if (iEnd && (!until || iEnd.date < until)) until = iEnd.date;
        if (until !== undefined && since >= until) {
          out.warnings.push({
            record: s.statementId,
            line: s.line,
            code: 'BODS_EMPTY_INTEREST',
            message: `interest ${i} (${interestType ?? 'no type'}) is not valid at any date of this version (${since} to ${until}): not loaded`,
          });
          return;
        }
        const direction = str(interest.directOrIndirect);
        const id = `bods:${s.statementId}/${i}`;
        ids.push(id);
        const rel: RelationshipRecord = {
          id,
          type,
          from: ends.interestedParty,
          to: ends.subject,
          ...share,
          interestType,
          directOrIndirect:
            direction === 'direct' || direction === 'indirect' || direction === 'unknown'
              ? direction
              : undefined,
          beneficialOwnershipOrControl:
            typeof interest.beneficialOwnershipOrControl === 'boolean'
              ? interest.beneficialOwnershipOrControl
              : undefined,
          since,
          until,
          datePrecision: iStart && iStart.date > v.start ? iStart.precision : undefined,
          role:
            type === 'OFFICER_OF' || type === 'ROLE_IN'
              ? [interestType, str(interest.details)].filter(Boolean).join(': ')
              : str(interest.details),
          source: ctx.source,
          evidence: `BODS statement ${s.statementId} (${s.status}, ${s.date}): ${interestType ?? 'interest of unstated type'}${describeShare(share)}${s.publisher ? `, published by ${s.publisher}` : ''}.`,
          confidence: 1,
          dataset: ctx.dataset,
          sourceRecord: s.statementId,
          record: `bods:${recordId}`,
          publisher: s.publisher,
          sourceType: s.sourceType,
        };
        const components = Array.isArray(d.componentRecords)
          ? d.componentRecords.filter((c): c is string => typeof c === 'string')
          : [];
        pending.push({ line: s.line, sourceRecord: s.statementId, record: rel, components });
      });
    }
    claimIds.set(recordId, ids);
  }
  // componentRecords name BODS records; ours are the claims of the component relationships.
  for (const p of pending) {
    const comps = p.components.flatMap((c) => claimIds.get(c) ?? []);
    if (comps.length) p.record.components = comps;
    out.relationships.push({ line: p.line, sourceRecord: p.sourceRecord, record: p.record });
  }
  return out;
}

/** True when a parsed JSON value looks like BODS statements (for format detection). */
export function looksLikeBods(v: unknown): boolean {
  const first = Array.isArray(v) ? v[0] : v;
  return isObject(first) && 'statementId' in first && 'recordType' in first;
}
