import fs from 'node:fs';
import path from 'node:path';
import { RELATIONSHIP_TYPES, type EntityKind, type RelationshipType } from '../model/families';
import type { EntityRecord, PropertyValue, RelationshipRecord } from '../model/records';
import { entityRow, REL_COLUMNS, relationshipRow, type Parsed, type Rejection } from './loader';
import { distinctList, PROVENANCE_SEP as SEP } from './provenance-lists';

/**
 * The canonical records as the CSV files of Neo4j's parallel batch importer (`neo4j-admin
 * database import full`): one node file and one relationship file per property signature, with
 * typed headers (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, `name:string`,
 * `aliases:string[]`, `date:date` …). The graph they make is the one the transactional loader
 * (loader.ts) makes from the same records: same rows, same property types, the same answer to
 * duplicates (the last version of an entity or a claim wins, datasets add up, kinds add up) and
 * the same rejections with their line numbers.
 */

/** Between array elements: U+001E, as no value carries it (U+001F separates dataset and value in `assertedBy`…). */
export const ARRAY_DELIMITER = '\u001e';

type CsvType = 'string' | 'long' | 'double' | 'boolean' | 'string[]' | 'date';

/** Properties the loader turns into a Cypher DATE. */
const ENTITY_DATE_KEYS = new Set(['date']);
const REL_DATE_KEYS = new Set(['since', 'until']);

interface EntityAcc {
  line: number;
  labels: string[];
  props: Record<string, unknown>;
  date?: string;
  datasets: string[];
}

/** A claim's last version, already as its CSV row (a few strings, not a property object). */
interface RelAcc {
  /** The line of every version read, the last one last. */
  lines: number | number[];
  type: RelationshipType;
  from: string;
  to: string;
  id: string;
  cells: Cells;
}

/** A row's typed properties as the importer reads them: header, quoted fields, what it cannot carry. */
interface Cells {
  /** `key:type,…`: the typed header after the fixed columns, one file per distinct one. */
  sig: string;
  /** The quoted fields, comma-joined, in header order. */
  fields: string;
  /** Keys given an empty list (the importer skips empty arrays). */
  empty: string[] | null;
  multiline: boolean;
}

/** What the importer cannot write from CSV, set afterwards through Cypher. */
export interface EmptyLists {
  /** Entities given an empty list (the importer skips empty arrays). */
  entities: Array<{ id: string; key: string }>;
  relationships: Array<{
    type: RelationshipType;
    from: string;
    to: string;
    id: string;
    key: string;
  }>;
}

export interface ImportCsv {
  dir: string;
  nodeFiles: string[];
  relationshipFiles: string[];
  entities: number;
  relationships: number;
  rejectedCount: number;
  rejected: Rejection[];
  /** Some value holds a line break: the importer must parse multi-line fields. */
  multiline: boolean;
  emptyLists: EmptyLists;
  /** Records read (lines, including rejected ones). */
  lines: number;
}

function csvType(key: string, value: unknown, dates: Set<string>): CsvType {
  if (dates.has(key)) return 'date';
  if (Array.isArray(value)) return 'string[]';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'double';
  if (typeof value === 'object' && value !== null) return 'long'; // a neo4j Integer
  return 'string';
}

function field(value: unknown, type: CsvType): string {
  let text: string;
  if (type === 'string[]') {
    const items = value as string[];
    for (const item of items) {
      if (item.includes(ARRAY_DELIMITER)) {
        throw new Error(`a list value contains U+001E, which the batch importer cannot carry`);
      }
    }
    text = items.join(ARRAY_DELIMITER);
  } else if (type === 'long') {
    text = (value as { toString(): string }).toString();
  } else text = String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** One CSV file per header: rows of one property signature. */
class SignatureFiles {
  private readonly files = new Map<string, { fd: number; buffer: string[] }>();
  private readonly names: string[] = [];
  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly fixed: string[],
  ) {}

  write(fixedValues: string, cells: Cells): void {
    let f = this.files.get(cells.sig);
    if (!f) {
      const file = path.join(this.dir, `${this.prefix}-${this.files.size + 1}.csv`);
      const fd = fs.openSync(file, 'w');
      const header = cells.sig ? [...this.fixed, cells.sig] : this.fixed;
      fs.writeSync(fd, header.join(',') + '\n');
      f = { fd, buffer: [] };
      this.files.set(cells.sig, f);
      this.names.push(file);
    }
    f.buffer.push(cells.fields ? `${fixedValues},${cells.fields}\n` : `${fixedValues}\n`);
    if (f.buffer.length >= 4096) SignatureFiles.flush(f);
  }

  private static flush(f: { fd: number; buffer: string[] }): void {
    if (f.buffer.length) fs.writeSync(f.fd, f.buffer.join(''));
    f.buffer.length = 0;
  }

  close(): string[] {
    for (const f of this.files.values()) {
      SignatureFiles.flush(f);
      fs.closeSync(f.fd);
    }
    return this.names;
  }
}

