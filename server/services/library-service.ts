import fs from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { CYPHER_DIR } from '../cypher';
import type { Db } from '../db/db';
import { notFound } from '../errors';
import { FAMILIES } from '../families';
import { GraphCollector, toJson, type GraphPayload, type JsonValue } from '../mapper';
import { ENTITY_ID_PATTERN } from '../routes/explorer-params';
import { isoDate } from '../routes/schemas';

export const LIBRARY_DIR = path.join(CYPHER_DIR, 'library');

/** Rows returned at most per run; more and the answer says `truncated`. */
const MAX_ROWS = 1000;

/**
 * Parameter types a library file may declare:
 *   entityId            a slug such as org:scale-ai
 *   string              free text, at most 200 characters
 *   integer MIN..MAX    a whole number in range (sent to Neo4j as an Integer)
 *   date                YYYY-MM-DD
 *   family              one of ownership, client, leadership, event
 *   families            a non-empty list of families
 *   boolean
 */
export const PARAM_TYPES = [
  'entityId',
  'string',
  'integer',
  'date',
  'family',
  'families',
  'boolean',
] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export interface LibraryParam {
  name: string;
  type: ParamType;
  required: boolean;
  default?: JsonValue;
  min?: number;
  max?: number;
  description: string;
}

export interface LibraryQuery {
  name: string;
  title: string;
  description: string;
  params: LibraryParam[];
}

interface LoadedQuery extends LibraryQuery {
  text: string;
  schema: z.ZodType<Record<string, unknown>>;
}

export interface LibraryResult {
  name: string;
  columns: string[];
  /** One array per record, values in `columns` order. */
  rows: JsonValue[][];
  /** Every node, relationship and path in the rows, with the endpoints of bare relationships. */
  graph: GraphPayload;
  truncated: boolean;
}

/**
 * Header format, `//` lines at the top of the file:
 *   // title: Clients of an entity
 *   // description: Who buys from the entity ...
 *   // param id: entityId — The supplier
 *   // param at: date? — Only relationships valid that day (optional: `?`)
 *   // param limit: integer 1..500 = 100 — Most rows (default after `=`)
 */
const PARAM_LINE =
  /^param\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([A-Za-z]+)(\?)?(?:\s+(-?\d+)\.\.(-?\d+))?(?:\s*=\s*(\S+))?\s+(?:—|--)\s+(.+)$/;

function parseDefault(type: ParamType, raw: string): JsonValue {
  if (type === 'integer') return Number(raw);
  if (type === 'boolean') return raw === 'true';
  if (type === 'families') return raw.split(',');
  return raw;
}

export function parseHeader(name: string, text: string): LibraryQuery {
  const meta: Record<string, string> = {};
  const params: LibraryParam[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\/\/\s?(.*)$/.exec(line);
    if (!m) break;
    const body = m[1].trim();
    if (body.startsWith('param ')) {
      const p = PARAM_LINE.exec(body);
      if (!p) throw new Error(`cypher/library/${name}.cypher: cannot read "${body}"`);
      const [, pname, ptype, optional, min, max, def, description] = p;
      if (!(PARAM_TYPES as readonly string[]).includes(ptype)) {
        throw new Error(`cypher/library/${name}.cypher: unknown type ${ptype} for ${pname}`);
      }
      const type = ptype as ParamType;
      if (type === 'integer' && min === undefined) {
        throw new Error(`cypher/library/${name}.cypher: integer ${pname} needs a range MIN..MAX`);
      }
      params.push({
        name: pname,
        type,
        required: !optional && def === undefined,
        ...(def !== undefined ? { default: parseDefault(type, def) } : {}),
        ...(min !== undefined ? { min: Number(min), max: Number(max) } : {}),
        description: description.trim(),
      });
    } else {
      const kv = /^(\w+)\s*:\s*(.*)$/.exec(body);
      if (kv) meta[kv[1]] = meta[kv[1]] ? `${meta[kv[1]]} ${kv[2].trim()}` : kv[2].trim();
    }
  }
  if (!meta.title) throw new Error(`cypher/library/${name}.cypher: the header needs a title`);
  return { name, title: meta.title, description: meta.description ?? '', params };
}

