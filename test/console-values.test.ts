import request from 'supertest';
import type { GraphPayload, JsonValue } from '../client/src/api';
import { cellView, csvText } from '../client/src/console-values';
import { toCsv } from '../client/src/export';
import { consoleTestApp, type ConsoleTestApp } from './helpers/checksum';

const TYPED = 'application/vnd.neo4j.query';

let t: ConsoleTestApp;
beforeAll(() => {
  t = consoleTestApp({ timeoutMs: 5000, graceMs: 2000, rowCap: 100 });
});
afterAll(() => t.close());

interface Typed {
  $type: string;
  _value: unknown;
}
interface Answer {
  columns: string[];
  rows: unknown[][];
  graph: { nodes: { id: string }[]; edges: { source: string; target: string }[] };
  summary: { queryType: string };
  truncated: boolean;
}

const plain = async (query: string, params: Record<string, unknown> = {}) =>
  (await request(t.app).post('/api/cypher').send({ query, params }).expect(200)).body as Answer;

/** Typed answer; params typed too when `typedParams` (else plain JSON). */
async function typed(
  query: string,
  params: Record<string, unknown> = {},
  typedParams = false,
): Promise<Answer> {
  const res = await request(t.app)
    .post('/api/cypher')
    .set('Accept', TYPED)
    .set('Content-Type', typedParams ? TYPED : 'application/json')
    .send(JSON.stringify({ query, params }))
    .expect(200);
  expect(res.headers['content-type']).toMatch(/^application\/vnd\.neo4j\.query/);
  return JSON.parse(res.text) as Answer;
}

/** The single row of a typed answer as {column: typed value}. */
async function typedRow(query: string, params: Record<string, unknown> = {}, typedParams = false) {
  const a = await typed(query, params, typedParams);
  return Object.fromEntries(a.columns.map((c, i) => [c, a.rows[0][i] as Typed]));
}

