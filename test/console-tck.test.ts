import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TckScenario } from '../bench/tck/features';
import { runScenario } from '../bench/tck/run';
import { parseTckValue, tckTemporalText } from '../bench/tck/values';
import { consoleTestApp, type ConsoleTestApp } from './helpers/checksum';

/**
 * A fixed handful of the openCypher TCK's graph-free scenarios (the jar through Maven, as
 * `npm run tck` gets it) through the console in typed mode and directly through the driver.
 * They only compute values (no MATCH), so the seeded test graph does not change their answer.
 * The full run is `npm run tck` (bench/README.md).
 */
const SUBSET = [
  'features/expressions/temporal/Temporal10.feature: [1] Should split between boundaries correctly',
  'features/expressions/temporal/Temporal10.feature: [7] Should compute negative duration between in big units',
  'features/expressions/temporal/Temporal2.feature: [6] Should parse date time with named time zone from string',
  'features/expressions/temporal/Temporal3.feature: [10] Should select date and time into date time',
  'features/expressions/literals/Literals6.feature: [1] Return a single-quoted empty string',
  'features/expressions/literals/Literals5.feature: [1] Return a short positive float',
  'features/expressions/mathematical/Mathematical8.feature: [1] Arithmetic precedence test',
  'features/expressions/list/List11.feature: [1] Create list from `range()` with default step',
  'features/expressions/map/Map1.feature: [1] Statically access a field of a non-null map',
  'features/expressions/typeConversion/TypeConversion1.feature: [1] `toBoolean()` on booleans',
];

let t: ConsoleTestApp;
let server: Server;
let base: string;
let scenarios: TckScenario[];

/** bench/tck/features.ts in a child process: @cucumber/gherkin is ESM only, which jest cannot load. */
function loadSelected(): TckScenario[] {
  const out = execFileSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-e',
      "process.stdout.write(JSON.stringify(require('./bench/tck/features').loadTck().selected))",
    ],
    { cwd: `${__dirname}/..`, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(out) as TckScenario[];
}

beforeAll(async () => {
  scenarios = loadSelected();
  t = consoleTestApp({ timeoutMs: 10_000, rowCap: 1000 });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});

describe('openCypher TCK subset through the console (typed JSON)', () => {
  it.each(SUBSET)('passes %s, as Neo4j does directly', async (id) => {
    const scenario = scenarios.find((s) => s.id.startsWith(id));
    expect(scenario).toBeDefined();
    expect(scenario!.query).not.toMatch(/\bMATCH\b/i);
    const result = await runScenario(base, t.driver, scenario!);
    expect(result.direct).toMatchObject({ pass: true });
    expect(result.console).toMatchObject({ pass: true });
  });

  it("reports Neo4j's own difference as Neo4j's: range(0, 1, -123) is [0] directly and through the console", async () => {
    const scenario = scenarios.find(
      (s) => s.id.includes('List11.feature') && s.query.includes('range(0, 1, -123)'),
    );
    expect(scenario).toBeDefined();
    const result = await runScenario(base, t.driver, scenario!);
    expect(result.direct.pass).toBe(false);
    expect(result.console.pass).toBe(false);
    expect(result.console.detail).toBe(result.direct.detail);
    const direct = await t.driver.executeQuery('RETURN range(0, 1, -123) AS r');
    expect(direct.records[0].get('r').map(String)).toEqual(['0']);
  });
});

describe('TCK value syntax', () => {
  it('reads nested values, floats and escaped strings', () => {
    expect(parseTckValue("[1, 2.0, 'it\\'s', {a: null, `b c`: [true]}]")).toEqual({
      kind: 'list',
      items: [
        { kind: 'int', value: 1n },
        { kind: 'float', value: 2 },
        { kind: 'string', value: "it's" },
        {
          kind: 'map',
          entries: {
            a: { kind: 'null' },
            'b c': { kind: 'list', items: [{ kind: 'bool', value: true }] },
          },
        },
      ],
    });
    expect(parseTckValue('<(:A {x: 1})-[:T]->(:B)>')).toMatchObject({ kind: 'path' });
  });

  it('adds the zero seconds the TCK leaves out of temporal text (Neo4j 5 writes them)', () => {
    expect(tckTemporalText('12:31Z')).toBe('12:31:00Z');
    expect(tckTemporalText('1984-10-11T12:00+01:00[Europe/Stockholm]')).toBe(
      '1984-10-11T12:00:00+01:00[Europe/Stockholm]',
    );
    expect(tckTemporalText('12:31:14.645876123+01:00')).toBe('12:31:14.645876123+01:00');
    expect(tckTemporalText('2015-06-24')).toBe('2015-06-24');
  });
});
