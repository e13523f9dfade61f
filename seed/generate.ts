import {
  ID_PREFIX,
  RELATIONSHIP_TYPES,
  type EntityKind,
  type RelationshipType,
} from '../server/families';
import type { SeedEntity, SeedRelationship } from './model';

/** A generated relationship: the seed model plus the contract's interval and interest fields. */
export type GeneratedRelationship = SeedRelationship & {
  stakeMin?: number;
  stakeMax?: number;
  stakeMinExclusive?: boolean;
  interestType?: string;
};

/** Register bands (UK PSC): a stake given as "more than 25% but not more than 50%". */
const BANDS: ReadonlyArray<[number, number]> = [
  [0.25, 0.5],
  [0.5, 0.75],
  [0.75, 1],
];

/** BODS unspecified-reason codes for undisclosed owners. */
const UNSPECIFIED_REASONS = [
  'subjectUnableToConfirmOrIdentifyBeneficialOwner',
  'interestedPartyHasNotProvidedInformation',
  'subjectExemptFromDisclosure',
  'interestedPartyExemptFromDisclosure',
  'unknown',
] as const;

/**
 * Deterministic synthetic corporate graph at any size, in the seed's model. Every entity and every
 * relationship is a pure function of (seed, index), so the graph streams out in constant memory:
 * entities first (by kind), then relationships (one pass per type, so loader batches stay
 * homogeneous). Endpoints always name entities of this graph; an asset's incoming stakes sum to
 * at most 1; client links follow a power law (the first organizations are hubs).
 *
 * Ownership as registers state it: about 55% of stakes exact, 35% given as a band ("more than 25%,
 * at most 50%", as in the UK PSC register), 10% not given at all; a few owners undisclosed
 * (`Unknown` entities with a BODS unspecified reason) or trusts (`Arrangement`, owned by persons);
 * some reciprocal cross-holdings (a subsidiary holding a little of its parent); and control
 * (voting rights, the right to appoint the board) as CONTROLS links. (Two claims about one pair
 * wait for per-claim relationship ids: today's loader names a link TYPE:from->to.) Band bounds, exclusivity and interestType ride on the records as the
 * model contract names them (stakeMin, stakeMax, stakeMinExclusive, interestType).
 */

