import type { EntityRecord, RelationshipRecord } from '../model/records';

/** What every reader gets: the dataset its records belong to and the Source entity they cite. */
export interface ReadContext {
  /** Dataset id (a slug): written on every relationship and entity. */
  dataset: string;
  /** Id of the dataset's Source entity (`source:<dataset>`). */
  source: string;
}

/** A record the reader could not turn into the model, or a warning about one it kept. */
export interface ReadIssue {
  /** The source's own record id (statement id, FtM id, CSV row id) when known. */
  record: string | null;
  /** 1-based line (JSON lines, CSV) or position in the array (a BODS JSON array). */
  line: number;
  code: string;
  message: string;
}

export interface Located<T> {
  line: number;
  /** The source record it comes from, for reports. */
  sourceRecord: string | null;
  record: T;
}

/** One reader's output: canonical records with where they came from, and what it refused. */
export interface ReadResult {
  entities: Array<Located<EntityRecord>>;
  relationships: Array<Located<RelationshipRecord>>;
  rejected: ReadIssue[];
  warnings: ReadIssue[];
}

export function emptyResult(): ReadResult {
  return { entities: [], relationships: [], rejected: [], warnings: [] };
}

/** One parsed input value and where it sits in the file. */
export interface InputValue {
  line: number;
  value: unknown;
}

const YEAR = /^\d{4}$/;
const MONTH = /^\d{4}-\d{2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}/;

export interface NormalDate {
  date: string;
  precision: 'day' | 'month' | 'year';
}

/** `2016`, `2016-07`, `2016-07-07`, `2016-07-07T10:00:00Z` → a day with its precision; else null. */
export function normalDate(v: unknown): NormalDate | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let out: NormalDate | null = null;
  if (YEAR.test(s)) out = { date: `${s}-01-01`, precision: 'year' };
  else if (MONTH.test(s)) out = { date: `${s}-01`, precision: 'month' };
  else if (DAY.test(s)) out = { date: s.slice(0, 10), precision: 'day' };
  if (!out) return null;
  const d = new Date(`${out.date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === out.date ? out : null;
}

/** Lower-case slug for ids and dataset names: `Company Register (DE)` → `company-register-de`. */
export function slugify(s: string): string {
  return (
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'dataset'
  );
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Distinct non-empty strings, first occurrence kept. */
export function distinct(xs: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(xs.filter((x): x is string => typeof x === 'string' && x !== ''))];
}