describe('POST /api/cypher, Accept: application/vnd.neo4j.query: every value typed', () => {
  it('types scalars, with integers and floats as full-precision strings', async () => {
    const r = await typedRow(
      `RETURN null AS n, true AS b, 9007199254740993 AS big, -42 AS i, 2.0 AS two,
              0.1 + 0.2 AS sum, 1e300 * 10 AS large, 0.0/0.0 AS nan,
              'NaN' AS nanText, 1.0/0 AS inf, -1.0/0 AS negInf, -0.0 AS negZero, 'ab' AS s`,
    );
    expect(r).toEqual({
      n: { $type: 'Null', _value: null },
      b: { $type: 'Boolean', _value: true },
      big: { $type: 'Integer', _value: '9007199254740993' },
      i: { $type: 'Integer', _value: '-42' },
      two: { $type: 'Float', _value: '2.0' },
      sum: { $type: 'Float', _value: '0.30000000000000004' },
      large: { $type: 'Float', _value: '1.0E301' },
      nan: { $type: 'Float', _value: 'NaN' },
      nanText: { $type: 'String', _value: 'NaN' },
      inf: { $type: 'Float', _value: 'Infinity' },
      negInf: { $type: 'Float', _value: '-Infinity' },
      negZero: { $type: 'Float', _value: '-0.0' },
      s: { $type: 'String', _value: 'ab' },
    });
  });

  it('keeps an aggregate over floats a Float (max of 1.0 and 2.0 is 2.0)', async () => {
    const r = await typedRow('UNWIND [1.0, 2.0] AS x RETURN max(x) AS mx');
    expect(r.mx).toEqual({ $type: 'Float', _value: '2.0' });
  });

  it('types temporals, durations and points in the text Neo4j writes', async () => {
    const r = await typedRow(
      `RETURN date('2015-06-24') AS d, time('12:31') AS t, localtime('12:31:14.1') AS lt,
              datetime('2015-07-21T21:40:32.142+0100') AS odt,
              datetime('2015-07-21T21:40:32.142[Europe/London]') AS zdt,
              localdatetime('2015-07-21T21:40') AS ldt,
              duration.inMonths(date('1984-10-11'), date('2015-06-24')) AS months,
              duration('PT0S') AS zero, duration({seconds: -1.5}) AS neg,
              point({x: 1, y: 2.5}) AS p2, point({x: 1, y: 2, z: 3}) AS p3,
              point({latitude: 48.85, longitude: 2.35}) AS geo`,
    );
    expect(r).toEqual({
      d: { $type: 'Date', _value: '2015-06-24' },
      t: { $type: 'Time', _value: '12:31:00Z' },
      lt: { $type: 'LocalTime', _value: '12:31:14.1' },
      odt: { $type: 'OffsetDateTime', _value: '2015-07-21T21:40:32.142+01:00' },
      zdt: { $type: 'ZonedDateTime', _value: '2015-07-21T21:40:32.142+01:00[Europe/London]' },
      ldt: { $type: 'LocalDateTime', _value: '2015-07-21T21:40:00' },
      months: { $type: 'Duration', _value: 'P30Y8M' },
      zero: { $type: 'Duration', _value: 'PT0S' },
      neg: { $type: 'Duration', _value: 'PT-1.5S' },
      p2: { $type: 'Point', _value: 'SRID=7203;POINT (1.0 2.5)' },
      p3: { $type: 'Point', _value: 'SRID=9157;POINT Z (1.0 2.0 3.0)' },
      geo: { $type: 'Point', _value: 'SRID=4326;POINT (2.35 48.85)' },
    });
  });

  it("writes every temporal, duration and float exactly as Neo4j's own toString()", async () => {
    const a = await typed(
      `UNWIND [time('12:31'), localtime('12:31:14.645876'), time('12:31:14.645876123+01:00'),
               time('10:35-08:30'), datetime('2015-07-21T21:40Z'), date('-0001-01-01'),
               date('+12345-01-01'), datetime({year: 2015, month: 7, day: 21, timezone: 'UTC'}),
               datetime('1900-01-01T00:00[Europe/Paris]'), duration('P1DT-0.5S'),
               duration({seconds: -3601.25}), duration({minutes: -90}), duration({months: -14}),
               duration('P1Y2M3W4DT5H6M7.008009S'), duration({days: 1.5}),
               duration({months: 5, days: -3, hours: -2}), duration('PT0.000000001S'),
               1.0, 2.0e20, 1e-5, 0.001, 1.0/3, 123456789.0, 1e7, 9999999.0, 100.0, 1e21,
               5e-324, 1.7976931348623157e308] AS v
       RETURN v, toString(v) AS text`,
    );
    expect(a.rows.length).toBe(29);
    for (const [v, text] of a.rows as Typed[][]) expect(v._value).toBe(text._value);
  });

  it('types lists and maps all the way down', async () => {
    const r = await typedRow(
      "RETURN [1, 'a', null, [2.5]] AS list, {k: 1, d: {x: date('2024-01-01')}} AS m",
    );
    expect(r.list).toEqual({
      $type: 'List',
      _value: [
        { $type: 'Integer', _value: '1' },
        { $type: 'String', _value: 'a' },
        { $type: 'Null', _value: null },
        { $type: 'List', _value: [{ $type: 'Float', _value: '2.5' }] },
      ],
    });
    expect(r.m).toEqual({
      $type: 'Map',
      _value: {
        k: { $type: 'Integer', _value: '1' },
        d: { $type: 'Map', _value: { x: { $type: 'Date', _value: '2024-01-01' } } },
      },
    });
  });

  it('types nodes, relationships and paths in Neo4j shapes; graph, columns and summary unchanged', async () => {
    const query =
      "MATCH p = (a:Organization {id: 'org:meta'})-[r:OWNS]->(b) RETURN a, r, p LIMIT 1";
    const a = await typed(query);
    const before = await plain(query);
    expect(a.columns).toEqual(['a', 'r', 'p']);
    expect(a.graph).toEqual(before.graph);
    expect(a.summary.queryType).toBe('r');
    expect(a.truncated).toBe(false);
    const [node, rel, path] = a.rows[0] as Typed[];
    expect(node.$type).toBe('Node');
    const n = node._value as {
      _element_id: string;
      _labels: string[];
      _properties: Record<string, Typed>;
    };
    expect(n._labels).toContain('Organization');
    expect(n._properties.id).toEqual({ $type: 'String', _value: 'org:meta' });
    expect(typeof n._element_id).toBe('string');
    expect(rel.$type).toBe('Relationship');
    const rv = rel._value as Record<string, unknown>;
    expect(rv._type).toBe('OWNS');
    expect(rv._start_node_element_id).toBe(n._element_id);
    expect(typeof rv._end_node_element_id).toBe('string');
    expect(path.$type).toBe('Path');
    const parts = path._value as Typed[];
    expect(parts.map((x) => x.$type)).toEqual(['Node', 'Relationship', 'Node']);
    expect(parts[1]).toEqual(rel);
  });

  it('counts the typed answer against the response-size cap', async () => {
    const small = consoleTestApp({ maxResponseBytes: 2000 });
    try {
      const query = 'UNWIND range(1, 100) AS i RETURN i';
      const plainRes = await request(small.app).post('/api/cypher').send({ query }).expect(200);
      expect(plainRes.body).toMatchObject({ truncated: false, rowCount: 100 });
      const typedRes = await request(small.app)
        .post('/api/cypher')
        .set('Accept', TYPED)
        .send({ query })
        .expect(200);
      const body = JSON.parse(typedRes.text) as Answer & { truncatedBy: string };
      expect(body).toMatchObject({ truncated: true, truncatedBy: 'bytes' });
      expect(typedRes.text.length).toBeLessThan(2000 + 1000);
    } finally {
      await small.close();
    }
  });

  it('keeps plain JSON the default', async () => {
    const res = await request(t.app)
      .post('/api/cypher')
      .send({ query: 'RETURN 2.0 AS f, 7 AS i' })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.rows).toEqual([[2, 7]]);
  });
});

