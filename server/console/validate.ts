/**
 * Console layer 1: input validation.
 *
 * The body must be `{"query": string, "params"?: object}`:
 * - `query`: a non-empty string (not only whitespace) of at most 20 000 characters;
 * - `params`: a plain JSON object of at most 50 keys, nested at most 20 levels deep, with no
 *   `__proto__`, `constructor` or `prototype` key at any depth (checked on the parsed JSON before
 *   anything copies it, so the keys can never reach an object's prototype).
 * Body size is capped earlier by express.json (64 kB, 413 BODY_TOO_LARGE).
 * Failures are 400 INVALID_REQUEST naming the field. Plain JSON params: integral JSON numbers
 * (`1`, and also `1.0`, which JSON cannot tell apart) become Neo4j Integers (so `LIMIT $n`
 * works), other numbers Floats, strings stay strings (a date is a String), objects Maps, arrays
 * Lists. For any other type, or a Float that is whole, send typed params (`Content-Type:
 * application/vnd.neo4j.query`, server/typed-json.ts).
 */
import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { AppError } from '../errors';
import { fromTyped } from '../typed-json';

export const MAX_QUERY_LENGTH = 20_000;
export const MAX_PARAM_KEYS = 50;
export const MAX_PARAM_DEPTH = 20;
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

export interface ConsoleRequest {
  query: string;
  params: Record<string, unknown>;
}

const requestSchema = z.strictObject({
  query: z
    .string({ error: 'expected a string' })
    .max(MAX_QUERY_LENGTH, `at most ${MAX_QUERY_LENGTH} characters`)
    .refine((q) => q.trim().length > 0, 'must not be empty'),
  params: z.unknown().optional(),
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function invalid(message: string): AppError {
  return new AppError(400, 'INVALID_REQUEST', message);
}

/** Walks a parsed JSON value; refuses dangerous keys and excessive depth. */
function checkValue(value: unknown, path: string, depth: number): void {
  if (depth > MAX_PARAM_DEPTH) throw invalid(`${path}: nested too deeply`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkValue(v, `${path}[${i}]`, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    if (!isPlainObject(value)) throw invalid(`${path}: expected a JSON object`);
    // Object.keys sees an own "__proto__" key as JSON.parse creates it.
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw invalid(`${path}: key "${key}" is not allowed`);
      checkValue(value[key], `${path}.${key}`, depth + 1);
    }
  } else if (
    typeof value !== 'string' &&
    typeof value !== 'number' &&
    typeof value !== 'boolean' &&
    value !== null
  ) {
    throw invalid(`${path}: not a JSON value`);
  }
}

/** JSON → driver values: integral numbers become Integers, objects and lists are rebuilt. */
function toDriverValue(value: unknown): unknown {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  }
  if (Array.isArray(value)) return value.map(toDriverValue);
  if (value !== null && typeof value === 'object') {
    // Safe to assign: checkValue already refused __proto__/constructor/prototype keys.
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      out[key] = toDriverValue((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * Validates a console request body; throws AppError 400 INVALID_REQUEST. With `typedParams`
 * every param is Neo4j typed JSON ({"$type", "_value"}, read by server/typed-json.ts).
 */
export function parseConsoleRequest(body: unknown, typedParams = false): ConsoleRequest {
  if (!isPlainObject(body)) throw invalid('The body must be a JSON object {"query", "params"}');
  // Check keys on the raw body first: nothing below may copy a "__proto__" key.
  for (const key of Object.keys(body)) {
    if (FORBIDDEN_KEYS.has(key)) throw invalid(`key "${key}" is not allowed`);
  }
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw invalid(`${field}${issue.message}`);
  }
  const rawParams = body.params;
  if (rawParams === undefined || rawParams === null)
    return { query: parsed.data.query, params: {} };
  if (!isPlainObject(rawParams)) throw invalid('params: expected a JSON object');
  const keys = Object.keys(rawParams);
  if (keys.length > MAX_PARAM_KEYS) throw invalid(`params: at most ${MAX_PARAM_KEYS} keys`);
  checkValue(rawParams, 'params', 0);
  if (typedParams) {
    const params: Record<string, unknown> = {};
    for (const key of keys) params[key] = fromTyped(rawParams[key], `params.${key}`);
    return { query: parsed.data.query, params };
  }
  return {
    query: parsed.data.query,
    params: toDriverValue(rawParams) as Record<string, unknown>,
  };
}
