import { z } from 'zod';
import type { PathsObject } from './merge';

/**
 * Response payloads documented as zod schemas: `component(name, schema)` names one
 * `#/components/schemas/<name>`, and `generate` turns every zod schema in the paths into JSON
 * Schema with zod 4's own converter (one conversion, so named schemas are `$ref`s everywhere).
 */

/** A JSON Schema object as OpenAPI 3.1 takes it (JSON Schema 2020-12). */
export type Schema = Record<string, unknown>;

const named = new Map<string, z.ZodType>();
/** Components that describe what a client sends: converted on zod's input side (before defaults). */
const requests = new Set<string>();

/**
 * Names a schema as a component; the name is the contract (`/api/openapi.json` clients use it).
 * `io: 'input'` for a request body: the route's own validator, as a client writes it.
 */
export function component<S extends z.ZodType>(
  name: string,
  schema: S,
  io: 'output' | 'input' = 'output',
): S {
  const known = named.get(name);
  if (known && known !== schema) throw new Error(`OpenAPI: component ${name} is named twice`);
  named.set(name, schema);
  if (io === 'input') requests.add(name);
  return schema;
}

/** The component names, in the order they were named. */
export function componentNames(): string[] {
  return [...named.keys()];
}

/** A response body: the zod schema goes into the document as is, `generate` converts it. */
export const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
export const ok = (description: string, schema: z.ZodType) => ({
  description,
  content: json(schema),
});

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * zod writes `anyOf [X, null]` for a nullable; OpenAPI 3.1 readers (and our test) read the
 * shorter `type: [X, "null"]` best, and `oneOf` for a nullable reference. Safe-integer bounds,
 * `propertyNames: string` and `$schema`/`$id` say nothing in this document, so they go.
 */
export function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) out[key] = tidy(value);
  delete out.$schema;
  delete out.$id;
  if (out.type === 'integer' && out.minimum === -SAFE) delete out.minimum;
  if (out.type === 'integer' && out.maximum === SAFE) delete out.maximum;
  const names = out.propertyNames as Schema | undefined;
  if (names && Object.keys(names).length === 1 && names.type === 'string') delete out.propertyNames;
  if (isEmpty(out.additionalProperties)) out.additionalProperties = true;
  const anyOf = out.anyOf as Schema[] | undefined;
  if (anyOf?.length === 2 && isNull(anyOf[1]) && typeof anyOf[0].type === 'string') {
    const outer = { ...out };
    delete outer.anyOf;
    const [inner] = anyOf;
    const merged: Schema = { ...inner, ...outer, type: [inner.type, 'null'] };
    if (Array.isArray(inner.enum)) merged.enum = [...(inner.enum as unknown[]), null];
    return merged;
  }
  if (anyOf) {
    // Branches of pairwise different JSON types (a reference or null aside) match one at most.
    const flat = anyOf.flatMap((b) => (isBare(b, 'oneOf') ? (b.oneOf as Schema[]) : [b]));
    if (exclusive(flat)) {
      const outer = { ...out };
      delete outer.anyOf;
      return { ...outer, oneOf: flat };
    }
  }
  return out;
}

const isNull = (s: Schema) => Object.keys(s).length === 1 && s.type === 'null';
const isBare = (s: Schema, key: string) => Object.keys(s).length === 1 && Array.isArray(s[key]);

/** No value matches two of the branches: a oneOf says the same as the anyOf. */
function exclusive(branches: Schema[]): boolean {
  const refs = branches.filter((b) => typeof b.$ref === 'string');
  if (refs.length > 0) return refs.length === 1 && branches.length === 2 && branches.some(isNull);
  return branches.every((a, i) => branches.slice(i + 1).every((b) => disjoint(a, b)));
}

const typeOf = (s: Schema) => (s.type === 'integer' ? 'number' : s.type);

/** Different JSON types, or closed objects where one requires a key the other forbids. */
function disjoint(a: Schema, b: Schema): boolean {
  if (typeof a.type !== 'string' || typeof b.type !== 'string') return false;
  if (typeOf(a) !== typeOf(b)) return true;
  if (a.type !== 'object') return false;
  const forbids = (s: Schema, key: string) =>
    s.additionalProperties === false && !(key in ((s.properties as Schema | undefined) ?? {}));
  const requires = (s: Schema) => (s.required as string[] | undefined) ?? [];
  return requires(a).some((k) => forbids(b, k)) || requires(b).some((k) => forbids(a, k));
}
const isEmpty = (s: unknown) =>
  s !== null && typeof s === 'object' && !Array.isArray(s) && Object.keys(s).length === 0;

/** A payload object says what it carries; the server may add fields, so none is forbidden. */
function openObjects(ctx: {
  zodSchema: z.core.$ZodTypes;
  jsonSchema: z.core.JSONSchema.BaseSchema;
}): void {
  const def = ctx.zodSchema._zod.def;
  if (def.type === 'object' && def.catchall === undefined)
    delete ctx.jsonSchema.additionalProperties;
}

const isZod = (value: unknown): value is z.ZodType => value instanceof z.ZodType;

/**
 * Converts the zod schemas in `paths` (response bodies) and every named component: named
 * schemas become `$ref: #/components/schemas/<name>`, the others are written inline.
 */
export function generate(paths: PathsObject): {
  paths: PathsObject;
  schemas: Record<string, Schema>;
} {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of named) registry.add(schema, { id: name });
  // A one-off body is converted as a copy: the schema itself may be a piece used elsewhere
  // (a plain string), which must stay inline there.
  const inline = new Map<z.ZodType, string>();
  const collect = (node: unknown): void => {
    if (isZod(node)) {
      if (!registry.has(node) && !inline.has(node)) {
        const id = `__inline${inline.size}`;
        inline.set(node, id);
        const copy = node.clone();
        const meta = z.globalRegistry.get(node);
        if (meta) z.globalRegistry.add(copy, meta);
        registry.add(copy, { id });
      }
    } else if (node && typeof node === 'object') {
      for (const value of Object.values(node)) collect(value);
    }
  };
  collect(paths);
  const uri = (id: string) => `#/components/schemas/${id}`;
  const convert = (io: 'input' | 'output') => {
    const { schemas } = z.toJSONSchema(registry, {
      target: 'draft-2020-12',
      io,
      uri,
      unrepresentable: 'any',
      override: io === 'output' ? openObjects : undefined,
    }) as { schemas: Record<string, Schema> };
    if ('__shared' in schemas) throw new Error('OpenAPI: a schema was shared without a name');
    return schemas;
  };
  const answers = convert('output');
  const asSent = requests.size > 0 ? convert('input') : {};
  const tidied = Object.fromEntries(
    Object.entries(answers).map(([id, schema]) => [
      id,
      tidy(requests.has(id) ? asSent[id] : schema) as Schema,
    ]),
  );
  const place = (node: unknown): unknown => {
    if (isZod(node)) {
      const id = inline.get(node);
      return id ? tidied[id] : { $ref: uri(registry.get(node)!.id) };
    }
    if (Array.isArray(node)) return node.map(place);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, place(v)]));
    }
    return node;
  };
  const schemas: Record<string, Schema> = {};
  for (const name of named.keys()) schemas[name] = tidied[name];
  const out = { paths: place(paths) as PathsObject, schemas };
  if (JSON.stringify(out).includes('#/components/schemas/__inline')) {
    throw new Error('OpenAPI: a one-off body is also used inside a named schema; name it');
  }
  return out;
}
