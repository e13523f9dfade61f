/**
 * Neo4j's typed JSON (the Query API convention, media type `application/vnd.neo4j.query`): every
 * value is `{"$type": T, "_value": V}`, integers and floats as full-precision strings, temporals
 * and durations in Neo4j's text, points as WKT, byte arrays as base64 (`$type` "ByteArray", the
 * name our contract uses; Neo4j's Query API says "Base64", accepted on input too), nodes/relationships with `_element_id`, `_labels`,
 * `_type`, `_start_node_element_id`, `_end_node_element_id`, `_properties`, a path as the list
 * of its nodes and relationships in order.
 *
 * `toTyped` encodes driver values; `fromTyped` reads typed parameters back into driver values
 * (refusing structural types, which Neo4j does not take as parameters).
 */
import neo4j, {
  Date as Neo4jDate,
  DateTime,
  Duration,
  LocalDateTime,
  LocalTime,
  Point,
  Time,
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isNode,
  isPath,
  isPoint,
  isRelationship,
  isTime,
  type Integer,
  type Node,
  type Relationship,
} from 'neo4j-driver';
import { AppError } from './errors';
import type { TypedPayload, TypedValue, TypeName } from './typed-value';
import { durationText, floatText, pointText, temporalText } from './value-text';

export type { TypedValue, TypeName } from './typed-value';

/** The media type of typed JSON, in Accept (answers) and Content-Type (params). */
export const TYPED_MEDIA_TYPE = 'application/vnd.neo4j.query';

/** `application/vnd.neo4j.query`, optionally versioned (`.v1.1`) as Neo4j's clients send it. */
const TYPED_MEDIA_RE = /^application\/vnd\.neo4j\.query(\.v\d+(\.\d+)?)?\s*(;|$)/i;

export function isTypedMediaType(header: string | undefined): boolean {
  return header !== undefined && TYPED_MEDIA_RE.test(header.trim());
}

/** Byte arrays as the driver gives them (Int8Array) or a caller might (Uint8Array). */
export function isBytes(v: unknown): v is Int8Array | Uint8Array {
  return v instanceof Int8Array || v instanceof Uint8Array;
}