/** 32-bit mix of the seed, a stream tag and an index: the state of one small PRNG. */
function hash(seed: number, stream: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) ^ index;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: fast, good enough for synthetic data. */
export class Rng {
  private s: number;
  constructor(seed: number, stream: number, index: number) {
    this.s = hash(seed, stream, index);
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const WORDS = [
  'acme',
  'apex',
  'atlas',
  'aurora',
  'beacon',
  'boreal',
  'cascade',
  'cedar',
  'cobalt',
  'condor',
  'delta',
  'ember',
  'falcon',
  'fjord',
  'gamma',
  'granite',
  'harbor',
  'helix',
  'horizon',
  'iris',
  'juniper',
  'keystone',
  'lattice',
  'lumen',
  'magnet',
  'meridian',
  'nimbus',
  'northwind',
  'onyx',
  'orbit',
  'pioneer',
  'prism',
  'quartz',
  'radiant',
  'redwood',
  'sable',
  'sierra',
  'solstice',
  'summit',
  'tandem',
  'tern',
  'tidal',
  'umber',
  'vanguard',
  'vector',
  'willow',
  'zenith',
  'zephyr',
] as const;
const ORG_SUFFIX = [
  'Holdings',
  'Capital',
  'Labs',
  'Systems',
  'Group',
  'Partners',
  'Data',
  'Robotics',
  'Analytics',
  'Ventures',
];
const FIRST = [
  'Ada',
  'Bruno',
  'Chen',
  'Dara',
  'Elif',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tomas',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
  'Zoe',
];
const LAST = [
  'Abara',
  'Berg',
  'Costa',
  'Diallo',
  'Eriksen',
  'Fontaine',
  'Garcia',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Rossi',
  'Sato',
  'Tanaka',
  'Urquhart',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zhang',
];
const COUNTRIES = ['US', 'FR', 'DE', 'GB', 'JP', 'IN', 'BR', 'CA', 'KR', 'NG', 'SE', 'SG'];
const GOV_BODIES = [
  'Ministry of Digital Affairs',
  'Department of Defense',
  'Trade Commission',
  'Data Protection Authority',
  'Science Agency',
  'Procurement Office',
];
const PROJECT_WORDS = [
  'Platform',
  'Model',
  'Pipeline',
  'Benchmark',
  'Assistant',
  'Dataset',
  'Engine',
];
const EVENT_WORDS = [
  'acquisition',
  'layoffs',
  'data leak',
  'funding round',
  'contract award',
  'leadership change',
  'merger',
];
const SOURCE_WORDS = ['Gazette', 'Wire', 'Ledger', 'Monitor', 'Register', 'Dispatch', 'Review'];
const ROLES: Record<string, string[]> = {
  CEO_OF: ['chief executive'],
  LEADS: [
    'head of research',
    'head of sales',
    'general counsel',
    'chief technology officer',
    'managing director',
  ],
  FOUNDED: ['co-founder', 'founder'],
  SPOKESPERSON_FOR: ['spokesperson'],
};

/** Stream tags: one independent PRNG per (purpose, index). */
const S = {
  name: 1,
  facts: 2,
  owns: 3,
  clients: 4,
  works: 5,
  develops: 6,
  lead: 7,
  events: 8,
  prov: 9,
  control: 10,
  trusts: 11,
} as const;

export interface GeneratorLayout {
  seed: number;
  counts: Record<EntityKind, number>;
  /** First global index of each kind (entities are numbered 0..N-1 across kinds). */
  total: number;
}

/** How N entities split into kinds: organisations and people dominate, as in the seed. */
export function layout(n: number, seed: number): GeneratorLayout {
  if (!Number.isInteger(n) || n < 20) throw new Error('--entities must be an integer ≥ 20');
  const source = Math.max(2, Math.round(n * 0.05));
  const government = Math.max(1, Math.round(n * 0.02));
  const project = Math.max(2, Math.round(n * 0.08));
  const event = Math.max(2, Math.round(n * 0.08));
  const person = Math.max(2, Math.round(n * 0.35));
  const arrangement = Math.max(1, Math.round(n * 0.01));
  const unknown = Math.max(1, Math.round(n * 0.005));
  const organization = n - source - government - project - event - person - arrangement - unknown;
  return {
    seed,
    counts: {
      Organization: organization,
      Person: person,
      Government: government,
      Project: project,
      Event: event,
      Source: source,
      Arrangement: arrangement,
      Unknown: unknown,
    },
    total: n,
  };
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const KIND_TAG: Record<EntityKind, number> = {
  Organization: 11,
  Person: 12,
  Government: 13,
  Project: 14,
  Event: 15,
  Source: 16,
  Arrangement: 17,
  Unknown: 18,
};

/** The entity's name: a pure function of (seed, kind, i). */
export function nameOf(seed: number, kind: EntityKind, i: number): string {
  const r = new Rng(seed, S.name * 100 + KIND_TAG[kind], i);
  const w = () => {
    const word = r.pick(WORDS);
    return word[0].toUpperCase() + word.slice(1);
  };
  switch (kind) {
    case 'Organization':
      return `${w()} ${r.pick(ORG_SUFFIX)}`;
    case 'Person':
      return `${r.pick(FIRST)} ${r.pick(LAST)}`;
    case 'Government':
      return `${r.pick(COUNTRIES)} ${r.pick(GOV_BODIES)}`;
    case 'Project':
      return `${w()} ${r.pick(PROJECT_WORDS)}`;
    case 'Event':
      return `${w()} ${r.pick(EVENT_WORDS)}`;
    case 'Source':
      return `The ${w()} ${r.pick(SOURCE_WORDS)}`;
    case 'Arrangement':
      return `${w()} Trust`;
    case 'Unknown':
      return 'Unknown owner';
  }
}

/** `org:atlas-labs-1k` — the name's slug plus the index in base 36, so ids are unique. */
export function idOf(seed: number, kind: EntityKind, i: number): string {
  return `${ID_PREFIX[kind]}:${slug(nameOf(seed, kind, i))}-${i.toString(36)}`;
}

function isoDate(r: Rng, fromYear: number, toYear: number): string {
  const y = fromYear + r.int(toYear - fromYear + 1);
  const m = 1 + r.int(12);
  const d = 1 + r.int(28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function entityAt(g: GeneratorLayout, kind: EntityKind, i: number): SeedEntity {
  const name = nameOf(g.seed, kind, i);
  const r = new Rng(g.seed, S.facts * 100 + KIND_TAG[kind], i);
  const e: SeedEntity = {
    id: idOf(g.seed, kind, i),
    kind,
    name,
    description: `Synthetic ${kind.toLowerCase()} #${i} of a generated benchmark graph.`,
  };
  switch (kind) {
    case 'Organization':
      if (r.chance(0.3)) e.aliases = [name.split(' ')[0], name.replace(/ /g, '')];
      e.facts = { country: r.pick(COUNTRIES), founded: 1950 + r.int(75) };
      break;
    case 'Person':
      e.facts = { nationality: r.pick(COUNTRIES) };
      break;
    case 'Government':
      e.facts = { country: name.slice(0, 2) };
      break;
    case 'Event':
      e.facts = { date: isoDate(r, 2000, 2025) };
      break;
    case 'Source':
      e.facts = { language: r.pick(['en', 'fr', 'de', 'ja']), publisherNamed: r.chance(0.8) };
      break;
    case 'Unknown':
      e.facts = { unspecifiedReason: r.pick(UNSPECIFIED_REASONS) };
      break;
    case 'Project':
    case 'Arrangement':
      break;
  }
  return e;
}

/** Power-law pick in [0, n): index 0 is the biggest hub. */
function zipf(r: Rng, n: number, exponent = 3): number {
  return Math.min(n - 1, Math.floor(n * Math.pow(r.next(), exponent)));
}

function provenance(
  g: GeneratorLayout,
  key: number,
  what: string,
): Pick<SeedRelationship, 'source' | 'evidence' | 'confidence'> {
  const r = new Rng(g.seed, S.prov, key);
  return {
    source: idOf(g.seed, 'Source', zipf(r, g.counts.Source, 2)),
    evidence: `Synthetic: ${what}.`,
    confidence: Math.round((0.5 + r.next() * 0.5) * 100) / 100,
  };
}

function period(r: Rng): { since?: string; until?: string } {
  if (r.chance(0.15)) return {};
  const since = isoDate(r, 1995, 2024);
  if (!r.chance(0.3)) return { since };
  const y = Number(since.slice(0, 4)) + 1 + r.int(6);
  return { since, until: `${Math.min(y, 2026)}${since.slice(4)}` };
}

/** The relationships of one group (an asset, a client, a person, a project or an event). */
type Group = (g: GeneratorLayout, i: number) => GeneratedRelationship[];

const org = (g: GeneratorLayout, i: number) => idOf(g.seed, 'Organization', i);

/** A stake as a register states it: exact, a band holding the true value, or not given. */
function statedStake(r: Rng, stake: number): Partial<GeneratedRelationship> {
  const p = r.next();
  if (p < 0.1) return {};
  const band = BANDS.find(([lo, hi]) => stake > lo && stake <= hi);
  if (p < 0.45 && band) return { stakeMin: band[0], stakeMax: band[1], stakeMinExclusive: true };
  return { stake };
}

/**
 * Owners of organisation i: its tree parent (a lower index), plus cross-holders (organisations,
 * people, states, trusts, undisclosed owners, now and then one of its own subsidiaries: a
 * reciprocal cross-holding); true stakes sum ≤ 1.
 */
const ownersOf: Group = (g, i) => {
  const r = new Rng(g.seed, S.owns, i);
  const nOrg = g.counts.Organization;
  const owners: string[] = [];
  if (i > 0 && r.chance(0.6)) owners.push(org(g, Math.floor((i - 1) / 4)));
  const cross = r.chance(0.35) ? 1 + r.int(2) : 0;
  for (let k = 0; k < cross; k++) {
    const p = r.next();
    const child = 4 * i + 1 + r.int(4);
    const owner =
      p < 0.1 && g.counts.Person > 0
        ? idOf(g.seed, 'Person', r.int(g.counts.Person))
        : p < 0.15
          ? idOf(g.seed, 'Government', r.int(g.counts.Government))
          : p < 0.2
            ? idOf(g.seed, 'Arrangement', r.int(g.counts.Arrangement))
            : p < 0.25
              ? idOf(g.seed, 'Unknown', r.int(g.counts.Unknown))
              : p < 0.3 && child < nOrg
                ? org(g, child)
                : org(g, r.int(nOrg));
    if (owner !== org(g, i) && !owners.includes(owner)) owners.push(owner);
  }
  if (owners.length === 0) return [];
  const total = 0.2 + r.next() * 0.79;
  const weights = owners.map(() => 0.1 + r.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  return owners.map((from, k) => {
    // Rounded down so the true stakes of one asset never add up to more than `total` ≤ 1.
    const stake = Number((Math.floor((total * weights[k]) / sum / 1e-4) * 1e-4).toFixed(4));
    const rel: GeneratedRelationship = {
      type: 'OWNS',
      from,
      to: org(g, i),
      ...period(r),
      ...provenance(g, i * 8 + k, 'ownership stake'),
      ...statedStake(r, stake),
    };
    if (r.chance(0.2)) rel.amountUsd = (1 + r.int(5000)) * 1_000_000;
    return rel;
  });
};

/** Trust j: owned by one or two persons (settlor, beneficiaries), shares usually not stated. */
const trustOwners: Group = (g, j) => {
  const r = new Rng(g.seed, S.trusts, j);
  const to = idOf(g.seed, 'Arrangement', j);
  const n = 1 + r.int(2);
  const out: GeneratedRelationship[] = [];
  for (let k = 0; k < n; k++) {
    const from = idOf(g.seed, 'Person', r.int(g.counts.Person));
    if (out.some((x) => x.from === from)) continue;
    out.push({
      type: 'OWNS',
      from,
      to,
      ...period(r),
      ...provenance(g, j * 8 + 100 + k, 'trust settlor or beneficiary'),
      ...(r.chance(0.3) ? { stake: Number((1 / n).toFixed(4)) } : {}),
    });
  }
  return out;
};

/**
 * Control beyond shares for organisation i (about 8%): the right to appoint the board, or voting
 * rights given as a band, held by a person or by its tree parent.
 */
const controlLinks: Group = (g, i) => {
  const r = new Rng(g.seed, S.control, i);
  if (!r.chance(0.08)) return [];
  const from =
    i > 0 && r.chance(0.5)
      ? org(g, Math.floor((i - 1) / 4))
      : idOf(g.seed, 'Person', r.int(g.counts.Person));
  const board = r.chance(0.4);
  const band = r.pick(BANDS);
  return [
    {
      type: 'CONTROLS',
      from,
      to: org(g, i),
      ...period(r),
      ...provenance(g, i * 8 + 200, board ? 'right to appoint the board' : 'voting rights'),
      ...(board
        ? { interestType: 'appointmentOfBoard' }
        : {
            interestType: 'votingRights',
            stakeMin: band[0],
            stakeMax: band[1],
            stakeMinExclusive: true,
          }),
    },
  ];
};

/** Suppliers of client i (organisations then governments): power-law, so hubs have thousands. */
const clientLinks: Group = (g, i) => {
  const nOrg = g.counts.Organization;
  const isGov = i >= nOrg;
  const from = isGov ? idOf(g.seed, 'Government', i - nOrg) : org(g, i);
  const r = new Rng(g.seed, S.clients, i);
  const k = 1 + r.int(isGov ? 4 : 5);
  const seen = new Set<number>();
  const out: SeedRelationship[] = [];
  for (let j = 0; j < k; j++) {
    const s = zipf(r, nOrg);
    if ((!isGov && s === i) || seen.has(s)) continue;
    seen.add(s);
    out.push({
      type: 'CLIENT_OF',
      from,
      to: org(g, s),
      ...period(r),
      ...provenance(g, i * 8 + j + 1, 'client of supplier'),
    });
  }
  return out;
};

/** Project i: one developer (DEVELOPS) and one or two suppliers working on it (WORKS_ON). */
const projectLinks: Group = (g, i) => {
  const r = new Rng(g.seed, S.develops, i);
  const nOrg = g.counts.Organization;
  const to = idOf(g.seed, 'Project', i);
  const out: SeedRelationship[] = [
    {
      type: 'DEVELOPS',
      from: org(g, r.int(nOrg)),
      to,
      ...period(r),
      ...provenance(g, i * 8 + 2, 'develops project'),
    },
  ];
  const workers = new Set<number>([zipf(r, nOrg, 2)]);
  if (r.chance(0.5)) workers.add(zipf(r, nOrg, 2));
  for (const w of workers) {
    out.push({
      type: 'WORKS_ON',
      from: org(g, w),
      to,
      ...period(r),
      ...provenance(g, i * 8 + 3 + (w % 4), 'works on project'),
    });
  }
  return out;
};

/** Person i: one or two leadership roles with since/until. */
const leadership: Group = (g, i) => {
  const r = new Rng(g.seed, S.lead, i);
  const from = idOf(g.seed, 'Person', i);
  const n = 1 + (r.chance(0.5) ? 1 : 0);
  const out: SeedRelationship[] = [];
  const seen = new Set<string>();
  for (let j = 0; j < n; j++) {
    const type = r.pick(['CEO_OF', 'LEADS', 'LEADS', 'FOUNDED', 'SPOKESPERSON_FOR'] as const);
    const to = org(g, zipf(r, g.counts.Organization, 1.5));
    if (seen.has(`${type}${to}`)) continue;
    seen.add(`${type}${to}`);
    out.push({
      type,
      from,
      to,
      role: r.pick(ROLES[type]),
      ...period(r),
      ...provenance(g, i * 8 + 4 + j, 'leadership role'),
    });
  }
  return out;
};

/** Event i: who initiated it, who took part, who suffered it, which source reports it. */
const eventLinks: Group = (g, i) => {
  const r = new Rng(g.seed, S.events, i);
  const to = idOf(g.seed, 'Event', i);
  const nOrg = g.counts.Organization;
  const out: SeedRelationship[] = [
    {
      type: 'INITIATED',
      from: org(g, zipf(r, nOrg, 2)),
      to,
      ...provenance(g, i * 8 + 5, 'initiated event'),
    },
  ];
  const part = new Set<string>([org(g, r.int(nOrg))]);
  if (r.chance(0.5)) part.add(idOf(g.seed, 'Person', r.int(g.counts.Person)));
  for (const p of part)
    out.push({ type: 'PARTICIPATED_IN', from: p, to, ...provenance(g, i * 8 + 6, 'took part') });
  const affected = new Set<string>([org(g, r.int(nOrg))]);
  if (r.chance(0.4)) affected.add(idOf(g.seed, 'Person', r.int(g.counts.Person)));
  for (const a of affected)
    out.push({ type: 'AFFECTED_BY', from: a, to, ...provenance(g, i * 8 + 7, 'affected') });
  const src = idOf(g.seed, 'Source', r.int(g.counts.Source));
  out.push({ type: 'REPORTS', from: src, to, ...provenance(g, i * 8, 'reports event') });
  return out;
};

/** Which groups produce each type, and how many groups there are. */
function groupsFor(g: GeneratorLayout, type: RelationshipType): Array<[Group, number]> {
  const c = g.counts;
  switch (RELATIONSHIP_TYPES[type]) {
    case 'ownership':
      return [
        [ownersOf, c.Organization],
        [trustOwners, c.Arrangement],
      ];
    case 'control':
      return [[controlLinks, c.Organization]];
    case 'client':
      return type === 'CLIENT_OF'
        ? [[clientLinks, c.Organization + c.Government]]
        : [[projectLinks, c.Project]];
    case 'leadership':
      return type === 'DEVELOPS' ? [[projectLinks, c.Project]] : [[leadership, c.Person]];
    case 'event':
      return [[eventLinks, c.Event]];
  }
}

/** Every entity, by kind. */
export function* generateEntities(g: GeneratorLayout): Generator<SeedEntity> {
  for (const kind of Object.keys(g.counts) as EntityKind[]) {
    for (let i = 0; i < g.counts[kind]; i++) yield entityAt(g, kind, i);
  }
}

/** Every relationship, one pass per type (each group is recomputed per pass: no state kept). */
export function* generateRelationships(g: GeneratorLayout): Generator<GeneratedRelationship> {
  for (const type of Object.keys(RELATIONSHIP_TYPES) as RelationshipType[]) {
    for (const [group, n] of groupsFor(g, type)) {
      for (let i = 0; i < n; i++) {
        for (const rel of group(g, i)) if (rel.type === type) yield rel;
      }
    }
  }
}

/** One JSON object per line: entities then relationships. */
export function* generateLines(n: number, seed: number): Generator<string> {
  const g = layout(n, seed);
  for (const e of generateEntities(g)) yield JSON.stringify(e);
  for (const r of generateRelationships(g)) yield JSON.stringify(r);
}
