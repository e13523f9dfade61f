import { createHash } from 'node:crypto';
import type { Db } from '../db/db';
import { ENTITY_KINDS, type EntityKind, type RelationshipType } from '../model/families';
import type {
  EntityRecord,
  GraphRecords,
  PropertyValue,
  RelationshipRecord,
} from '../model/records';
import { toJson, type JsonValue } from '../mapper';
import { distinct } from './common';
import { toGraphml } from './graphml';

/**
 * Export: a dataset or a set of entities, read back into canonical records, then written as our
 * JSON lines, BODS 0.4 statements, FtM entities or GraphML. JSON lines, BODS and FtM import back
 * (BODS: the ownership, control, officer and interest claims; FtM: every claim, control as an
 * Ownership of ownershipType "control", trust roles and the like as UnknownLink); GraphML
 * (server/ingest/graphml.ts) opens in Gephi or yEd and imports back to the same records.
 */

export const EXPORT_FORMATS = ['jsonl', 'bods', 'ftm', 'graphml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const ENTITY_KEYS = new Set(['id', 'name', 'aliases', 'description', 'identifiers', 'datasets']);
const REL_KEYS = new Set(['family']);

function plain(v: JsonValue): PropertyValue | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

export async function readGraph(
  db: Db,
  sel: { dataset?: string; ids?: string[] },
): Promise<GraphRecords> {
  const params = { dataset: sel.dataset ?? null, ids: sel.ids ?? null };
  const rels = await db.read('export-relationships', params);
  const relationships: RelationshipRecord[] = rels.records.map((x) => {
    const p = toJson(x.get('p')) as Record<string, JsonValue>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p)) if (!REL_KEYS.has(k)) out[k] = v;
    return {
      ...(out as unknown as RelationshipRecord),
      type: x.get('type') as RelationshipType,
      from: x.get('from') as string,
      to: x.get('to') as string,
    };
  });
  const ids = new Set(sel.ids ?? []);
  for (const r of relationships) ids.add(r.from).add(r.to);
  const ents = await db.read('export-entities', { dataset: params.dataset, ids: [...ids] });
  const entities: EntityRecord[] = ents.records.map((x) => {
    const p = toJson(x.get('p')) as Record<string, JsonValue>;
    const labels = x.get('labels') as string[];
    const kind = (ENTITY_KINDS.find((k) => labels.includes(k)) ?? 'Organization') as EntityKind;
    const facts: Record<string, PropertyValue> = {};
    for (const [k, v] of Object.entries(p)) {
      const value = plain(v);
      if (!ENTITY_KEYS.has(k) && value !== undefined) facts[k] = value;
    }
    return {
      id: p.id as string,
      kind,
      name: (p.name as string) ?? (p.id as string),
      aliases: (p.aliases as string[] | null) ?? [],
      description: (p.description as string | null) ?? '',
      identifiers: (p.identifiers as string[] | null) ?? undefined,
      facts,
    };
  });
  return { entities, relationships };
}

export function toJsonLines(g: GraphRecords): string {
  return [...g.entities, ...g.relationships].map((x) => JSON.stringify(x)).join('\n') + '\n';
}

const hash = (s: string, n = 64) => createHash('sha256').update(s).digest('hex').slice(0, n);
const strip = (id: string, prefix: string) =>
  id.startsWith(`${prefix}:`) ? id.slice(prefix.length + 1) : id;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

const DEFAULT_INTEREST: Partial<Record<RelationshipType, string>> = {
  OWNS: 'shareholding',
  CONTROLS: 'otherInfluenceOrControl',
  OFFICER_OF: 'seniorManagingOfficial',
  ROLE_IN: 'trustee',
  BENEFITS_FROM: 'rightsToProfitOrIncome',
  HAS_INTEREST: 'unknownInterest',
};

