import type { EntityKind, RelationshipType } from '../model/families';
import type { PropertyValue, RelationshipRecord } from '../model/records';
import { isControlInterest } from './bods';
import {
  distinct,
  emptyResult,
  isObject,
  normalDate,
  type InputValue,
  type ReadContext,
  type ReadResult,
} from './common';

/**
 * FollowTheMoney entities (JSON lines, `{"id","schema","properties":{prop:[values]}}`) →
 * canonical records. Things become entities `ftm:<id>`; interval schemas (Ownership, Payment, …)
 * become relationships `ftm:<id>`; Address, Sanction and Identification/Passport are folded into
 * the entities they describe (facts `addresses`, `sanctions`, identifiers), where an analyst
 * looks for them.
 */

const KINDS: Record<string, EntityKind> = {
  Person: 'Person',
  Company: 'Organization',
  Organization: 'Organization',
  LegalEntity: 'Organization',
  PublicBody: 'Government',
};

interface EdgeSchema {
  type: RelationshipType;
  from: string;
  to: string;
  /** Role text when the source gives none. */
  role?: string;
}

const EDGES: Record<string, EdgeSchema> = {
  Ownership: { type: 'OWNS', from: 'owner', to: 'asset' },
  Directorship: { type: 'OFFICER_OF', from: 'director', to: 'organization', role: 'director' },
  Employment: { type: 'OFFICER_OF', from: 'employee', to: 'employer', role: 'employee' },
  Membership: { type: 'OFFICER_OF', from: 'member', to: 'organization', role: 'member' },
  Representation: { type: 'OFFICER_OF', from: 'agent', to: 'client', role: 'representative' },
  Family: { type: 'ASSOCIATED_WITH', from: 'person', to: 'relative', role: 'family' },
  Associate: { type: 'ASSOCIATED_WITH', from: 'person', to: 'associate', role: 'associate' },
  UnknownLink: { type: 'ASSOCIATED_WITH', from: 'subject', to: 'object', role: 'unknown link' },
  Payment: { type: 'PAID', from: 'payer', to: 'beneficiary' },
};

/** Properties that are identifiers: kept as `prop:value` in the searchable identifiers list. */
const ID_PROPS = [
  'registrationNumber',
  'idNumber',
  'taxNumber',
  'vatCode',
  'innCode',
  'ogrnCode',
  'okpoCode',
  'leiCode',
  'dunsCode',
  'swiftBic',
  'bvdId',
  'icijId',
  'uniqueEntityId',
  'npiCode',
  'licenseNumber',
  'isinCode',
  'cikCode',
  'ticker',
  'kppCode',
  'wikidataId',
  'passportNumber',
  'socialSecurityNumber',
  'programId',
];
const NAME_PROPS = ['alias', 'previousName', 'weakAlias'];
/** Keys our model uses on every node: a FtM property of that name is stored as `ftm_<key>`. */
const RESERVED = new Set([
  'id',
  'name',
  'aliases',
  'description',
  'identifiers',
  'datasets',
  'date',
  'kind',
]);

type Props = Record<string, string[]>;

interface FtmEntity {
  line: number;
  id: string;
  schema: string;
  props: Props;
}

export const ftmEntityId = (id: string) => `ftm:${id}`;

function propsOf(v: Record<string, unknown>): Props {
  const out: Props = {};
  if (!isObject(v.properties)) return out;
  for (const [k, xs] of Object.entries(v.properties)) {
    const list = (Array.isArray(xs) ? xs : [xs]).filter(
      (x): x is string => typeof x === 'string' && x.trim() !== '',
    );
    if (list.length) out[k] = list.map((x) => x.trim());
  }
  return out;
}

export interface Percentage {
  stake?: number;
  stakeMin?: number;
  stakeMax?: number;
  stakeMinExclusive?: boolean;
  stakeMaxExclusive?: boolean;
}

const num = (s: string) => Number(s.replace(',', '.'));

/**
 * Free-text percentage → 0..1 stake or bounds: `49`, `49%`, `12,5 %` exact; `25-50%` a range;
 * `<10`, `less than 10%` at most (exclusive); `>25`, `more than 25` at least (exclusive).
 * Null when the text is no percentage in 0..100.
 */