describe('POST /api/cypher, plain JSON: valid durations and Neo4j temporal text', () => {
  it('answers durations as valid ISO 8601 and times as Neo4j writes them', async () => {
    const a = await plain(
      `RETURN duration.inMonths(date('1984-10-11'), date('2015-06-24')) AS months,
              duration('PT0S') AS zero, duration({months: -14}) AS neg, time('12:31') AS t,
              localtime('12:31:14.1') AS lt, datetime('2015-07-21T21:40:32.142+0100') AS dt,
              0.0/0.0 AS nan`,
    );
    expect(a.rows[0]).toEqual([
      'P30Y8M',
      'PT0S',
      'P-1Y-2M',
      '12:31:00Z',
      '12:31:14.1',
      '2015-07-21T21:40:32.142+01:00',
      'NaN',
    ]);
  });
});

describe('POST /api/cypher, Content-Type: application/vnd.neo4j.query: typed params', () => {
  // Four entries a row: jest takes a callback with more arguments than the row for `done`.
  // valueType() calls a byte array LIST<INTEGER>; its answer, ByteArray again, shows it stayed bytes.
  const cases: [string, Typed, string, Typed | null][] = [
    ['Null', { $type: 'Null', _value: null }, 'NULL', null],
    ['Boolean', { $type: 'Boolean', _value: false }, 'BOOLEAN NOT NULL', null],
    ['Integer', { $type: 'Integer', _value: '-9223372036854775808' }, 'INTEGER NOT NULL', null],
    ['Float 1.0', { $type: 'Float', _value: '1.0' }, 'FLOAT NOT NULL', null],
    ['Float NaN', { $type: 'Float', _value: 'NaN' }, 'FLOAT NOT NULL', null],
    ['Float -Infinity', { $type: 'Float', _value: '-Infinity' }, 'FLOAT NOT NULL', null],
    ['String', { $type: 'String', _value: '2024-01-01' }, 'STRING NOT NULL', null],
    [
      'ByteArray',
      { $type: 'ByteArray', _value: 'AAEC/w==' },
      'LIST<INTEGER NOT NULL> NOT NULL',
      null,
    ],
    [
      'Base64 (the Query API name, an alias)',
      { $type: 'Base64', _value: 'AAEC/w==' },
      'LIST<INTEGER NOT NULL> NOT NULL',
      { $type: 'ByteArray', _value: 'AAEC/w==' },
    ],
    ['Date', { $type: 'Date', _value: '2015-06-24' }, 'DATE NOT NULL', null],
    ['Time', { $type: 'Time', _value: '12:31:14.645876123+01:00' }, 'ZONED TIME NOT NULL', null],
    ['LocalTime', { $type: 'LocalTime', _value: '12:31:00' }, 'LOCAL TIME NOT NULL', null],
    [
      'OffsetDateTime',
      { $type: 'OffsetDateTime', _value: '2015-07-21T21:40:32.142-08:00' },
      'ZONED DATETIME NOT NULL',
      null,
    ],
    [
      'ZonedDateTime',
      { $type: 'ZonedDateTime', _value: '2015-07-21T21:40:32.142+01:00[Europe/London]' },
      'ZONED DATETIME NOT NULL',
      null,
    ],
    [
      'LocalDateTime',
      { $type: 'LocalDateTime', _value: '2015-07-21T21:40:00' },
      'LOCAL DATETIME NOT NULL',
      null,
    ],
    ['Duration', { $type: 'Duration', _value: 'P30Y8M' }, 'DURATION NOT NULL', null],
    [
      'Duration, negative fraction',
      { $type: 'Duration', _value: 'PT-1.5S' },
      'DURATION NOT NULL',
      null,
    ],
    ['Point', { $type: 'Point', _value: 'SRID=4326;POINT (2.35 48.85)' }, 'POINT NOT NULL', null],
    [
      'Point Z',
      { $type: 'Point', _value: 'SRID=9157;POINT Z (1.0 2.0 3.0)' },
      'POINT NOT NULL',
      null,
    ],
    [
      'List',
      { $type: 'List', _value: [{ $type: 'Float', _value: '2.0' }] },
      'LIST<FLOAT NOT NULL> NOT NULL',
      null,
    ],
    [
      'Map',
      { $type: 'Map', _value: { d: { $type: 'Date', _value: '2024-01-01' } } },
      'MAP NOT NULL',
      null,
    ],
  ];

  it.each(cases)(
    'reads a %s parameter as that type and answers it back unchanged',
    async (_name, value, cypherType, back) => {
      const r = await typedRow('RETURN $v AS v, valueType($v) AS t', { v: value }, true);
      expect(r.t).toEqual({ $type: 'String', _value: cypherType });
      expect(r.v).toEqual(back ?? value);
    },
  );

  it('keeps a Float 1.0 a Float, where plain JSON makes it an Integer', async () => {
    const typedAnswer = await typedRow(
      'RETURN $f AS f',
      { f: { $type: 'Float', _value: '1.0' } },
      true,
    );
    expect(typedAnswer.f).toEqual({ $type: 'Float', _value: '1.0' });
    const plainParams = await typedRow('RETURN $f AS f', { f: 1.0 });
    expect(plainParams.f).toEqual({ $type: 'Integer', _value: '1' });
  });

  it('takes the typed media type on the console only; elsewhere it stays 415', async () => {
    const res = await request(t.app)
      .post('/api/queries/clients-of')
      .set('Content-Type', TYPED)
      .send(JSON.stringify({ params: { id: 'org:scale-ai' } }));
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const form = await request(t.app).post('/api/cypher').type('form').send('query=RETURN 1');
    expect(form.status).toBe(415);
  });

  it.each([
    [{ v: 'plain' }, 'params.v: expected a typed value'],
    [
      { v: { $type: 'Integer', _value: '1.5' } },
      'params.v: an Integer _value must be a string of digits',
    ],
    [{ v: { $type: 'Integer', _value: '9223372036854775808' } }, 'out of 64-bit range'],
    [{ v: { $type: 'Date', _value: '2024-13-01' } }, 'params.v: not a valid Date'],
    [{ v: { $type: 'Duration', _value: 'P1YT' } }, 'params.v: not an ISO 8601 Duration'],
    [{ v: { $type: 'Point', _value: 'POINT (1 2)' } }, 'params.v: not a Point'],
    [
      { v: { $type: 'List', _value: [{ $type: 'Wat', _value: 1 }] } },
      'params.v[0]: unknown $type "Wat"',
    ],
    [{ v: { $type: 'Node', _value: {} } }, 'a Node cannot be a parameter'],
    [{ v: { $type: 'Map', _value: { __proto__x: { $type: 'Null', _value: null } } } }, null],
  ])('refuses a bad typed param %j with 400 naming it', async (params, message) => {
    const res = await request(t.app)
      .post('/api/cypher')
      .set('Content-Type', TYPED)
      .send(JSON.stringify({ query: 'RETURN $v AS v', params }));
    if (message === null) {
      expect(res.status).toBe(200);
      return;
    }
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_REQUEST');
    expect(res.body.error.message).toContain(message);
  });
});

