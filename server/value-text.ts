/**
 * Neo4j's own text for the values the driver cannot print the way Neo4j does: temporals (seconds
 * always shown, fractions without trailing zeros, years beyond 9999 signed), durations (Neo4j's
 * `toString()`: `P30Y8M`, `PT0S`, `PT-1.5S`), floats (Java's `Double.toString`: `2.0`, `1.0E20`,
 * `NaN`) and points as WKT (`SRID=4326;POINT (2.0 1.0)`). Checked against `toString()` in Cypher
 * by test/console-values.test.ts.
 */
import {
  isDate,
  isDateTime,
  isDuration,
  isLocalDateTime,
  isLocalTime,
  isTime,
  type Date as Neo4jDate,
  type DateTime,
  type Duration,
  type LocalDateTime,
  type LocalTime,
  type Point,
  type Time,
} from 'neo4j-driver';

type Whole = number | bigint | { toString(): string };

/** Driver integers (Integer, number or bigint) as exact bigints. */
function big(v: Whole): bigint {
  return BigInt(typeof v === 'bigint' ? v : v.toString());
}

function pad(v: Whole, width: number): string {
  return String(big(v)).padStart(width, '0');
}

/** A nanosecond fraction as Neo4j writes it: `.1`, `.645876`; nothing when zero. */
function fraction(nanos: bigint): string {
  if (nanos === 0n) return '';
  return `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
}

function yearText(year: bigint): string {
  if (year > 9999n) return `+${year}`;
  if (year < 0n) return `-${String(-year).padStart(4, '0')}`;
  return String(year).padStart(4, '0');
}

/** `Z`, `+01:00` or `-08:30:15`, like java.time.ZoneOffset. */
export function offsetText(seconds: Whole): string {
  const total = big(seconds);
  if (total === 0n) return 'Z';
  const abs = total < 0n ? -total : total;
  const text = `${total < 0n ? '-' : '+'}${pad(abs / 3600n, 2)}:${pad((abs / 60n) % 60n, 2)}`;
  return abs % 60n === 0n ? text : `${text}:${pad(abs % 60n, 2)}`;
}

function dateText(d: { year: Whole; month: Whole; day: Whole }): string {
  return `${yearText(big(d.year))}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

function localTimeText(t: {
  hour: Whole;
  minute: Whole;
  second: Whole;
  nanosecond: Whole;
}): string {
  return `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${fraction(big(t.nanosecond))}`;
}

/** Neo4j's text of a Date, Time, LocalTime, DateTime or LocalDateTime. */
export function temporalText(v: Neo4jDate | Time | LocalTime | DateTime | LocalDateTime): string {
  if (isDate(v)) return dateText(v);
  if (isLocalTime(v)) return localTimeText(v);
  if (isTime(v)) return `${localTimeText(v)}${offsetText((v as Time).timeZoneOffsetSeconds)}`;
  if (isLocalDateTime(v)) return `${dateText(v)}T${localTimeText(v)}`;
  const dt = v as DateTime;
  const offset =
    dt.timeZoneOffsetSeconds === undefined || dt.timeZoneOffsetSeconds === null
      ? ''
      : offsetText(dt.timeZoneOffsetSeconds);
  const zone = dt.timeZoneId ? `[${dt.timeZoneId}]` : '';
  return `${dateText(dt)}T${localTimeText(dt)}${offset}${zone}`;
}

/** Neo4j's `toString()` of a duration: `P30Y8M`, `P1DT12H`, `PT-1.5S`, `PT0S`. */
export function durationText(d: Duration): string {
  const months = big(d.months);
  const days = big(d.days);
  let seconds = big(d.seconds);
  let nanos = big(d.nanoseconds);
  let out = 'P';
  const part = (n: bigint, unit: string) => {
    if (n !== 0n) out += `${n}${unit}`;
  };
  part(months / 12n, 'Y');
  part(months % 12n, 'M');
  part(days, 'D');
  if (seconds !== 0n || nanos !== 0n) {
    // The driver keeps nanos in [0, 1e9); Neo4j gives them the sign of the seconds.
    if (seconds < 0n && nanos > 0n) {
      seconds += 1n;
      nanos -= 1_000_000_000n;
    }
    out += 'T';
    part(seconds / 3600n, 'H');
    part((seconds % 3600n) / 60n, 'M');
    const s = seconds % 60n;
    const sign = s === 0n && nanos < 0n ? '-' : '';
    if (s !== 0n || nanos !== 0n) out += `${sign}${s}${fraction(nanos < 0n ? -nanos : nanos)}S`;
  }
  return out === 'P' ? 'PT0S' : out;
}

/** Java's `Double.toString`, which Neo4j uses: `2.0`, `0.001`, `1.0E-4`, `1.23456789E8`, `NaN`. */
export function floatText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  // Java 17 (Neo4j 5.26's runtime) prints the smallest subnormal with two digits.
  if (Math.abs(n) === Number.MIN_VALUE) return n < 0 ? '-4.9E-324' : '4.9E-324';
  const abs = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(abs);
    return sign + (s.includes('.') ? s : `${s}.0`);
  }
  // Shortest round-trip digits, written d.dddE±x as Java does.
  const [mantissa, exp] = abs.toExponential().split('e');
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${sign}${digits}E${Number(exp)}`;
}

/** Neo4j's typed-JSON (WKT) text of a point: `SRID=7203;POINT (1.0 2.0)`, `POINT Z (...)`. */
export function pointText(p: Point): string {
  const coords = [p.x, p.y, ...(p.z === undefined ? [] : [p.z])].map(floatText).join(' ');
  return `SRID=${String(big(p.srid))};POINT ${p.z === undefined ? '' : 'Z '}(${coords})`;
}

/** Neo4j's text for any temporal or duration value; null for anything else. */
export function timeText(v: unknown): string | null {
  if (isDuration(v)) return durationText(v);
  if (isDate(v) || isTime(v) || isLocalTime(v) || isDateTime(v) || isLocalDateTime(v)) {
    return temporalText(v);
  }
  return null;
}