export function bytesToBase64(v: Int8Array | Uint8Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

const typed = (t: TypeName, v: TypedPayload): TypedValue => ({ $type: t, _value: v });

function typedMap(m: Record<string, unknown>): Record<string, TypedValue> {
  const out: Record<string, TypedValue> = {};
  for (const [k, v] of Object.entries(m)) out[k] = toTyped(v);
  return out;
}

function typedNode(n: Node): TypedValue {
  return typed('Node', {
    _element_id: n.elementId,
    _labels: [...n.labels],
    _properties: typedMap(n.properties),
  });
}

function typedRelationship(r: Relationship): TypedValue {
  return typed('Relationship', {
    _element_id: r.elementId,
    _start_node_element_id: r.startNodeElementId,
    _end_node_element_id: r.endNodeElementId,
    _type: r.type,
    _properties: typedMap(r.properties),
  });
}

/** One driver value as typed JSON. */
export function toTyped(value: unknown): TypedValue {
  if (value === null || value === undefined) return typed('Null', null);
  if (typeof value === 'boolean') return typed('Boolean', value);
  if (isInt(value) || typeof value === 'bigint') return typed('Integer', value.toString());
  if (typeof value === 'number') return typed('Float', floatText(value));
  if (typeof value === 'string') return typed('String', value);
  if (isBytes(value)) return typed('ByteArray', bytesToBase64(value));
  if (Array.isArray(value)) return typed('List', value.map(toTyped));
  if (isDate(value)) return typed('Date', temporalText(value));
  if (isTime(value)) return typed('Time', temporalText(value));
  if (isLocalTime(value)) return typed('LocalTime', temporalText(value));
  if (isLocalDateTime(value)) return typed('LocalDateTime', temporalText(value));
  if (isDateTime(value)) {
    return typed(value.timeZoneId ? 'ZonedDateTime' : 'OffsetDateTime', temporalText(value));
  }
  if (isDuration(value)) return typed('Duration', durationText(value));
  if (isPoint(value)) return typed('Point', pointText(value));
  if (isNode(value)) return typedNode(value);
  if (isRelationship(value)) return typedRelationship(value);
  if (isPath(value)) {
    const parts: TypedValue[] = [typedNode(value.start)];
    for (const s of value.segments) parts.push(typedRelationship(s.relationship), typedNode(s.end));
    return typed('Path', parts);
  }
  if (typeof value === 'object') return typed('Map', typedMap(value as Record<string, unknown>));
  return typed('String', String(value));
}

// ---------------------------------------------------------------------------------------------
// Typed parameters → driver values

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 20;

function invalid(path: string, message: string): AppError {
  return new AppError(400, 'INVALID_REQUEST', `${path}: ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const INT_RE = /^[+-]?\d+$/;
const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = String.raw`([+-]?\d{4,9})-(\d{2})-(\d{2})`;
const TIME = String.raw`(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?`;
const OFFSET = String.raw`(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)`;
const ZONE = String.raw`\[([A-Za-z0-9_+\-/]+)\]`;
const DATE_RE = new RegExp(`^${DATE}$`);
const LOCAL_TIME_RE = new RegExp(`^${TIME}$`);
const TIME_RE = new RegExp(`^${TIME}${OFFSET}$`);
const LOCAL_DATE_TIME_RE = new RegExp(`^${DATE}T${TIME}$`);
const DATE_TIME_RE = new RegExp(`^${DATE}T${TIME}(?:${OFFSET})?(?:${ZONE})?$`);
const DURATION_RE =
  /^P(?:([+-]?\d+)Y)?(?:([+-]?\d+)M)?(?:([+-]?\d+)W)?(?:([+-]?\d+)D)?(?:T(?:([+-]?\d+)H)?(?:([+-]?\d+)M)?(?:([+-]?\d+(?:[.,]\d{1,9})?|[+-]?[.,]\d{1,9})S)?)?$/;
const NUM = String.raw`([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]?Infinity)`;
const POINT_RE = new RegExp(
  String.raw`^SRID=(\d+);\s*POINT\s*(Z\s*)?\(\s*${NUM}\s+${NUM}(?:\s+${NUM})?\s*\)$`,
  'i',
);

function stringValue(v: unknown, path: string, type: string): string {
  if (typeof v !== 'string') throw invalid(path, `a ${type} _value must be a string`);
  return v;
}

function nanosOf(frac: string | undefined): number {
  return frac ? Number(frac.padEnd(9, '0')) : 0;
}

function offsetSeconds(text: string | undefined, path: string): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?:?(\d{2})?$/.exec(text);
  if (!m) throw invalid(path, `bad offset "${text}"`);
  const s = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  if (s > 18 * 3600) throw invalid(path, `offset "${text}" is out of range`);
  return m[1] === '-' ? -s : s;
}

/** Runs a driver constructor, turning its range checks into a 400 naming the value. */
function build<T>(path: string, type: string, text: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    throw invalid(path, `not a valid ${type} "${text}" (${(e as Error).message})`);
  }
}

function parseDate(text: string, path: string): Neo4jDate<number> {
  const m = DATE_RE.exec(text);
  if (!m) throw invalid(path, `not a Date "${text}" (expected YYYY-MM-DD)`);
  return build(path, 'Date', text, () => new Neo4jDate(+m[1], +m[2], +m[3]));
}

function parseDuration(text: string, path: string): Duration<Integer> {
  const m = DURATION_RE.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    throw invalid(path, `not an ISO 8601 Duration "${text}" (e.g. P1Y2M3DT4H5M6.5S)`);
  }
  const n = (s: string | undefined) => BigInt(s ?? '0');
  const months = n(m[1]) * 12n + n(m[2]);
  const days = n(m[3]) * 7n + n(m[4]);
  const [whole, frac] = (m[7] ?? '0').replace(',', '.').split('.');
  const negative = whole.startsWith('-');
  const secPart = BigInt(whole === '-' || whole === '+' || whole === '' ? '0' : whole);
  let nanos = BigInt(nanosOf(frac));
  if (negative) nanos = -nanos;
  const seconds = n(m[5]) * 3600n + n(m[6]) * 60n + secPart;
  const int = (b: bigint) => neo4j.int(b.toString());
  return build(
    path,
    'Duration',
    text,
    () => new Duration(int(months), int(days), int(seconds), int(nanos)),
  );
}

function parsePoint(text: string, path: string): Point<Integer> {
  const m = POINT_RE.exec(text);
  if (!m) throw invalid(path, `not a Point "${text}" (expected "SRID=4326;POINT (x y)")`);
  const coord = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  if (Boolean(m[2]) !== (m[5] !== undefined)) {
    throw invalid(path, `"${text}": use POINT Z with exactly three coordinates`);
  }
  return new Point(neo4j.int(m[1]), Number(m[3]), Number(m[4]), coord(m[5]));
}

/** One typed parameter value → driver value; throws 400 INVALID_REQUEST naming the path. */
export function fromTyped(value: unknown, path = 'params', depth = 0): unknown {
  if (depth > MAX_DEPTH) throw invalid(path, 'nested too deeply');
  if (!isObject(value) || typeof value.$type !== 'string' || !('_value' in value)) {
    throw invalid(path, 'expected a typed value {"$type": ..., "_value": ...}');
  }
  const extra = Object.keys(value).filter((k) => k !== '$type' && k !== '_value');
  if (extra.length) throw invalid(path, `unexpected key "${extra[0]}" in a typed value`);
  const v = value._value;
  const type = value.$type;
  switch (type) {
    case 'Null':
      if (v !== null) throw invalid(path, 'a Null _value must be null');
      return null;
    case 'Boolean':
      if (typeof v !== 'boolean') throw invalid(path, 'a Boolean _value must be true or false');
      return v;
    case 'String':
      return stringValue(v, path, type);
    case 'Integer': {
      const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
      if (typeof text !== 'string' || !INT_RE.test(text)) {
        throw invalid(path, 'an Integer _value must be a string of digits, e.g. "42"');
      }
      const b = BigInt(text);
      if (b < INT_MIN || b > INT_MAX) throw invalid(path, `Integer ${text} is out of 64-bit range`);
      return neo4j.int(b.toString());
    }
    case 'Float': {
      if (typeof v === 'number') return v;
      const text = stringValue(v, path, type);
      if (text === 'NaN') return NaN;
      if (text === 'Infinity' || text === '+Infinity') return Infinity;
      if (text === '-Infinity') return -Infinity;
      if (!FLOAT_RE.test(text)) throw invalid(path, `not a Float "${text}"`);
      return Number(text);
    }
    case 'Base64':
    case 'ByteArray': {
      const text = stringValue(v, path, type).replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
        throw invalid(path, 'not base64');
      }
      // The driver sends an Int8Array as a ByteArray (a Uint8Array would go as a List).
      const buf = Buffer.from(text, 'base64');
      return new Int8Array(buf.buffer, buf.byteOffset, buf.length);
    }
    case 'List':
      if (!Array.isArray(v)) throw invalid(path, 'a List _value must be an array');
      return v.map((x, i) => fromTyped(x, `${path}[${i}]`, depth + 1));
    case 'Map': {
      if (!isObject(v)) throw invalid(path, 'a Map _value must be an object');
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key)) throw invalid(path, `key "${key}" is not allowed`);
        out[key] = fromTyped(v[key], `${path}.${key}`, depth + 1);
      }
      return out;
    }
    case 'Date':
      return parseDate(stringValue(v, path, type), path);
    case 'LocalTime': {
      const text = stringValue(v, path, type);
      const m = LOCAL_TIME_RE.exec(text);
      if (!m) throw invalid(path, `not a LocalTime "${text}" (expected HH:MM[:SS[.fffffffff]])`);
      return build(
        path,
        type,
        text,
        () => new LocalTime(+m[1], +m[2], +(m[3] ?? 0), nanosOf(m[4])),
      );
    }
    case 'Time': {
      const text = stringValue(v, path, type);
      const m = TIME_RE.exec(text);
      if (!m) throw invalid(path, `not a Time "${text}" (expected HH:MM[:SS[.f]] and an offset)`);
      const offset = offsetSeconds(m[5], path)!;
      return build(
        path,
        type,
        text,
        () => new Time(+m[1], +m[2], +(m[3] ?? 0), nanosOf(m[4]), offset),
      );
    }
    case 'LocalDateTime': {
      const text = stringValue(v, path, type);
      const m = LOCAL_DATE_TIME_RE.exec(text);
      if (!m) throw invalid(path, `not a LocalDateTime "${text}" (expected YYYY-MM-DDTHH:MM[:SS])`);
      return build(
        path,
        type,
        text,
        () => new LocalDateTime(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0), nanosOf(m[7])),
      );
    }
    case 'DateTime':
    case 'OffsetDateTime':
    case 'ZonedDateTime': {
      const text = stringValue(v, path, type);
      const m = DATE_TIME_RE.exec(text);
      const zoned = type === 'ZonedDateTime';
      if (!m || (m[8] === undefined && m[9] === undefined) || (type === 'OffsetDateTime' && m[9])) {
        throw invalid(
          path,
          `not a ${type} "${text}" (expected YYYY-MM-DDTHH:MM[:SS[.f]]${zoned ? '[+HH:MM][Zone/Id]' : '+HH:MM'})`,
        );
      }
      const offset = offsetSeconds(m[8], path);
      return build(
        path,
        type,
        text,
        () =>
          new DateTime(
            +m[1],
            +m[2],
            +m[3],
            +m[4],
            +m[5],
            +(m[6] ?? 0),
            nanosOf(m[7]),
            // With a zone id the zone decides the offset (Neo4j checks they agree).
            m[9] ? undefined : offset,
            m[9],
          ),
      );
    }
    case 'Duration':
      return parseDuration(stringValue(v, path, type), path);
    case 'Point':
      return parsePoint(stringValue(v, path, type), path);
    case 'Node':
    case 'Relationship':
    case 'Path':
      throw invalid(path, `a ${type} cannot be a parameter (Neo4j takes no graph values as input)`);
    default:
      throw invalid(path, `unknown $type "${type}"`);
  }
}
