/**
 * Runs TCK scenarios two ways against one empty database: through the real app's console
 * (`POST /api/cypher` over HTTP, typed JSON both ways) and directly through the driver (a read
 * transaction, the same query and parameters, values encoded with the same typed-JSON writer),
 * and checks each against the TCK's expected outcome.
 */
import type { Driver } from 'neo4j-driver';
import type { TypedValue } from '../../server/typed-json';
import { fromTyped, toTyped } from '../../server/typed-json';
import type { TckScenario } from './features';
import { bagMatches, matches, parseTckValue, tckToTyped, type TckValue } from './values';

export interface Outcome {
  pass: boolean;
  /** Why not, or what came back, in one line. */
  detail: string;
}

export interface ScenarioResult {
  id: string;
  query: string;
  console: Outcome;
  direct: Outcome;
}

interface Answer {
  columns: string[];
  rows: TypedValue[][];
}

type Got =
  { ok: true; answer: Answer } | { ok: false; status: number; code: string; message: string };

const short = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

function show(v: TypedValue): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x &&
    typeof x === 'object' &&
    '$type' in x &&
    '_value' in x &&
    typeof (x as TypedValue)._value !== 'object'
      ? `${(x as TypedValue).$type}(${String((x as TypedValue)._value)})`
      : x,
  );
}

/** Compares an answer (or error) with the scenario's expectation. */
export function judge(s: TckScenario, got: Got): Outcome {
  const e = s.expect;
  if (e.kind === 'error') {
    if (got.ok) {
      return {
        pass: false,
        detail: `expected ${e.type} (${e.detail}), got ${got.answer.rows.length} row(s): ${short(got.answer.rows.map((r) => r.map(show).join(' | ')).join('; '))}`,
      };
    }
    if (got.status === 403)
      return { pass: false, detail: `refused by the console: ${got.code} ${got.message}` };
    if (got.status >= 500 && got.status !== 504) {
      return { pass: false, detail: `server error ${got.status} ${got.code}: ${got.message}` };
    }
    return { pass: true, detail: `${got.code}: ${short(got.message, 160)}` };
  }
  if (!got.ok)
    return { pass: false, detail: `error ${got.status} ${got.code}: ${short(got.message, 200)}` };
  const { columns, rows } = got.answer;
  if (e.kind === 'empty') {
    return rows.length === 0
      ? { pass: true, detail: 'empty' }
      : {
          pass: false,
          detail: `expected no rows, got ${rows.length}: ${short(rows.map((r) => r.map(show).join(' | ')).join('; '))}`,
        };
  }
  const header = e.header.map((h) => h.trim());
  if ([...header].sort().join('\u0000') !== [...columns].sort().join('\u0000')) {
    return {
      pass: false,
      detail: `columns ${JSON.stringify(columns)}, expected ${JSON.stringify(header)}`,
    };
  }
  const order = header.map((h) => columns.indexOf(h));
  let expected: TckValue[][];
  try {
    expected = e.rows.map((r) => r.map(parseTckValue));
  } catch (err) {
    return { pass: false, detail: `cannot read the expected table: ${(err as Error).message}` };
  }
  const actual = rows.map((r) => order.map((i) => r[i]));
  const rowEq = (x: TckValue[], y: TypedValue[]) =>
    x.every((v, i) => matches(v, y[i], e.unorderedLists));
  const ok =
    expected.length === actual.length &&
    (e.ordered
      ? expected.every((r, i) => rowEq(r, actual[i]))
      : bagMatches(expected, actual, rowEq));
  const got1 = short(actual.map((r) => r.map(show).join(' | ')).join('; '));
  return ok
    ? { pass: true, detail: got1 }
    : {
        pass: false,
        detail: `expected ${short(e.rows.map((r) => r.join(' | ')).join('; '), 200)}; got ${got1}`,
      };
}

function typedParams(s: TckScenario): Record<string, TypedValue> {
  return Object.fromEntries(
    Object.entries(s.params).map(([k, v]) => [k, tckToTyped(parseTckValue(v))]),
  );
}

/** Through the app: POST {base}/api/cypher, typed JSON both ways. */
export async function viaConsole(base: string, s: TckScenario): Promise<Got> {
  const res = await fetch(`${base}/api/cypher`, {
    method: 'POST',
    headers: {
      Accept: 'application/vnd.neo4j.query',
      'Content-Type': 'application/vnd.neo4j.query',
    },
    body: JSON.stringify({ query: s.query, params: typedParams(s) }),
  });
  const body = (await res.json()) as Answer & { error?: { code: string; message: string } };
  if (!res.ok) {
    return {
      ok: false,
      status: res.status,
      code: body.error?.code ?? '?',
      message: body.error?.message ?? '',
    };
  }
  return { ok: true, answer: { columns: body.columns, rows: body.rows } };
}

/** Directly: a read transaction on the driver, params as driver values. */
export async function viaDriver(driver: Driver, s: TckScenario, timeoutMs = 10_000): Promise<Got> {
  const params = Object.fromEntries(
    Object.entries(typedParams(s)).map(([k, v]) => [k, fromTyped(v, k)]),
  );
  const session = driver.session({ defaultAccessMode: 'READ' });
  try {
    const answer = await session.executeRead(
      async (tx) => {
        const result = tx.run(s.query, params);
        const columns = [...(await result.keys())] as string[];
        const { records } = await result;
        return { columns, rows: records.map((r) => r.keys.map((k) => toTyped(r.get(k)))) };
      },
      { timeout: timeoutMs },
    );
    return { ok: true, answer };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { ok: false, status: 400, code: e.code ?? 'ERROR', message: e.message ?? String(err) };
  } finally {
    await session.close();
  }
}

export async function runScenario(
  base: string,
  driver: Driver,
  s: TckScenario,
): Promise<ScenarioResult> {
  const [c, d] = [await viaConsole(base, s), await viaDriver(driver, s)];
  return { id: s.id, query: s.query.trim(), console: judge(s, c), direct: judge(s, d) };
}