/** One string per distinct header (of one run), so a million rows share a handful of them. */
type Signatures = Map<string, string>;

/** The typed cells of `props` (sorted keys; `skip`, undefined and null left out). */
function cellsOf(
  props: Record<string, unknown>,
  dates: Set<string>,
  signatures: Signatures,
  skip?: string,
): Cells {
  const sig: string[] = [];
  const fields: string[] = [];
  let empty: string[] | null = null;
  let multiline = false;
  for (const key of Object.keys(props).sort()) {
    const v = props[key];
    if (key === skip || v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) {
      (empty ??= []).push(key);
      continue;
    }
    if (typeof v === 'string' && /[\r\n]/.test(v)) multiline = true;
    const type = csvType(key, v, dates);
    sig.push(`${key}:${type}`);
    fields.push(field(v, type));
  }
  const text = sig.join(',');
  let shared = signatures.get(text);
  if (shared === undefined) signatures.set(text, (shared = text));
  return { sig: shared, fields: fields.join(','), empty, multiline };
}

function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

const MAX_REJECTIONS_KEPT = 10_000;

/**
 * Reads every record (validated as the loader validates them), keeps the last version of each
 * entity and claim, and writes the importer's CSV files into `dir` (emptied first).
 */
export async function writeImportCsv(
  records:
    | AsyncIterable<{ line: number; parsed: () => Parsed }>
    | Iterable<{ line: number; parsed: () => Parsed }>,
  dir: string,
): Promise<ImportCsv> {
  const entities = new Map<string, EntityAcc>();
  const rels = new Map<string, RelAcc>();
  const rejected: Rejection[] = [];
  let rejectedCount = 0;
  const reject = (r: Rejection) => {
    rejectedCount++;
    if (rejected.length < MAX_REJECTIONS_KEPT) rejected.push(r);
  };
  let lines = 0;
  const signatures: Signatures = new Map();

  for await (const rec of records) {
    lines = Math.max(lines, rec.line);
    const parsed = rec.parsed();
    if ('error' in parsed) {
      reject({ line: rec.line, reason: parsed.error });
    } else if ('entity' in parsed) {
      addEntity(entities, parsed.entity, rec.line);
    } else {
      const r = parsed.relationship;
      const key = `${r.type}\u0000${r.from}\u0000${r.to}\u0000${r.id}`;
      const had = rels.get(key)?.lines;
      const acc = relAcc(r, rec.line, signatures);
      if (had !== undefined) acc.lines = [...(typeof had === 'number' ? [had] : had), rec.line];
      rels.set(key, acc);
    }
  }
  // A relationship whose endpoint is in no entity record: rejected (every version of it, as each
  // names the same ends), as the loader's MATCH skips it.
  for (const [key, r] of rels) {
    const missing = !entities.has(r.from) ? r.from : !entities.has(r.to) ? r.to : null;
    if (missing === null) continue;
    for (const line of typeof r.lines === 'number' ? [r.lines] : r.lines) {
      reject({ line, reason: `missing endpoint ${missing}` });
    }
    rels.delete(key);
  }
  rejected.sort((a, b) => a.line - b.line);

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let multiline = false;
  const emptyLists: EmptyLists = { entities: [], relationships: [] };
  const nodes = new SignatureFiles(dir, 'nodes', ['id:ID', ':LABEL']);
  for (const [id, e] of entities) {
    const all: Record<string, unknown> = { ...e.props };
    if (e.date !== undefined) all.date = e.date;
    if (e.datasets.length) all.datasets = e.datasets;
    const cells = cellsOf(all, ENTITY_DATE_KEYS, signatures, 'id');
    // Every entity carries aliases (empty or not): the scan after the import adds the empty ones.
    for (const key of cells.empty ?? [])
      if (key !== 'aliases') emptyLists.entities.push({ id, key });
    multiline ||= cells.multiline;
    nodes.write(`${quoted(id)},${quoted(e.labels.join(ARRAY_DELIMITER))}`, cells);
  }
  const relFiles = new SignatureFiles(dir, 'relationships', [':START_ID', ':END_ID', ':TYPE']);
  for (const r of rels.values()) {
    for (const key of r.cells.empty ?? []) {
      emptyLists.relationships.push({ type: r.type, from: r.from, to: r.to, id: r.id, key });
    }
    multiline ||= r.cells.multiline;
    relFiles.write(`${quoted(r.from)},${quoted(r.to)},${r.type}`, r.cells);
  }
  return {
    dir,
    nodeFiles: nodes.close(),
    relationshipFiles: relFiles.close(),
    entities: entities.size,
    relationships: rels.size,
    rejectedCount,
    rejected,
    multiline,
    emptyLists,
    lines,
  };
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
// Cypher's split(x, SEP)[1], as the loader reads these lists.
const valueOf = (x: string) => x.split(SEP)[1];

/**
 * cypher/load-entities.cypher applied in memory: the first dataset to assert an entity owns its
 * properties (`SET n = row.p`, kind label added); a later one adds its names to the aliases, its
 * identifiers to the identifiers and its view to `assertedBy` (docs/import.md, "Provenance").
 */
function addEntity(entities: Map<string, EntityAcc>, e: EntityRecord, line: number): void {
  const row = entityRow(e);
  const had = entities.get(e.id);
  const datasets = had?.datasets ?? [];
  const owner = !had || !row.dataset || datasets.length === 0 || datasets[0] === row.dataset;
  if (row.dataset && !datasets.includes(row.dataset)) datasets.push(row.dataset);
  if (owner) {
    const labels = had?.labels ?? ['Entity'];
    if (!labels.includes(e.kind satisfies EntityKind)) labels.push(e.kind);
    const props: Record<string, unknown> = { ...row.p };
    const views = strings(had?.props.assertedBy);
    if (views.length) {
      const names = strings(had?.props.otherNames);
      const ids = strings(had?.props.otherIdentifiers);
      Object.assign(props, {
        assertedBy: views,
        otherNames: names,
        otherIdentifiers: ids,
        ownAliases: strings(row.p.aliases),
        ownIdentifiers: strings(row.p.identifiers),
        aliases: distinctList([...strings(row.p.aliases), ...names.map(valueOf)], row.p.name),
        identifiers: distinctList([...strings(row.p.identifiers), ...ids.map(valueOf)]),
      });
    }
    entities.set(e.id, { line, labels, props, date: row.date, datasets });
    return;
  }
  const n = had.props;
  const tag = row.dataset + SEP;
  const names = [
    ...strings(n.otherNames).filter((x) => !x.startsWith(tag)),
    ...[row.p.name as string, ...strings(row.p.aliases)].map((x) => tag + x),
  ];
  const ids = [
    ...strings(n.otherIdentifiers).filter((x) => !x.startsWith(tag)),
    ...strings(row.p.identifiers).map((x) => tag + x),
  ];
  const own = strings(n.ownAliases ?? n.aliases);
  const ownIds = strings(n.ownIdentifiers ?? n.identifiers);
  had.props = {
    ...n,
    ownAliases: own,
    ownIdentifiers: ownIds,
    otherNames: names,
    otherIdentifiers: ids,
    assertedBy: [...strings(n.assertedBy).filter((x) => !x.startsWith(tag)), tag + row.view],
    aliases: distinctList([...own, ...names.map(valueOf)], n.name),
    identifiers: distinctList([...ownIds, ...ids.map(valueOf)]),
  };
}

/** The loader's relationship row as named properties (family from the type, as the query sets), as CSV cells. */
function relAcc(r: RelationshipRecord, line: number, signatures: Signatures): RelAcc {
  const row = relationshipRow(r);
  const props: Record<string, unknown> = { id: row[2], family: RELATIONSHIP_TYPES[r.type] };
  REL_COLUMNS.forEach((k, i) => {
    const v = row[i + 3] as PropertyValue | null;
    if (v !== null) props[k] = v;
  });
  const cells = cellsOf(props, REL_DATE_KEYS, signatures);
  return { lines: line, type: r.type, from: r.from, to: r.to, id: row[2] as string, cells };
}