function valueSchema(p: LibraryParam): z.ZodType {
  switch (p.type) {
    case 'entityId':
      return z
        .string()
        .max(200)
        .regex(ENTITY_ID_PATTERN, 'expected an entity id such as org:scale-ai');
    case 'string':
      return z.string().min(1).max(200);
    case 'integer':
      return z.number().int().min(p.min!).max(p.max!);
    case 'date':
      return isoDate;
    case 'family':
      return z.enum(FAMILIES);
    case 'families':
      return z.array(z.enum(FAMILIES)).min(1).max(FAMILIES.length);
    case 'boolean':
      return z.boolean();
  }
}

/** A strict zod object from the metadata: unknown params, wrong types and missing ones all fail. */
export function paramsSchema(params: LibraryParam[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const p of params) {
    const base = valueSchema(p);
    if (p.default !== undefined) shape[p.name] = base.default(p.default as never);
    else if (!p.required) shape[p.name] = base.nullish().transform((v) => v ?? null);
    else shape[p.name] = base;
  }
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}

/** The analyst's named queries: every `cypher/library/*.cypher`, read and checked once. */
export class LibraryStore {
  private readonly queries = new Map<string, LoadedQuery>();

  constructor(dir: string = LIBRARY_DIR) {
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.cypher')) continue;
      const name = file.replace(/\.cypher$/, '');
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const meta = parseHeader(name, text);
      const declared = new Set(meta.params.map((p) => p.name));
      const code = text.replace(/\/\/.*$/gm, '');
      const used = new Set([...code.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
      for (const u of used) {
        if (!declared.has(u)) throw new Error(`cypher/library/${file}: $${u} is not declared`);
      }
      for (const d of declared) {
        if (!used.has(d)) throw new Error(`cypher/library/${file}: ${d} is declared but unused`);
      }
      this.queries.set(name, { ...meta, text, schema: paramsSchema(meta.params) });
    }
  }

  list(): LibraryQuery[] {
    return [...this.queries.values()].map(({ name, title, description, params }) => ({
      name,
      title,
      description,
      params,
    }));
  }

  get(name: string): LoadedQuery | undefined {
    return this.queries.get(name);
  }
}

export class LibraryService {
  constructor(
    private readonly db: Db,
    readonly store: LibraryStore = new LibraryStore(),
  ) {}

  list(): LibraryQuery[] {
    return this.store.list();
  }

  /** The query's param schema, for the route to validate against; 404 when there is no such query. */
  schemaOf(name: string): z.ZodType<Record<string, unknown>> {
    const query = this.store.get(name);
    if (!query) throw notFound(`Query ${name}`);
    return query.schema;
  }

  /** Runs a named query with already-validated params, in a read transaction. */
  async run(name: string, params: Record<string, unknown>): Promise<LibraryResult> {
    const query = this.store.get(name);
    if (!query) throw notFound(`Query ${name}`);
    const full: Record<string, unknown> = {};
    for (const p of query.params) {
      const value = params[p.name] ?? null;
      // Whole numbers travel as floats; Cypher wants Integers (LIMIT, ranges).
      full[p.name] = p.type === 'integer' && typeof value === 'number' ? neo4j.int(value) : value;
    }
    return this.db.readTx(async (tx) => {
      const result = tx.run(query.text, full);
      const columns = await result.keys();
      const { records } = await result;
      const kept = records.slice(0, MAX_ROWS);
      const collector = new GraphCollector();
      const rows = kept.map((rec) =>
        columns.map((c) => {
          const value = rec.get(c);
          collector.add(value);
          return toJson(value);
        }),
      );
      const missing = collector.missingEndpoints();
      if (missing.length > 0) {
        const ends = await tx.run(this.db.queries.get('nodes-by-element-ids'), { ids: missing });
        ends.records.forEach((r) => collector.add(r.get('n')));
      }
      return {
        name,
        columns: [...columns],
        rows,
        graph: collector.payload(),
        truncated: records.length > MAX_ROWS,
      };
    });
  }
}
