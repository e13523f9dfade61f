import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { consoleTestApp, graphFingerprint, type ConsoleTestApp } from './helpers/checksum';

let t: ConsoleTestApp;
beforeAll(() => {
  t = consoleTestApp({ timeoutMs: 1500, graceMs: 1500, rowCap: 50 });
});
afterAll(() => t.close());

const run = (query: string, params: Record<string, unknown> = {}) =>
  request(t.app).post('/api/cypher').send({ query, params });

interface Edge {
  id: string;
  type: string;
  source: string;
  target: string;
}

describe('POST /api/cypher: answers', () => {
  it('converts typed values faithfully', async () => {
    const res = await run(
      `RETURN 9007199254740993 AS big, 42 AS small, 1.5 AS f, date('2025-06-13') AS d,
              datetime('2025-06-13T10:15:30Z') AS dt, duration('P1Y2M3DT4H') AS dur,
              point({x: 1.5, y: 2.5}) AS p, point({latitude: 48.85, longitude: 2.35}) AS geo,
              [1, 'a', null, true] AS list, {k: 1, nested: {d: date('2024-01-01')}} AS map,
              $name AS param, $n AS intParam`,
      { name: 'Scale', n: 7 },
    ).expect(200);
    expect(res.body.columns).toEqual([
      'big',
      'small',
      'f',
      'd',
      'dt',
      'dur',
      'p',
      'geo',
      'list',
      'map',
      'param',
      'intParam',
    ]);
    const [row] = res.body.rows;
    expect(row[0]).toBe('9007199254740993');
    expect(row[1]).toBe(42);
    expect(row[2]).toBe(1.5);
    expect(row[3]).toBe('2025-06-13');
    expect(row[4]).toBe('2025-06-13T10:15:30Z');
    expect(row[5]).toBe('P1Y2M3DT4H');
    expect(row[6]).toEqual({ srid: 7203, x: 1.5, y: 2.5 });
    expect(row[7]).toEqual({ srid: 4326, x: 2.35, y: 48.85 });
    expect(row[8]).toEqual([1, 'a', null, true]);
    expect(row[9]).toEqual({ k: 1, nested: { d: '2024-01-01' } });
    expect(row[10]).toBe('Scale');
    expect(row[11]).toBe(7);
    expect(res.body).toMatchObject({
      truncated: false,
      rowCount: 1,
      graph: { nodes: [], edges: [] },
      summary: { queryType: 'r', notifications: [] },
    });
    expect(typeof res.body.summary.resultAvailableAfterMs).toBe('number');
    expect(typeof res.body.summary.resultConsumedAfterMs).toBe('number');
  });

  it('collects paths into a graph with slug ids and no dangling edge', async () => {
    const res = await run('MATCH p=(:Organization)-[]->() RETURN p LIMIT 5').expect(200);
    expect(res.body.rows).toHaveLength(5);
    const ids = new Set(res.body.graph.nodes.map((n: { id: string }) => n.id));
    expect(res.body.graph.edges.length).toBeGreaterThanOrEqual(1);
    for (const id of ids) expect(id).toMatch(/^[a-z]+:[a-z0-9-]+$/);
    for (const e of res.body.graph.edges as Edge[]) {
      expect(ids).toContain(e.source);
      expect(ids).toContain(e.target);
    }
    const path = res.body.rows[0][0];
    expect(path.nodes[0].labels).toContain('Organization');
    expect(path.edges[0].source).toBe(path.nodes[0].id);
  });

  it('fetches the endpoints of a relationship returned alone', async () => {
    const res = await run(
      "MATCH (:Organization {id: 'org:meta'})-[r:OWNS]->() RETURN r LIMIT 1",
    ).expect(200);
    const rel = res.body.rows[0][0];
    expect(rel.source).toBe('org:meta');
    expect(rel.target).toMatch(/^org:/);
    const ids = res.body.graph.nodes.map((n: { id: string }) => n.id);
    expect(ids).toEqual(expect.arrayContaining([rel.source, rel.target]));
    expect(res.body.graph.edges).toHaveLength(1);
  });

  it('reports notifications with code, title, description, severity and position', async () => {
    const res = await run('MATCH (a:Organization), (b:Person) RETURN count(*) AS c').expect(200);
    const n = res.body.summary.notifications.find((x: { code: string }) =>
      x.code.includes('CartesianProduct'),
    );
    expect(n).toMatchObject({
      severity: 'INFORMATION',
      position: { line: 1, column: 1, offset: 0 },
    });
    expect(typeof n.title).toBe('string');
    expect(typeof n.description).toBe('string');
  });

  it('gives a syntax error its position in the analyst query', async () => {
    const res = await run('MATCH (n)\nWHERE n.name =\nRETRUN n').expect(400);
    expect(res.body.error.code).toBe('CYPHER_SYNTAX_ERROR');
    // RETRUN parses as a variable; the error is at the `n` after it.
    expect(res.body.error.position).toEqual({ line: 3, column: 8, offset: 32 });
    const one = await run('MATCH (n) RETRUN n').expect(400);
    expect(one.body.error.position).toEqual({ line: 1, column: 11, offset: 10 });
    expect(one.body.error.message).toContain('(line 1, column 11 (offset: 10))');
  });
});