function bodsShare(r: RelationshipRecord): Record<string, number> | undefined {
  const pct = (x: number) => Math.round(x * 1e8) / 1e6;
  if (typeof r.stake === 'number') return { exact: pct(r.stake) };
  const s: Record<string, number> = {};
  if (
    typeof r.stakeMin === 'number' &&
    !(r.stakeMin === 0 && !r.stakeMinExclusive && r.stakeMax === 1)
  ) {
    s[r.stakeMinExclusive ? 'exclusiveMinimum' : 'minimum'] = pct(r.stakeMin);
  }
  if (
    typeof r.stakeMax === 'number' &&
    !(r.stakeMin === 0 && r.stakeMax === 1 && !r.stakeMaxExclusive)
  ) {
    s[r.stakeMaxExclusive ? 'exclusiveMaximum' : 'maximum'] = pct(r.stakeMax);
  }
  return Object.keys(s).length ? s : undefined;
}

function jurisdiction(v: unknown): Record<string, string> | undefined {
  const s = str(v);
  if (!s) return undefined;
  const m = /^(.*) \(([^()]+)\)$/.exec(s);
  return m ? { name: m[1], code: m[2] } : { name: s };
}

function bodsIdentifiers(ids: string[] | undefined) {
  return (ids ?? []).map((x) => {
    const i = x.indexOf(':');
    return i > 0 ? { scheme: x.slice(0, i), id: x.slice(i + 1) } : { id: x };
  });
}

/** BODS 0.4 statements: one statement per entity and one relationship record per claim. */
export function toBods(g: GraphRecords, today = new Date().toISOString().slice(0, 10)): unknown[] {
  const out: unknown[] = [];
  const recordOf = new Map<string, string>();
  const publication = (publisher?: string) => ({
    publicationDate: today,
    bodsVersion: '0.4',
    publisher: { name: publisher ?? 'Entity Graph Explorer' },
  });
  for (const e of g.entities) {
    const f = e.facts ?? {};
    const recordId = strip(e.id, 'bods');
    recordOf.set(e.id, recordId);
    const base = {
      statementId: hash(`entity:${e.id}`),
      statementDate: str(f.statementDate) ?? today,
      recordId,
      recordStatus: 'new',
      publicationDetails: publication(str(f.publisher)),
    };
    const unspecified =
      str(f.unspecifiedReason) !== undefined
        ? { reason: str(f.unspecifiedReason), description: str(f.unspecifiedDescription) }
        : undefined;
    const addresses = Array.isArray(f.addresses)
      ? f.addresses.map((a) => ({ address: a }))
      : undefined;
    if (e.kind === 'Person' || (e.kind === 'Unknown' && str(f.personType))) {
      out.push({
        ...base,
        recordType: 'person',
        recordDetails: {
          isComponent: f.isComponent === true,
          personType: e.kind === 'Person' ? 'knownPerson' : (str(f.personType) ?? 'unknownPerson'),
          names: [
            { type: 'legal', fullName: e.name },
            ...(e.aliases ?? []).map((a) => ({ type: 'alternative', fullName: a })),
          ],
          ...(unspecified ? { unspecifiedPersonDetails: unspecified } : {}),
          ...(str(f.birthDate) ? { birthDate: str(f.birthDate) } : {}),
          ...(Array.isArray(f.nationalities)
            ? { nationalities: f.nationalities.map((c) => ({ code: c })) }
            : {}),
          ...(addresses ? { addresses } : {}),
          identifiers: bodsIdentifiers(e.identifiers),
        },
      });
      continue;
    }
    if (!['Organization', 'Government', 'Arrangement', 'Unknown'].includes(e.kind)) continue;
    const type =
      str(f.entityType) ??
      {
        Organization: 'registeredEntity',
        Government: 'stateBody',
        Arrangement: 'arrangement',
        Unknown: 'unknownEntity',
      }[e.kind as 'Organization'];
    out.push({
      ...base,
      recordType: 'entity',
      recordDetails: {
        isComponent: f.isComponent === true,
        entityType: {
          type,
          ...(str(f.entitySubtype) ? { subtype: str(f.entitySubtype) } : {}),
          ...(str(f.entityTypeDetails) ? { details: str(f.entityTypeDetails) } : {}),
        },
        ...(e.kind === 'Unknown' ? {} : { name: e.name }),
        ...(e.aliases?.length ? { alternateNames: e.aliases } : {}),
        ...(unspecified ? { unspecifiedEntityDetails: unspecified } : {}),
        ...(jurisdiction(f.jurisdiction) ? { jurisdiction: jurisdiction(f.jurisdiction) } : {}),
        ...(str(f.foundingDate) ? { foundingDate: str(f.foundingDate) } : {}),
        ...(str(f.dissolutionDate) ? { dissolutionDate: str(f.dissolutionDate) } : {}),
        ...(addresses ? { addresses } : {}),
        identifiers: bodsIdentifiers(e.identifiers),
      },
    });
  }
  const claimRecord = (id: string) => `claim-${hash(id, 24)}`;
  for (const r of g.relationships) {
    const interestType = r.interestType ?? DEFAULT_INTEREST[r.type];
    if (!interestType || !recordOf.has(r.from) || !recordOf.has(r.to)) continue;
    const share = bodsShare(r);
    out.push({
      statementId: hash(`claim:${r.id}`),
      statementDate: r.since ?? '1900-01-01',
      recordId: claimRecord(r.id),
      recordType: 'relationship',
      recordStatus: 'new',
      publicationDetails: publication(r.publisher),
      ...(r.sourceType ? { source: { type: r.sourceType.split(',') } } : {}),
      recordDetails: {
        isComponent: false,
        subject: recordOf.get(r.to),
        interestedParty: recordOf.get(r.from),
        interests: [
          {
            type: interestType,
            ...(r.directOrIndirect ? { directOrIndirect: r.directOrIndirect } : {}),
            ...(typeof r.beneficialOwnershipOrControl === 'boolean'
              ? { beneficialOwnershipOrControl: r.beneficialOwnershipOrControl }
              : {}),
            ...(share ? { share } : {}),
            ...(r.since ? { startDate: r.since } : {}),
            ...(r.until ? { endDate: r.until } : {}),
            ...(r.role && r.type !== 'OFFICER_OF' && r.type !== 'ROLE_IN'
              ? { details: r.role }
              : {}),
          },
        ],
        ...(r.components?.length ? { componentRecords: r.components.map(claimRecord) } : {}),
      },
    });
  }
  return out;
}

