import http from 'node:http';
import net from 'node:net';
import request from 'supertest';
import { runReadQuery } from '../../server/console/run';
import { explainGate } from '../../server/console/explain';
import { AppError } from '../../server/errors';
import {
  consoleTestApp,
  graphFingerprint,
  type ConsoleTestApp,
  type GraphFingerprint,
} from '../helpers/checksum';
import { freePort } from '../helpers/ports';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw HTTP answers are untyped JSON */
/**
 * The hostile-input battery: every case asserts the exact status and error code, and the graph
 * (counts + a checksum of every label, type and property) is unchanged after all of them.
 */
const TIMEOUT_MS = 2000;
const GRACE_MS = 2000;
const ROW_CAP = 1000;

let t: ConsoleTestApp;
let before: GraphFingerprint;
let listener: net.Server;
let listenerPort: number;
let connections = 0;
const figures = { cases: 0, refused: 0, serverErrors: 0 };

beforeAll(async () => {
  t = consoleTestApp({ timeoutMs: TIMEOUT_MS, graceMs: GRACE_MS, rowCap: ROW_CAP });
  before = await graphFingerprint(t.db);
  listenerPort = await freePort();
  listener = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(listenerPort, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  console.log(
    `console battery: ${figures.cases} cases, ${figures.refused} refused (4xx), ${figures.serverErrors} 5xx other than 504`,
  );
  await t.close();
});

const post = (query: unknown, params?: unknown) =>
  request(t.app)
    .post('/api/cypher')
    .send(params === undefined ? { query } : { query, params });

const raw = (body: string, contentType = 'application/json') =>
  request(t.app).post('/api/cypher').set('Content-Type', contentType).send(body);

/** Exact bytes on the wire (supertest would JSON-encode a Buffer). */
async function rawBytes(body: Buffer, contentType: string): Promise<{ status: number; body: any }> {
  const server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    return await new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/cypher',
          headers: { 'Content-Type': contentType, 'Content-Length': body.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  } finally {
    server.close();
  }
}

function tally(status: number) {
  figures.cases++;
  if (status >= 400 && status < 500) figures.refused++;
  if (status >= 500 && status !== 504) figures.serverErrors++;
}

const WRITES: [string, string][] = [
  ['CREATE', 'CREATE (n:Hacked {x: 1})'],
  ['MERGE', "MERGE (n:Organization {id: 'org:meta'}) ON MATCH SET n.hacked = true"],
  ['SET', "MATCH (n {id: 'org:meta'}) SET n.name = 'hacked'"],
  ['REMOVE', "MATCH (n {id: 'org:meta'}) REMOVE n.name"],
  ['DELETE', "MATCH (a)-[r]->(b) WHERE a.id = 'org:meta' DELETE r"],
  ['DETACH DELETE', "MATCH (n {id: 'org:meta'}) DETACH DELETE n"],
  ['FOREACH', 'FOREACH (i IN range(1, 3) | CREATE (:Hacked {i: i}))'],
];
/** The workspace's history and versions (issue 12): only the editing API writes them. */
const WORKSPACE_WRITES: Array<[string, string]> = [
  ['forge a change', "CREATE (:Change {id: 'change:forged', user: 'mallory', action: 'create'})"],
  ['rewrite a change', "MATCH (c:Change) SET c.user = 'mallory', c.before = null"],
  ['erase the history', 'MATCH (c:Change) DETACH DELETE c'],
  ['bump a version', "MATCH (n:Entity {id: 'org:meta'}) SET n.version = 99"],
  ['retract by hand', "MATCH ()-[r:OWNS]->() SET r.retractedAt = datetime(), r.retractedBy = 'x'"],
  ['un-retract by hand', 'MATCH (n:Entity) WHERE n.retractedAt IS NOT NULL REMOVE n.retractedAt'],
  ['edit through MERGE', "MERGE (c:Change {id: 'change:x'}) ON CREATE SET c.action = 'revert'"],
];
const lower = (s: string) => s.replace(/[A-Z]{3,}/g, (w) => w.toLowerCase());
const mixed = (s: string) =>
  s.replace(/[A-Z]{3,}/g, (w) => [...w].map((c, i) => (i % 2 ? c.toLowerCase() : c)).join(''));

type Case = [
  name: string,
  send: () => PromiseLike<{ status: number; body: any }>,
  status: number,
  code: string,
];

const cases: Case[] = [
  // Every write clause, upper / lower / mixed case.
  ...WRITES.flatMap(([name, q]): Case[] => [
    [`${name} upper`, () => post(q), 403, 'WRITE_FORBIDDEN'],
    [`${name} lower`, () => post(lower(q)), 403, 'WRITE_FORBIDDEN'],
    [`${name} mixed`, () => post(mixed(q)), 403, 'WRITE_FORBIDDEN'],
  ]),
  ...WORKSPACE_WRITES.map(([name, q]): Case => [name, () => post(q), 403, 'WRITE_FORBIDDEN']),
  // Behind comments, inside subqueries, after WITH / UNION.
  ['write after a block comment', () => post('/* read only */ CREATE (n)'), 403, 'WRITE_FORBIDDEN'],
  [
    'write after a line comment',
    () => post('// hello\nMATCH (n) DETACH DELETE n'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'write between comments',
    () => post('MATCH (n) /* a */ SET /* b */ n.x = 1'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'comment broken by \\u000a',
    () => post('MATCH (n) // \\u000a DETACH DELETE n'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'block comment closed by \\u002a/',
    () => post('RETURN 1 AS x /* \\u002a/ CREATE (n) /* */'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'string closed by \\u0027',
    () => post("RETURN 'a\\u0027 AS s CREATE (n) //'"),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'CREATE inside CALL {}',
    () => post('CALL { CREATE (n:Hacked) RETURN n } RETURN n'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'DELETE inside CALL (n) {}',
    () => post('MATCH (n) CALL (n) { DETACH DELETE n } RETURN 1'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'MERGE inside nested CALL',
    () => post('CALL { CALL { MERGE (n:X) RETURN n } RETURN n } RETURN n'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'CALL {} IN TRANSACTIONS write',
    () => post('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'CALL {} IN TRANSACTIONS read',
    () => post('UNWIND [1] AS x CALL (x) { RETURN x AS y } IN TRANSACTIONS RETURN y'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'write after WITH',
    () => post("MATCH (n {id: 'org:meta'}) WITH n SET n.x = 1 RETURN n"),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'write after UNION',
    () => post('RETURN 1 AS x UNION CREATE (n) RETURN 2 AS x'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'write after UNION ALL',
    () => post('MATCH (n) RETURN n.id AS x UNION ALL MATCH (m) DELETE m RETURN 1 AS x'),
    403,
    'WRITE_FORBIDDEN',
  ],
  // More than one statement.
  ['two statements', () => post('MATCH (n) RETURN n; CREATE (m)'), 403, 'MULTIPLE_STATEMENTS'],
  ['two reads', () => post('RETURN 1; RETURN 2'), 403, 'MULTIPLE_STATEMENTS'],
  [
    'escaped semicolon',
    () => post('RETURN 1 \\u003b MATCH (n) DETACH DELETE n'),
    403,
    'MULTIPLE_STATEMENTS',
  ],
  // LOAD CSV.
  [
    'LOAD CSV file:///etc/passwd',
    () => post("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l"),
    403,
    'LOAD_CSV_FORBIDDEN',
  ],
  [
    'LOAD CSV from a local listener',
    () => post(`LOAD CSV FROM 'http://127.0.0.1:${listenerPort}/x.csv' AS l RETURN l`),
    403,
    'LOAD_CSV_FORBIDDEN',
  ],
  [
    'LOAD CSV with headers, lower case',
    () => post(`load csv with headers from 'http://localhost:${listenerPort}/' as l return l`),
    403,
    'LOAD_CSV_FORBIDDEN',
  ],
  // Other databases and administration.
  ['USE system', () => post('USE system SHOW USERS'), 403, 'USE_FORBIDDEN'],
  [
    'USE system in CALL',
    () => post('CALL { USE system RETURN 1 AS x } RETURN x'),
    403,
    'USE_FORBIDDEN',
  ],
  ['SHOW USERS', () => post('SHOW USERS'), 403, 'ADMIN_FORBIDDEN'],
  ['SHOW TRANSACTIONS', () => post('SHOW TRANSACTIONS'), 403, 'ADMIN_FORBIDDEN'],
  [
    'SHOW SETTINGS',
    () => post('SHOW SETTINGS YIELD name, value RETURN name, value'),
    403,
    'ADMIN_FORBIDDEN',
  ],
  [
    'TERMINATE TRANSACTIONS',
    () => post("TERMINATE TRANSACTIONS 'neo4j-transaction-1'"),
    403,
    'ADMIN_FORBIDDEN',
  ],
  [
    'CREATE USER',
    () => post("CREATE USER mallory SET PASSWORD 'password-123' CHANGE NOT REQUIRED"),
    403,
    'ADMIN_FORBIDDEN',
  ],
  [
    'ALTER CURRENT USER',
    () => post("ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'password-123'"),
    403,
    'ADMIN_FORBIDDEN',
  ],
  ['GRANT ROLE', () => post('GRANT ROLE admin TO mallory'), 403, 'ADMIN_FORBIDDEN'],
  ['DROP DATABASE', () => post('DROP DATABASE neo4j'), 403, 'ADMIN_FORBIDDEN'],
  [
    'CREATE INDEX',
    () => post('CREATE INDEX probe FOR (n:Entity) ON (n.probe)'),
    403,
    'SCHEMA_FORBIDDEN',
  ],
  // Procedures and functions.
  ['CALL dbms.components', () => post('CALL dbms.components()'), 403, 'PROCEDURE_FORBIDDEN'],
  [
    'CALL dbms.listConfig',
    () => post('CALL dbms.listConfig() YIELD name RETURN name'),
    403,
    'PROCEDURE_FORBIDDEN',
  ],
  ['CALL dbms.killQuery', () => post("CALL dbms.killQuery('x')"), 403, 'PROCEDURE_FORBIDDEN'],
  ['CALL db.createLabel', () => post("CALL db.createLabel('Hacked')"), 403, 'PROCEDURE_FORBIDDEN'],
  [
    'CALL db.createProperty',
    () => post("CALL db.createProperty('hacked')"),
    403,
    'PROCEDURE_FORBIDDEN',
  ],
  [
    'CALL db.clearQueryCaches',
    () => post('CALL db.clearQueryCaches()'),
    403,
    'PROCEDURE_FORBIDDEN',
  ],
  ['CALL backticked dbms', () => post('CALL `dbms`.`listConfig`()'), 403, 'PROCEDURE_FORBIDDEN'],
  [
    'CALL apoc',
    () => post("CALL apoc.cypher.runFirstColumnMany('CREATE (n)', {})"),
    403,
    'PROCEDURE_FORBIDDEN',
  ],
  [
    'apoc function',
    () => post("RETURN apoc.text.join(['a'], ',') AS s"),
    403,
    'FUNCTION_FORBIDDEN',
  ],
  ['unknown user function', () => post('RETURN custom.evil(1) AS x'), 403, 'FUNCTION_FORBIDDEN'],
  [
    'EXPLAIN/PROFILE prefix',
    () => post('PROFILE MATCH (n) RETURN n'),
    403,
    'QUERY_OPTIONS_FORBIDDEN',
  ],
  // Malformed input.
  ['malformed JSON', () => raw('{"query": "RETURN 1",'), 400, 'INVALID_JSON'],
  ['query is a number', () => post(42), 400, 'INVALID_REQUEST'],
  ['query missing', () => raw('{"params": {}}'), 400, 'INVALID_REQUEST'],
  ['query empty', () => post('   '), 400, 'INVALID_REQUEST'],
  [
    'query too long',
    () => post(`RETURN 1 AS x ${'/'.repeat(0)}${' '.repeat(20_001)}`),
    400,
    'INVALID_REQUEST',
  ],
  ['params is an array', () => post('RETURN 1', [1, 2]), 400, 'INVALID_REQUEST'],
  ['params is a string', () => post('RETURN 1', 'x'), 400, 'INVALID_REQUEST'],
  [
    '51 params',
    () => post('RETURN 1', Object.fromEntries([...Array(51).keys()].map((i) => [`p${i}`, i]))),
    400,
    'INVALID_REQUEST',
  ],
  ['body is an array', () => raw('[{"query": "RETURN 1"}]'), 400, 'INVALID_REQUEST'],
  [
    'unknown body field',
    () => raw('{"query": "RETURN 1", "database": "system"}'),
    400,
    'INVALID_REQUEST',
  ],
  [
    '10 MB body',
    () => raw(`{"query": "RETURN 1", "pad": "${'x'.repeat(10 * 1024 * 1024)}"}`),
    413,
    'BODY_TOO_LARGE',
  ],
  [
    'latin-1 body',
    () =>
      rawBytes(
        Buffer.from('{"query": "RETURN \'caf\xe9\'"}', 'latin1'),
        'application/json; charset=latin1',
      ),
    415,
    'UNSUPPORTED_ENCODING',
  ],
  [
    '__proto__ in params',
    () => raw('{"query": "RETURN $x AS x", "params": {"__proto__": {"x": 1}}}'),
    400,
    'INVALID_REQUEST',
  ],
  [
    'nested constructor.prototype',
    () =>
      raw(
        '{"query": "RETURN 1", "params": {"a": [{"constructor": {"prototype": {"polluted": 1}}}]}}',
      ),
    400,
    'INVALID_REQUEST',
  ],
  [
    '__proto__ at the top level',
    () => raw('{"__proto__": {"polluted": 1}, "query": "RETURN 1"}'),
    400,
    'INVALID_REQUEST',
  ],
  // Round 2 of the penetration test (findings 1, 2, 3, 8, 9): see console-runaway.test.ts.
  [
    'LOAD CSV after a name ending in $',
    () => post("WITH 1 AS a$ LOAD CSV FROM 'http://127.0.0.1:18081/x.csv' AS row RETURN row"),
    403,
    'LOAD_CSV_FORBIDDEN',
  ],
  [
    'LOAD CSV to a hex host after a $ name',
    () => post("WITH 1 AS a$ LOAD CSV FROM 'http://0x7f000001/x.csv' AS row RETURN row"),
    403,
    'LOAD_CSV_FORBIDDEN',
  ],
  [
    'catastrophic regex',
    () => post("RETURN 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' =~ '(.*a){16}b' AS m"),
    400,
    'QUERY_TOO_COMPLEX',
  ],
  [
    'reduce over range(1, 2·10^9)',
    () => post('RETURN reduce(s = 0, i IN range(1, 2000000000) | s + i) AS x'),
    400,
    'QUERY_TOO_COMPLEX',
  ],
  [
    '256 MB string by doubling',
    () => post("RETURN reduce(s = 'x', j IN range(1, 28) | s + s) AS v"),
    400,
    'QUERY_TOO_COMPLEX',
  ],
  [
    '4,000 nested parentheses',
    () => post('RETURN ' + '('.repeat(4000) + '1' + ')'.repeat(4000) + ' AS x'),
    400,
    'QUERY_TOO_COMPLEX',
  ],
  [
    '400 nested lists',
    () => post('RETURN ' + '['.repeat(400) + '1' + ']'.repeat(400) + ' AS x'),
    400,
    'QUERY_TOO_COMPLEX',
  ],
  [
    '2,000 NOT',
    () => post('RETURN ' + 'NOT '.repeat(2000) + 'true AS x'),
    400,
    'QUERY_TOO_COMPLEX',
  ],
  ['negative substring', () => post("RETURN substring('abc', -1)"), 400, 'CYPHER_ERROR'],
  ['negative left', () => post("RETURN left('abc', -1)"), 400, 'CYPHER_ERROR'],
  ['bogus truncate unit', () => post("RETURN date.truncate('bogus', date())"), 400, 'CYPHER_ERROR'],
  [
    'CONCURRENT TRANSACTIONS behind a long expression',
    () => post('CALL { RETURN 1 AS x } IN (1+1+1+1+1+1+1+1) CONCURRENT TRANSACTIONS RETURN x'),
    403,
    'WRITE_FORBIDDEN',
  ],
  [
    'params nested too deeply',
    () => post('RETURN 1', JSON.parse('{"a":'.repeat(30) + '1' + '}'.repeat(30))),
    400,
    'INVALID_REQUEST',
  ],
];

describe('console battery: hostile input', () => {
  it.each(cases.map(([n, send, status, code]) => [n, status, code, send] as const))(
    '%s → %s %s',
    async (_name, status, code, send) => {
      const res = await send();
      tally(res.status);
      expect([res.status, res.body?.error?.code]).toEqual([status, code]);
    },
  );

  it('invalid UTF-8 bytes are decoded with replacement characters, never a 500', async () => {
    const body = Buffer.concat([
      Buffer.from('{"query": "RETURN \'a'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('\' AS s"}'),
    ]);
    const res = await rawBytes(body, 'application/json; charset=utf-8');
    tally(res.status);
    expect(res.status).toBe(200);
    expect(res.body.rows[0][0]).toMatch(/^a\uFFFD+$/);
  });

  it('nothing was polluted', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('console battery: LOAD CSV never leaves the database', () => {
  const limits = { timeoutMs: 5000, graceMs: 1000, rowCap: 10, maxResponseBytes: 100_000 };

  it('the bundled Neo4j itself refuses file URLs and loopback targets (screen bypassed)', async () => {
    for (const url of [
      'file:///etc/passwd',
      `http://127.0.0.1:${listenerPort}/x.csv`,
      `http://localhost:${listenerPort}/x.csv`,
      `http://[::1]:${listenerPort}/x.csv`,
      `http://2130706433:${listenerPort}/x.csv`,
    ]) {
      const q = `LOAD CSV FROM '${url}' AS l RETURN l`;
      // EXPLAIN plans it as a read: only the screen and Neo4j's own settings stop it.
      await expect(explainGate(t.db, q, {}, 5000)).resolves.toMatchObject({ queryType: 'r' });
      const err = await runReadQuery(t.db, q, {}, limits).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect([(err as AppError).status, (err as AppError).code]).toEqual([400, 'CYPHER_ERROR']);
      tally(400);
    }
    expect(connections).toBe(0);
  });
});

describe('console battery: resource bombs answer within a deadline', () => {
  const deadline = TIMEOUT_MS + GRACE_MS + 4000;
  it.each([
    [
      'cartesian product',
      'MATCH (a), (b), (c), (d), (e), (f), (g) WHERE a.id + b.id + c.id + d.id + e.id + f.id + g.id = $x RETURN count(*) AS c',
    ],
    ['range(1, 10^10)', 'UNWIND range(1, 10000000000) AS x RETURN count(x) AS c'],
    [
      'filtered huge range',
      'UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(*)',
    ],
    ['nested unwinds', 'UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)'],
    ['collect of a huge range', 'UNWIND range(1, 100000000) AS x RETURN size(collect(x)) AS c'],
    ['deep variable-length paths', 'MATCH p = ()-[*]-()-[*]-() RETURN count(p) AS c'],
  ])('%s → 504 or 400 MEMORY_LIMIT_EXCEEDED', async (_name, query) => {
    const t0 = Date.now();
    const res = await post(query, { x: 'none' });
    const elapsed = Date.now() - t0;
    tally(res.status);
    expect(elapsed).toBeLessThan(deadline);
    expect(['504 QUERY_TIMEOUT', '400 MEMORY_LIMIT_EXCEEDED']).toContain(
      `${res.status} ${res.body.error?.code}`,
    );
  });

  it('a 10^7-row result is cut at the row cap with flat memory', async () => {
    const rss0 = process.memoryUsage().rss;
    const t0 = Date.now();
    const res = await post('UNWIND range(1, 10000000) AS x RETURN x').expect(200);
    tally(res.status);
    expect(res.body).toMatchObject({ truncated: true, truncatedBy: 'rows', rowCount: ROW_CAP });
    expect(res.body.rows).toHaveLength(ROW_CAP);
    expect(res.body.rows[ROW_CAP - 1]).toEqual([ROW_CAP]);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(300 * 1024 * 1024);
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + GRACE_MS);
  });

  it('a response larger than the size cap is cut', async () => {
    const small = consoleTestApp({ maxResponseBytes: 20_000, rowCap: 1000 });
    try {
      const res = await request(small.app)
        .post('/api/cypher')
        .send({ query: "UNWIND range(1, 1000) AS x RETURN x, '" + 'y'.repeat(100) + "' AS pad" })
        .expect(200);
      tally(res.status);
      expect(res.body).toMatchObject({ truncated: true, truncatedBy: 'bytes' });
      expect(res.body.rowCount).toBeLessThan(200);
      expect(JSON.stringify(res.body.rows).length).toBeLessThanOrEqual(20_000);
    } finally {
      await small.close();
    }
  });
});

describe('console battery: the graph is untouched', () => {
  it('counts and property checksum are unchanged after the whole battery', async () => {
    expect(await graphFingerprint(t.db)).toEqual(before);
    expect(figures.serverErrors).toBe(0);
    expect(figures.cases).toBeGreaterThanOrEqual(60);
  });
});