describe('POST /api/cypher: read-only, capped, timed', () => {
  it.each([
    ['CREATE (n:Hacked) RETURN n', 'WRITE_FORBIDDEN'],
    ["MERGE (n:Organization {id: 'org:meta'}) RETURN n", 'WRITE_FORBIDDEN'],
    ["MATCH (n {id: 'org:meta'}) SET n.name = 'x' RETURN n", 'WRITE_FORBIDDEN'],
    ["MATCH (n {id: 'org:meta'}) DETACH DELETE n", 'WRITE_FORBIDDEN'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", 'LOAD_CSV_FORBIDDEN'],
    ['CALL dbms.components()', 'PROCEDURE_FORBIDDEN'],
    ['CALL dbms.listConfig()', 'PROCEDURE_FORBIDDEN'],
  ])('refuses %s with 403 %s and writes nothing', async (query, code) => {
    const before = await graphFingerprint(t.db);
    const res = await run(query).expect(403);
    expect(res.body.error.code).toBe(code);
    expect(await graphFingerprint(t.db)).toEqual(before);
  });

  it('truncates at the row cap', async () => {
    const res = await run('UNWIND range(1, 1000) AS x RETURN x').expect(200);
    expect(res.body).toMatchObject({ truncated: true, truncatedBy: 'rows', rowCount: 50 });
    expect(res.body.rows).toHaveLength(50);
    expect(res.body.rows[49]).toEqual([50]);
    const exact = await run('UNWIND range(1, 50) AS x RETURN x').expect(200);
    expect(exact.body.truncated).toBe(false);
  });

  it('answers 504 when the query runs past the timeout', async () => {
    const t0 = Date.now();
    const res = await run(
      'UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(*)',
    ).expect(504);
    expect(res.body.error.code).toBe('QUERY_TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(8000);
  });

  it('writes an audit line for every request with its outcome', async () => {
    await run('RETURN 1 AS one').expect(200);
    await run('CREATE (n)').expect(403);
    await run('RETURN nope(').expect(400);
    const lines = await t.auditLines();
    const last = lines.slice(-3);
    expect(last[0]).toMatchObject({
      user: 'local',
      query: 'RETURN 1 AS one',
      outcome: 'ok',
      rows: 1,
    });
    expect(last[1]).toMatchObject({
      query: 'CREATE (n)',
      outcome: 'refused',
      code: 'WRITE_FORBIDDEN',
    });
    expect(last[2]).toMatchObject({ outcome: 'error', code: 'CYPHER_SYNTAX_ERROR', status: 400 });
    for (const l of last) {
      expect(typeof l.durationMs).toBe('number');
      expect(new Date(l.time as string).getTime()).not.toBeNaN();
      expect(l.params).toEqual({});
    }
  });
});

describe('POST /api/cypher: a client that leaves cancels its query', () => {
  it('terminates the running transaction and audits CLIENT_CLOSED', async () => {
    const long = consoleTestApp({ timeoutMs: 20_000 });
    const server = http.createServer(long.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const marker = `cancel-probe-${Date.now()}`;
    const query = `UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(*) AS c, '${marker}' AS m`;
    const running = async () => {
      const s = long.driver.session();
      try {
        const r = await s.run(
          'SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $m RETURN count(*) AS n',
          { m: marker },
        );
        return r.records[0].get('n').toNumber() as number;
      } finally {
        await s.close();
      }
    };
    try {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/cypher',
        headers: { 'Content-Type': 'application/json' },
      });
      req.on('error', () => undefined);
      req.end(JSON.stringify({ query }));
      let seen = false;
      for (let i = 0; i < 50 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = (await running()) > 0;
      }
      expect(seen).toBe(true);
      req.destroy();
      const t0 = Date.now();
      while ((await running()) > 0 && Date.now() - t0 < 5000) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await running()).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5000);
      await new Promise((r) => setTimeout(r, 200));
      const lines = await long.auditLines();
      expect(lines.at(-1)).toMatchObject({ outcome: 'error', code: 'CLIENT_CLOSED' });
    } finally {
      server.close();
      await long.close();
    }
  });
});
