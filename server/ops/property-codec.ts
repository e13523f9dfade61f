import neo4j, {
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isPoint,
  isTime,
} from 'neo4j-driver';

/**
 * Neo4j property values as JSON that keeps their type, for backups: a string or boolean is
 * itself; an integer {"i":"<int64>"}; a float {"f":n} (or "NaN"/"Infinity"/"-Infinity"); bytes
 * {"bytes":base64}; temporal values and points as their fields ({"date":[y,m,d]}, ...); a list a
 * JSON array of these. decodeValue gives back the driver's own types, so a restore writes the same
 * type (an integer stays an integer, a datetime keeps its zone).
 */
export type Encoded =
  | string
  | boolean
  | { i: string }
  | { f: number | string }
  | { bytes: string }
  | { date: string[] }
  | { time: string[] }
  | { localtime: string[] }
  | { datetime: (string | null)[] }
  | { localdatetime: string[] }
  | { duration: string[] }
  | { point: (string | number)[] }
  | Encoded[];

export type EncodedProps = Record<string, Encoded>;

const s = (v: unknown): string => String(v);

export function encodeValue(v: unknown): Encoded {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (isInt(v) || typeof v === 'bigint') return { i: v.toString() };
  if (typeof v === 'number') return { f: Number.isFinite(v) ? v : String(v) };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v instanceof Uint8Array || v instanceof Int8Array) {
    return { bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  }
  if (isDate(v)) return { date: [s(v.year), s(v.month), s(v.day)] };
  if (isLocalTime(v)) return { localtime: [s(v.hour), s(v.minute), s(v.second), s(v.nanosecond)] };
  if (isTime(v)) {
    return {
      time: [s(v.hour), s(v.minute), s(v.second), s(v.nanosecond), s(v.timeZoneOffsetSeconds)],
    };
  }
  if (isLocalDateTime(v)) {
    return {
      localdatetime: [v.year, v.month, v.day, v.hour, v.minute, v.second, v.nanosecond].map(s),
    };
  }
  if (isDateTime(v)) {
    const fields = [v.year, v.month, v.day, v.hour, v.minute, v.second, v.nanosecond].map(s);
    const offset = v.timeZoneOffsetSeconds === undefined ? null : s(v.timeZoneOffsetSeconds);
    return { datetime: [...fields, offset, v.timeZoneId ?? null] };
  }
  if (isDuration(v)) return { duration: [s(v.months), s(v.days), s(v.seconds), s(v.nanoseconds)] };
  if (isPoint(v)) {
    return { point: [s(v.srid), v.x, v.y, ...(v.z === undefined ? [] : [v.z])] };
  }
  throw new Error(`A property value of an unknown type: ${Object.prototype.toString.call(v)}`);
}

export function encodeProps(props: Record<string, unknown>): EncodedProps {
  const out: EncodedProps = {};
  for (const key of Object.keys(props).sort()) out[key] = encodeValue(props[key]);
  return out;
}

const int = (x: string | number | null) => neo4j.int(x as string);

function fail(what: string): never {
  throw new Error(`Not a backed-up property value: ${what}`);
}

export function decodeValue(e: unknown): unknown {
  if (typeof e === 'string' || typeof e === 'boolean') return e;
  if (Array.isArray(e)) return e.map(decodeValue);
  if (!e || typeof e !== 'object') return fail(JSON.stringify(e));
  const [tag, raw] = Object.entries(e)[0] ?? fail('{}');
  if (Object.keys(e).length !== 1) fail(JSON.stringify(e));
  const f = raw as (string | number | null)[];
  switch (tag) {
    case 'i':
      if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) fail(JSON.stringify(e));
      return neo4j.int(raw);
    case 'f':
      if (typeof raw === 'number') return raw;
      if (raw === 'NaN' || raw === 'Infinity' || raw === '-Infinity') return Number(raw);
      return fail(JSON.stringify(e));
    case 'bytes':
      return new Int8Array(Buffer.from(String(raw), 'base64'));
    case 'date':
      return new neo4j.types.Date(int(f[0]), int(f[1]), int(f[2]));
    case 'localtime':
      return new neo4j.types.LocalTime(int(f[0]), int(f[1]), int(f[2]), int(f[3]));
    case 'time':
      return new neo4j.types.Time(int(f[0]), int(f[1]), int(f[2]), int(f[3]), int(f[4]));
    case 'localdatetime':
      return new neo4j.types.LocalDateTime(
        int(f[0]),
        int(f[1]),
        int(f[2]),
        int(f[3]),
        int(f[4]),
        int(f[5]),
        int(f[6]),
      );
    case 'datetime':
      return new neo4j.types.DateTime(
        int(f[0]),
        int(f[1]),
        int(f[2]),
        int(f[3]),
        int(f[4]),
        int(f[5]),
        int(f[6]),
        f[7] === null ? undefined : int(f[7]),
        f[8] === null ? undefined : String(f[8]),
      );
    case 'duration':
      return new neo4j.types.Duration(int(f[0]), int(f[1]), int(f[2]), int(f[3]));
    case 'point':
      return f.length === 4
        ? new neo4j.types.Point(int(f[0]), Number(f[1]), Number(f[2]), Number(f[3]))
        : new neo4j.types.Point(int(f[0]), Number(f[1]), Number(f[2]));
    default:
      return fail(JSON.stringify(e));
  }
}

export function decodeProps(props: unknown): Record<string, unknown> {
  if (!props || typeof props !== 'object' || Array.isArray(props)) fail(JSON.stringify(props));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props as Record<string, unknown>)) out[k] = decodeValue(v);
  return out;
}