describe("the console table's text (client/src/console-values.ts) for a typed answer", () => {
  it('shows 2.0 vs 2, the float NaN vs the string "NaN", dates marked as dates; CSV writes the same text', async () => {
    const a = await typed(
      `RETURN 2.0 AS f, 2 AS i, 'NaN' AS s, 0.0/0.0 AS nan, date('2015-06-24') AS d,
              duration.inMonths(date('1984-10-11'), date('2015-06-24')) AS dur, null AS n,
              [1.0, 'a', null] AS l, {k: -0.0} AS m`,
    );
    const row = a.rows[0] as JsonValue[];
    const graph = a.graph as unknown as GraphPayload;
    const views = row.map((v) => cellView(v, graph));
    expect(views.map((v) => v.text)).toEqual([
      '2.0',
      '2',
      '"NaN"',
      'NaN',
      '2015-06-24',
      'P30Y8M',
      '',
      '[1.0, "a", null]',
      '{k: -0.0}',
    ]);
    expect(views.map((v) => v.type)).toEqual([
      'Float',
      'Integer',
      'String',
      'Float',
      'Date',
      'Duration',
      'Null',
      'List',
      'Map',
    ]);
    expect(views.map((v) => v.badge)).toEqual([
      null,
      null,
      null,
      null,
      'Date',
      'Duration',
      null,
      null,
      null,
    ]);
    const csv = toCsv(a.columns, [row.map((v) => csvText(v, graph))]);
    expect(csv.split('\r\n')[1]).toBe(
      '"2.0","2","NaN","NaN","2015-06-24","P30Y8M","","[1.0, ""a"", null]","{k: -0.0}"',
    );
  });

  it('names nodes and relationships of a typed answer as the graph does', async () => {
    const a = await typed(
      "MATCH p = (a:Organization {id: 'org:meta'})-[r:OWNS]->(b) RETURN a, r, p LIMIT 1",
    );
    const graph = a.graph as unknown as GraphPayload;
    const [node, rel, path] = (a.rows[0] as JsonValue[]).map((v) => cellView(v, graph).text);
    const target = graph.nodes.find((n) => n.id !== 'org:meta')!;
    const name = String(target.properties.name);
    expect(node).toBe('(Meta)');
    expect(rel).toBe(`(Meta)-[:OWNS]->(${name})`);
    expect(path).toBe(`(Meta)-[:OWNS]->(${name})`);
  });
});