const FTM_SCHEMA: Record<EntityKind, string | undefined> = {
  Person: 'Person',
  Organization: 'Company',
  Government: 'PublicBody',
  Arrangement: 'LegalEntity',
  Unknown: 'LegalEntity',
  Project: undefined,
  Event: undefined,
  Source: undefined,
};

function ftmPercentage(r: RelationshipRecord): string | undefined {
  const p = (x: number) => `${Math.round(x * 1e8) / 1e6}`;
  if (typeof r.stake === 'number') return p(r.stake);
  if (typeof r.stakeMin === 'number' && typeof r.stakeMax === 'number') {
    if (r.stakeMin === 0 && r.stakeMax === 1) return undefined;
    if (r.stakeMin === 0) return `${r.stakeMaxExclusive ? '<' : '<='}${p(r.stakeMax)}`;
    if (r.stakeMax === 1) return `${r.stakeMinExclusive ? '>' : '>='}${p(r.stakeMin)}`;
    return `${p(r.stakeMin)}-${p(r.stakeMax)}`;
  }
  return undefined;
}

/** FtM entities as JSON lines: things, then one interval entity per claim. */
export function toFtm(g: GraphRecords): string {
  const lines: unknown[] = [];
  const ids = new Map<string, string>();
  for (const e of g.entities) {
    const schema = FTM_SCHEMA[e.kind];
    if (!schema) continue;
    const id = strip(e.id, 'ftm');
    ids.set(e.id, id);
    const props: Record<string, string[]> = { name: [e.name] };
    if (e.aliases?.length) props.alias = e.aliases;
    for (const x of e.identifiers ?? []) {
      const i = x.indexOf(':');
      const k = i > 0 ? x.slice(0, i) : 'idNumber';
      (props[k] ??= []).push(i > 0 ? x.slice(i + 1) : x);
    }
    for (const [k, v] of Object.entries(e.facts ?? {})) {
      if (k === 'ftmSchema' || k === 'addresses' || k === 'sanctions' || k === 'sanctioned')
        continue;
      if (Array.isArray(v)) props[k] = v;
      else if (typeof v === 'string') props[k] = [v];
    }
    if (Array.isArray(e.facts?.addresses)) props.address = e.facts.addresses;
    lines.push({ id, schema: str(e.facts?.ftmSchema) ?? schema, properties: props });
  }
  for (const r of g.relationships) {
    const from = ids.get(r.from);
    const to = ids.get(r.to);
    if (!from || !to) continue;
    const dates: Record<string, string[]> = {
      ...(r.since ? { startDate: [r.since] } : {}),
      ...(r.until ? { endDate: [r.until] } : {}),
    };
    const id =
      strip(r.id, 'ftm').replace(/#\d+$/, '') +
      (r.id.match(/#\d+$/) ? `-${r.id.split('#').pop()}` : '');
    let entity: { schema: string; properties: Record<string, string[]> };
    const role: Record<string, string[]> = r.role ? { role: [r.role] } : {};
    switch (r.type) {
      case 'OWNS': {
        const pct = ftmPercentage(r);
        entity = {
          schema: 'Ownership',
          properties: {
            owner: [from],
            asset: [to],
            ...(pct ? { percentage: [pct] } : {}),
            ...role,
            ...dates,
          },
        };
        break;
      }
      case 'CONTROLS': {
        // FtM has no control schema; OpenSanctions writes register control (PSC natures of
        // control) as Ownership with the nature as role. ownershipType "control" marks it so it
        // re-imports as CONTROLS, never as shares.
        const pct = ftmPercentage(r);
        entity = {
          schema: 'Ownership',
          properties: {
            owner: [from],
            asset: [to],
            ownershipType: ['control'],
            role: distinct([r.interestType ?? 'otherInfluenceOrControl', r.role]),
            ...(pct ? { percentage: [pct] } : {}),
            ...dates,
          },
        };
        break;
      }
      case 'PAID':
        entity = {
          schema: 'Payment',
          properties: {
            payer: [from],
            beneficiary: [to],
            ...(r.amount !== undefined ? { amount: [String(r.amount)] } : {}),
            ...(r.currency ? { currency: [r.currency] } : {}),
            ...(r.amountUsd !== undefined ? { amountUsd: [String(r.amountUsd)] } : {}),
            ...(r.since ? { date: [r.since] } : {}),
          },
        };
        break;
      case 'ASSOCIATED_WITH':
        entity = {
          schema: 'UnknownLink',
          properties: { subject: [from], object: [to], ...role, ...dates },
        };
        break;
      case 'OFFICER_OF':
      case 'CEO_OF':
      case 'LEADS':
      case 'FOUNDED':
      case 'SPOKESPERSON_FOR':
        entity = {
          schema: 'Directorship',
          properties: {
            director: [from],
            organization: [to],
            role: [r.role ?? r.interestType ?? r.type.toLowerCase()],
            ...dates,
          },
        };
        break;
      default:
        entity = {
          schema: 'UnknownLink',
          properties: {
            subject: [from],
            object: [to],
            role: [r.role ?? r.interestType ?? r.type],
            ...dates,
          },
        };
    }
    lines.push({ id, ...entity });
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

export async function exportGraph(
  db: Db,
  format: ExportFormat,
  sel: { dataset?: string; ids?: string[] },
): Promise<{ body: string; contentType: string; extension: string }> {
  const g = await readGraph(db, sel);
  switch (format) {
    case 'bods':
      return {
        body: JSON.stringify(toBods(g), null, 1),
        contentType: 'application/json',
        extension: 'bods.json',
      };
    case 'ftm':
      return { body: toFtm(g), contentType: 'application/x-ndjson', extension: 'ftm.json' };
    case 'graphml':
      return { body: toGraphml(g), contentType: 'application/graphml+xml', extension: 'graphml' };
    default:
      return { body: toJsonLines(g), contentType: 'application/x-ndjson', extension: 'jsonl' };
  }
}
