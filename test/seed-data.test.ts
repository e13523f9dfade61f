import fs from 'fs';
import path from 'path';
import { seedGraph } from '../seed/data';
import {
  ENTITY_KINDS,
  FAMILIES,
  ID_PREFIX,
  RELATIONSHIP_TYPES,
  familyOf,
  type RelationshipType,
} from '../server/families';

/** Static checks on the seed graph: no database needed. */

const { entities, relationships } = seedGraph;
const byId = new Map(entities.map((e) => [e.id, e]));

const ID_PATTERN = /^(org|person|gov|project|event|source):[a-z0-9-]+$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 300;
const COPY_RUN = 8;

const ARTICLE_PATH =
  process.env.SEED_ARTICLE_PATH ??
  path.resolve(__dirname, '../../shared/seed-article/scale-ai-meta-layoffs-2025-07.fr.txt');

function isValidDate(s: string): boolean {
  if (!DATE_PATTERN.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function words(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Every free text we wrote ourselves (names and aliases aside), labelled for error messages. */
function ownTexts(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const e of entities) {
    out.push({ where: `${e.id}.description`, text: e.description });
    for (const [k, v] of Object.entries(e.facts ?? {})) {
      if (typeof v === 'string') out.push({ where: `${e.id}.facts.${k}`, text: v });
    }
  }
  relationships.forEach((r, i) => {
    const label = `rel#${i} ${r.from} -${r.type}-> ${r.to}`;
    out.push({ where: `${label}.evidence`, text: r.evidence });
    if (r.role !== undefined) out.push({ where: `${label}.role`, text: r.role });
  });
  return out;
}

describe('seed graph: entities', () => {
  it('has at least 25 entities', () => {
    expect(entities.length).toBeGreaterThanOrEqual(25);
  });

  it('has unique ids', () => {
    const dupes = entities.map((e) => e.id).filter((id, i, all) => all.indexOf(id) !== i);
    expect(dupes).toEqual([]);
  });

  it('uses well-formed ids whose prefix matches the kind', () => {
    for (const e of entities) {
      expect(ENTITY_KINDS).toContain(e.kind);
      expect(e.id).toMatch(ID_PATTERN);
      expect(e.id.split(':')[0]).toBe(ID_PREFIX[e.kind]);
    }
  });

  it('has a name and description on every entity', () => {
    for (const e of entities) {
      expect(e.name.trim()).not.toBe('');
      expect(e.description.trim()).not.toBe('');
    }
  });

  it('gives every event a valid date', () => {
    for (const e of entities.filter((x) => x.kind === 'Event')) {
      const date = e.facts?.date;
      expect(typeof date).toBe('string');
      expect(isValidDate(date as string)).toBe(true);
    }
  });

  it('uses valid YYYY-MM-DD dates in every `date` fact', () => {
    for (const e of entities) {
      const date = e.facts?.date;
      if (date !== undefined) expect(isValidDate(String(date))).toBe(true);
    }
  });
});

describe('seed graph: relationships', () => {
  it('points from, to and source at existing entities, source being a Source', () => {
    for (const r of relationships) {
      expect(byId.has(r.from)).toBe(true);
      expect(byId.has(r.to)).toBe(true);
      expect(byId.get(r.source)?.kind).toBe('Source');
    }
  });

  it('uses only known relationship types', () => {
    for (const r of relationships) {
      expect(Object.keys(RELATIONSHIP_TYPES)).toContain(r.type);
      expect(familyOf(r.type)).toBeDefined();
    }
  });

  it('covers every family the article states (it gives no voting or board rights: no control)', () => {
    const present = new Set(relationships.map((r) => familyOf(r.type)));
    for (const f of FAMILIES) expect(present.has(f)).toBe(f !== 'control');
  });

  it('respects the direction of event, reporting and leadership types', () => {
    const toEvent: RelationshipType[] = ['INITIATED', 'PARTICIPATED_IN', 'AFFECTED_BY', 'REPORTS'];
    for (const r of relationships) {
      if (toEvent.includes(r.type)) expect(byId.get(r.to)?.kind).toBe('Event');
      if (r.type === 'REPORTS') expect(byId.get(r.from)?.kind).toBe('Source');
      if (r.type === 'CEO_OF' || r.type === 'SPOKESPERSON_FOR') {
        expect(byId.get(r.from)?.kind).toBe('Person');
      }
      if (r.type === 'DEVELOPS' || r.type === 'WORKS_ON') {
        expect(byId.get(r.to)?.kind).toBe('Project');
      }
    }
  });

  it('keeps stakes in (0, 1] and only on OWNS', () => {
    for (const r of relationships) {
      if (r.stake === undefined) continue;
      expect(r.type).toBe('OWNS');
      expect(r.stake).toBeGreaterThan(0);
      expect(r.stake).toBeLessThanOrEqual(1);
    }
  });

  it('keeps confidence in (0, 1] and always gives evidence', () => {
    for (const r of relationships) {
      expect(r.confidence).toBeGreaterThan(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(r.evidence.trim()).not.toBe('');
    }
  });

  it('uses valid dates with since before until', () => {
    for (const r of relationships) {
      if (r.since !== undefined) expect(isValidDate(r.since)).toBe(true);
      if (r.until !== undefined) expect(isValidDate(r.until)).toBe(true);
      if (r.since !== undefined && r.until !== undefined) {
        expect(r.since < r.until).toBe(true);
      }
      if (r.datePrecision !== undefined) {
        expect(r.since ?? r.until).toBeDefined();
      }
    }
  });

  it('records Meta buying 49% of Scale AI for $14.3B', () => {
    const deal = relationships.filter(
      (r) => r.type === 'OWNS' && r.from === 'org:meta' && r.to === 'org:scale-ai',
    );
    expect(deal).toHaveLength(1);
    expect(deal[0].stake).toBe(0.49);
    expect(deal[0].amountUsd).toBe(14.3e9);
  });
});

describe('seed graph: texts', () => {
  it(`keeps every description, evidence and role under ${MAX_TEXT} characters`, () => {
    const tooLong = ownTexts()
      .filter((t) => t.text.length > MAX_TEXT)
      .map((t) => t.where);
    expect(tooLong).toEqual([]);
  });

  const articleAvailable = fs.existsSync(ARTICLE_PATH);
  (articleAvailable ? it : it.skip)(
    `shares no run of ${COPY_RUN} consecutive words with the source article`,
    () => {
      const article = words(fs.readFileSync(ARTICLE_PATH, 'utf8'));
      const runs = new Set<string>();
      for (let i = 0; i + COPY_RUN <= article.length; i++) {
        runs.add(article.slice(i, i + COPY_RUN).join(' '));
      }
      const copied: string[] = [];
      for (const { where, text } of ownTexts()) {
        const w = words(text);
        for (let i = 0; i + COPY_RUN <= w.length; i++) {
          const run = w.slice(i, i + COPY_RUN).join(' ');
          if (runs.has(run)) copied.push(`${where}: "${run}"`);
        }
      }
      expect(copied).toEqual([]);
    },
  );
});