export function parsePercentage(text: string): Percentage | null {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/%/g, '').trim();
  const N = '(\\d+(?:[.,]\\d+)?)';
  const ok = (...xs: number[]) => xs.every((x) => Number.isFinite(x) && x >= 0 && x <= 100);
  let m = new RegExp(`^${N}$`).exec(s);
  if (m && ok(num(m[1]))) {
    const v = num(m[1]) / 100;
    return { stake: v, stakeMin: v, stakeMax: v };
  }
  m = new RegExp(`^${N} ?(?:-|–|to|bis) ?${N}$`).exec(s);
  if (m && ok(num(m[1]), num(m[2])) && num(m[1]) <= num(m[2])) {
    return { stakeMin: num(m[1]) / 100, stakeMax: num(m[2]) / 100 };
  }
  m = new RegExp(`^(<=?|≤|less than|under|up to|at most|max\\.?) ?${N}$`).exec(s);
  if (m && ok(num(m[2]))) {
    const exclusive = m[1] === '<' || m[1] === 'less than' || m[1] === 'under';
    return { stakeMin: 0, stakeMax: num(m[2]) / 100, stakeMaxExclusive: exclusive };
  }
  m = new RegExp(`^(>=?|≥|more than|over|above|at least|min\\.?) ?${N}$`).exec(s);
  if (m && ok(num(m[2]))) {
    const exclusive = m[1] === '>' || m[1] === 'more than' || m[1] === 'over' || m[1] === 'above';
    return { stakeMin: num(m[2]) / 100, stakeMax: 1, stakeMinExclusive: exclusive };
  }
  return null;
}

function addressText(p: Props): string | undefined {
  if (p.full?.length) return p.full[0];
  const parts = [p.street?.[0], p.postalCode?.[0], p.city?.[0], p.country?.[0]?.toUpperCase()];
  const s = parts.filter(Boolean).join(', ');
  return s || undefined;
}

function sanctionText(p: Props): string {
  const bits = [
    p.authority?.join('; '),
    p.program?.join('; '),
    p.reason?.join('; '),
    p.startDate?.[0]
      ? `from ${p.startDate[0]}`
      : p.listingDate?.[0]
        ? `listed ${p.listingDate[0]}`
        : undefined,
    p.endDate?.[0] ? `until ${p.endDate[0]}` : undefined,
  ];
  return bits.filter(Boolean).join(', ') || 'sanctioned';
}

function addDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Reads FtM entities into canonical records. */
export function readFtm(values: Iterable<InputValue>, ctx: ReadContext): ReadResult {
  const out = emptyResult();
  const all: FtmEntity[] = [];
  const seen = new Set<string>();
  for (const { line, value } of values) {
    if (!isObject(value)) {
      out.rejected.push({
        record: null,
        line,
        code: 'FTM_NOT_OBJECT',
        message: 'not a JSON object',
      });
      continue;
    }
    const id = typeof value.id === 'string' && value.id.trim() !== '' ? value.id.trim() : null;
    const schema = typeof value.schema === 'string' ? value.schema : null;
    if (!id || !schema) {
      out.rejected.push({
        record: id,
        line,
        code: 'FTM_SHAPE',
        message: 'an FtM entity needs "id" and "schema"',
      });
      continue;
    }
    if (/\s/.test(id)) {
      out.rejected.push({
        record: id,
        line,
        code: 'FTM_ID',
        message: 'the id contains white space',
      });
      continue;
    }
    if (seen.has(id)) {
      out.warnings.push({
        record: id,
        line,
        code: 'FTM_DUPLICATE',
        message: `entity ${id} repeats: the later one is kept`,
      });
    }
    seen.add(id);
    all.push({ line, id, schema, props: propsOf(value) });
  }

  // Facts folded into the entities they describe: addresses, sanctions, identifications.
  const addresses = new Map<string, string>();
  const sanctions = new Map<string, string[]>();
  const identifications = new Map<string, string[]>();
  const things = new Map<string, FtmEntity>();
  for (const e of all) {
    if (e.schema === 'Address') {
      const text = addressText(e.props);
      if (text) addresses.set(e.id, text);
    } else if (e.schema === 'Sanction') {
      for (const target of e.props.entity ?? []) {
        sanctions.set(target, [...(sanctions.get(target) ?? []), sanctionText(e.props)]);
      }
      if (!e.props.entity) {
        out.rejected.push({
          record: e.id,
          line: e.line,
          code: 'FTM_DANGLING',
          message: 'Sanction names no entity',
        });
      }
    } else if (e.schema === 'Identification' || e.schema === 'Passport') {
      const number = e.props.number?.[0] ?? e.props.passportNumber?.[0];
      const scheme = [
        e.schema === 'Passport' ? 'passport' : (e.props.type?.[0] ?? 'id'),
        e.props.country?.[0],
      ]
        .filter(Boolean)
        .join('-');
      for (const holder of e.props.holder ?? []) {
        if (number)
          identifications.set(holder, [
            ...(identifications.get(holder) ?? []),
            `${scheme}:${number}`,
          ]);
      }
    } else if (KINDS[e.schema]) things.set(e.id, e);
  }

  for (const e of things.values()) {
    const p = e.props;
    const kind = KINDS[e.schema];
    const names = distinct([
      ...(p.name ?? []),
      ...(kind === 'Person' && !p.name
        ? [[p.firstName?.[0], p.lastName?.[0]].filter(Boolean).join(' ')]
        : []),
    ]);
    const facts: Record<string, PropertyValue> = { ftmSchema: e.schema };
    for (const [k, v] of Object.entries(p)) {
      if (k === 'name' || NAME_PROPS.includes(k) || ID_PROPS.includes(k) || k === 'addressEntity')
        continue;
      facts[RESERVED.has(k) ? `ftm_${k}` : k] = v;
    }
    const addr = distinct([
      ...(p.address ?? []),
      ...(p.addressEntity ?? []).map((a) => addresses.get(a)),
    ]);
    if (addr.length) facts.addresses = addr;
    for (const a of p.addressEntity ?? []) {
      if (!addresses.has(a)) {
        out.warnings.push({
          record: e.id,
          line: e.line,
          code: 'FTM_DANGLING',
          message: `address ${a} is not in the file`,
        });
      }
    }
    const sanctioned = sanctions.get(e.id);
    if (sanctioned) facts.sanctions = sanctioned;
    if (sanctioned || p.topics?.some((t) => t.startsWith('sanction'))) facts.sanctioned = true;
    const identifiers = distinct([
      ...ID_PROPS.flatMap((k) => (p[k] ?? []).map((v) => `${k}:${v}`)),
      ...(identifications.get(e.id) ?? []),
    ]);
    const country = p.country?.length ? ` (${p.country.join(', ').toUpperCase()})` : '';
    const topics = p.topics?.length ? `; topics: ${p.topics.join(', ')}` : '';
    out.entities.push({
      line: e.line,
      sourceRecord: e.id,
      record: {
        id: ftmEntityId(e.id),
        kind,
        name: names[0] ?? e.id,
        aliases: distinct([...names.slice(1), ...NAME_PROPS.flatMap((k) => p[k] ?? [])]).filter(
          (n) => n !== names[0],
        ),
        description: `FollowTheMoney ${e.schema}${country}${topics}.`,
        identifiers,
        dataset: ctx.dataset,
        facts,
      },
    });
  }

  for (const e of all) {
    const edge = EDGES[e.schema];
    if (!edge) {
      if (
        !KINDS[e.schema] &&
        !['Address', 'Sanction', 'Identification', 'Passport'].includes(e.schema)
      ) {
        out.rejected.push({
          record: e.id,
          line: e.line,
          code: 'FTM_UNSUPPORTED_SCHEMA',
          message: `schema ${e.schema} is not imported (supported: ${[...Object.keys(KINDS), ...Object.keys(EDGES), 'Address', 'Sanction', 'Identification', 'Passport'].join(', ')})`,
        });
      }
      continue;
    }
    const p = e.props;
    const froms = p[edge.from] ?? [];
    const tos = p[edge.to] ?? [];
    if (!froms.length || !tos.length) {
      out.rejected.push({
        record: e.id,
        line: e.line,
        code: 'FTM_DANGLING',
        message: `${e.schema} needs both ${edge.from} and ${edge.to}`,
      });
      continue;
    }
    // FtM has no control schema: control travels as an Ownership whose ownershipType is
    // "control" (how our FtM export writes CONTROLS), its BODS interest type in `role`.
    const control =
      e.schema === 'Ownership' && (p.ownershipType ?? []).some((x) => /^control$/i.test(x.trim()));
    const type: RelationshipType = control ? 'CONTROLS' : edge.type;
    const start = normalDate(p.startDate?.[0] ?? p.date?.[0]);
    const end = normalDate(p.endDate?.[0]);
    let until = end?.date;
    if (start && until && until <= start.date) until = addDate(start.date);
    let share: Percentage = {};
    if ((type === 'OWNS' || type === 'CONTROLS') && p.percentage?.length) {
      const parsed = parsePercentage(p.percentage[0]);
      if (parsed) share = parsed;
      else {
        out.warnings.push({
          record: e.id,
          line: e.line,
          code: 'FTM_PERCENTAGE',
          message: `percentage ${JSON.stringify(p.percentage[0])} is not a share in 0..100: kept as text only`,
        });
      }
    }
    const amountText = p.amount?.[0] ?? p.amountEur?.[0];
    const amount = amountText !== undefined ? Number(amountText.replace(',', '.')) : undefined;
    const amountUsd = p.amountUsd?.[0] !== undefined ? Number(p.amountUsd[0]) : undefined;
    const currency = p.amount?.[0] ? p.currency?.[0] : p.amountEur?.[0] ? 'EUR' : undefined;
    const role =
      distinct([...(p.role ?? []), ...(p.relationship ?? []), ...(p.ownershipType ?? [])]).join(
        '; ',
      ) || edge.role;
    const details = [
      p.percentage?.length ? `percentage ${p.percentage.join(', ')}` : undefined,
      p.sharesCount?.length ? `${p.sharesCount[0]} shares` : undefined,
      p.sharesValue?.length
        ? `shares worth ${p.sharesValue[0]} ${p.sharesCurrency?.[0] ?? ''}`.trim()
        : undefined,
      amountText ? `${amountText} ${currency ?? ''}`.trim() : undefined,
      p.purpose?.[0],
      p.summary?.[0],
      p.description?.[0],
      p.namesMentioned?.length ? `names mentioned: ${p.namesMentioned.join(', ')}` : undefined,
    ].filter(Boolean);
    const pairs = froms.flatMap((f) => tos.map((t) => [f, t] as const));
    pairs.forEach(([f, t], k) => {
      const rel: RelationshipRecord = {
        id: pairs.length === 1 ? `ftm:${e.id}` : `ftm:${e.id}#${k}`,
        type,
        from: ftmEntityId(f),
        to: ftmEntityId(t),
        ...share,
        interestType: control
          ? (p.role?.find(isControlInterest) ?? 'otherInfluenceOrControl')
          : type === 'OWNS'
            ? 'shareholding'
            : undefined,
        role: control
          ? p.role?.filter((x) => !isControlInterest(x)).join('; ') || undefined
          : type === 'OWNS'
            ? (p.role?.join('; ') ?? p.ownershipType?.join('; '))
            : role,
        amount: amount !== undefined && Number.isFinite(amount) ? amount : undefined,
        currency,
        amountUsd:
          amountUsd !== undefined && Number.isFinite(amountUsd) && amountUsd >= 0
            ? amountUsd
            : undefined,
        since: start?.date,
        until,
        datePrecision: start && start.precision !== 'day' ? start.precision : undefined,
        source: ctx.source,
        evidence:
          `FtM ${e.schema} ${e.id}${details.length ? `: ${details.join('; ')}` : ''}.`.slice(
            0,
            1000,
          ),
        confidence: 1,
        dataset: ctx.dataset,
        sourceRecord: e.id,
        record: `ftm:${e.id}`,
        publisher: p.publisher?.[0],
      };
      out.relationships.push({ line: e.line, sourceRecord: e.id, record: rel });
    });
  }
  return out;
}

/** True when a parsed JSON value looks like an FtM entity (for format detection). */
export function looksLikeFtm(v: unknown): boolean {
  return isObject(v) && typeof v.schema === 'string' && isObject(v.properties);
}
