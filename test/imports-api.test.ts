import type express from 'express';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Driver } from 'neo4j-driver';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../server/app';
import { hashPassword } from '../server/auth/passwords';
import type { UserRecord } from '../server/auth/users';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { seedDatabase } from '../server/ingest/seeding';
import { registry } from '../server/ops/metrics';
import { seedGraph } from '../seed/data';
import { graphCounts } from './helpers/app';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

/** BODS examples: openownership/data-standard examples/ (d97e79829b3b), in ../shared/samples. */
const BODS = path.resolve(__dirname, '../../shared/samples/bods/examples');
const FTM_FIXTURE = path.resolve(__dirname, 'fixtures/ftm/ownership.ftm.json');

let neo: TestNeo4j;
let driver: Driver;
let db: Db;
let app: express.Express;
let logs: string[];

/** State-changing requests carry JSON's content type (the origin guard's CSRF rule). */
const json = { 'Content-Type': 'application/json' };

type Agent = ReturnType<typeof request.agent>;
let editor: { agent: Agent; token: string };
let viewer: { agent: Agent; token: string };

async function signIn(name: string, password: string) {
  const agent = request.agent(app);
  const { csrfToken } = (await agent.get('/api/auth/csrf')).body;
  const res = await agent
    .post('/api/auth/login')
    .set('X-CSRF-Token', csrfToken)
    .send({ name, password })
    .expect(200);
  return { agent, token: res.body.csrfToken as string };
}

function upload(body: Buffer, query: string, type = 'application/json') {
  return (
    editor.agent
      .post(`/api/imports?${query}`)
      .set('X-CSRF-Token', editor.token)
      .set('Content-Type', type)
      // superagent would serialise a Buffer sent as JSON; text goes as is.
      .send(/json/.test(type) ? body.toString('utf8') : body)
  );
}

/** Polls the job until it leaves queued/running. */
async function finished(id: string) {
  for (;;) {
    const res = await editor.agent.get(`/api/imports/${id}`).expect(200);
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function owners(subject: string, at: string) {
  const r = await db.readTx((tx) =>
    tx.run(
      `MATCH (o)-[r:OWNS]->(:Entity {id: $subject})
       WHERE (r.since IS NULL OR r.since <= date($at)) AND (r.until IS NULL OR r.until > date($at))
       RETURN o.id + ' ' + toString(r.stake) AS x ORDER BY x`,
      { subject, at },
    ),
  );
  return r.records.map((x) => x.get('x') as string);
}

beforeAll(async () => {
  neo = await startTestNeo4j('imports-api');
  driver = createDriver({ uri: neo.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  db = new Db(driver, new QueryStore());
  await seedDatabase(db, seedGraph, { reset: true });
  const users: UserRecord[] = [
    { name: 'erin', role: 'editor', passwordHash: await hashPassword('erin-password-12') },
    { name: 'vic', role: 'viewer', passwordHash: await hashPassword('vic-password-123') },
  ];
  logs = [];
  const logger = pino({ level: 'info' }, {
    write: (line: string) => void logs.push(line),
  } as unknown as pino.DestinationStream);
  process.env.IMPORT_MAX_UPLOAD_BYTES = String(2 * 1024 * 1024);
  app = createApp({ db, mode: 'external', logger, auth: { users } });
  delete process.env.IMPORT_MAX_UPLOAD_BYTES;
  editor = await signIn('erin', 'erin-password-12');
  viewer = await signIn('vic', 'vic-password-123');
}, 180_000);

afterAll(async () => {
  await driver?.close();
  await neo?.dispose();
});

describe('imports and datasets over the API', () => {
  it('refuses viewers (403) on every import, dataset and export route and writes nothing', async () => {
    const before = await graphCounts(db);
    const file = fs.readFileSync(path.join(BODS, 'tecido.json'));
    const post = await viewer.agent
      .post('/api/imports')
      .set('X-CSRF-Token', viewer.token)
      .set('Content-Type', 'application/json')
      .send(file);
    expect(post.status).toBe(403);
    expect((await viewer.agent.get('/api/datasets')).status).toBe(403);
    expect((await viewer.agent.get('/api/export?dataset=seed')).status).toBe(403);
    const del = await viewer.agent
      .delete('/api/datasets/seed')
      .set(json)
      .set('X-CSRF-Token', viewer.token);
    expect(del.status).toBe(403);
    expect(await graphCounts(db)).toEqual(before);
  });

  it('imports a BODS file: 202, then a done job with its report, the dataset listed, the call logged', async () => {
    const counted = async () =>
      (await registry.getSingleMetricAsString('imports_total')).match(
        /imports_total\{format="bods",outcome="succeeded"\} (\d+)/,
      )?.[1] ?? '0';
    const importsBefore = Number(await counted());
    const res = await upload(
      fs.readFileSync(path.join(BODS, 'tecido.json')),
      'dataset=Tecido&fileName=tecido.json',
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: expect.stringMatching(/queued|running/),
    });
    const job = await finished(res.body.id);
    expect(job).toMatchObject({
      status: 'done',
      dataset: 'tecido',
      progress: { records: job.progress.total },
      // Maria Esteves: 3 versions × 3 interests; Shear Trust: 3 versions × 2.
      report: { entities: 3, relationships: 15, rejected: [], warnings: [] },
    });
    const list = await editor.agent.get('/api/datasets').expect(200);
    expect(list.body.datasets).toEqual([
      {
        id: 'tecido',
        name: 'Tecido',
        format: 'bods',
        importedAt: expect.any(String),
        importedBy: 'erin',
        entities: 3,
        relationships: 15,
      },
    ]);
    expect(logs.some((l) => l.includes('"import submitted"') && l.includes('"user":"erin"'))).toBe(
      true,
    );
    // /metrics counts it (server/ops/metrics.ts recordImport).
    expect(Number(await counted())).toBe(importsBefore + 1);
  });

  it('reads a gzipped FtM file and reports a dry run without writing', async () => {
    const before = await graphCounts(db);
    const gz = zlib.gzipSync(fs.readFileSync(FTM_FIXTURE));
    const res = await upload(gz, 'dryRun=true&dataset=fixture', 'application/gzip').expect(202);
    const job = await finished(res.body.id);
    expect(job.status).toBe('done');
    expect(job.format).toBe('ftm');
    expect(job.report.relationships).toBe(9);
    expect(job.report.rejected.map((r: { code: string }) => r.code)).toEqual([
      'DANGLING_REFERENCE',
      'FTM_UNSUPPORTED_SCHEMA',
    ]);
    expect(await graphCounts(db)).toEqual(before);
  });

  it('previews the head of a file: the detected format and its first records, gzip and CSV included', async () => {
    const preview = (body: Buffer, type: string) =>
      editor.agent
        .post('/api/imports/preview')
        .set('X-CSRF-Token', editor.token)
        .set('Content-Type', type)
        .send(body)
        .expect(200);
    const head = fs.readFileSync(path.join(BODS, 'tecido.json')).subarray(0, 4000);
    const bods = await preview(head, 'application/octet-stream');
    expect(bods.body.format).toBe('bods');
    expect(bods.body.records.slice(0, 3)).toEqual([
      { line: 2, type: 'person', id: '018AF6B3EB', name: 'Maria Esteves' },
      { line: 42, type: 'entity', id: '01B68D7633', name: 'Tecido Ltd' },
      { line: 87, type: 'relationship', id: '022EBEB66B', name: 'Maria Esteves → Tecido Ltd' },
    ]);
    // A cut gzip stream is read as far as it goes.
    const gz = zlib.gzipSync(fs.readFileSync(FTM_FIXTURE));
    const ftm = await preview(gz.subarray(0, Math.floor(gz.length * 0.8)), 'application/gzip');
    expect(ftm.body.format).toBe('ftm');
    expect(ftm.body.records[0]).toEqual({
      line: 1,
      type: 'Company',
      id: 'co-holding',
      name: 'Northwind Holding AG',
    });
    const csv = await preview(
      fs.readFileSync(path.resolve(__dirname, '../docs/import-examples/owners.csv')),
      'text/csv',
    );
    expect(csv.body.format).toBe('csv');
    expect(csv.body.columns.slice(0, 3)).toEqual(['row', 'owner_id', 'owner_name']);
    expect(csv.body.rows[0].slice(0, 3)).toEqual(['r1', 'p-1', 'Ana Lima']);
    const refused = await viewer.agent
      .post('/api/imports/preview')
      .set('X-CSRF-Token', viewer.token)
      .set('Content-Type', 'application/octet-stream')
      .send(head);
    expect(refused.status).toBe(403);
  });

  it('answers 413 to an upload over the limit and fails a gzip bomb without writing', async () => {
    const before = await graphCounts(db);
    const big = await upload(Buffer.alloc(3 * 1024 * 1024, 32), 'format=jsonl');
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('BODY_TOO_LARGE');
    process.env.IMPORT_MAX_BYTES = String(8 * 1024 * 1024);
    try {
      const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 32));
      const res = await upload(bomb, 'format=jsonl', 'application/gzip').expect(202);
      const job = await finished(res.body.id);
      expect(job.status).toBe('failed');
      expect(job.report.rejected[0].code).toBe('INPUT_TOO_LARGE');
    } finally {
      delete process.env.IMPORT_MAX_BYTES;
    }
    expect(await graphCounts(db)).toEqual(before);
  });

  it('refuses an upload typed as a form (415) and an empty body (400)', async () => {
    const form = await upload(Buffer.from('a=b'), '', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    const empty = await upload(Buffer.alloc(0), 'format=bods', 'application/octet-stream');
    expect(empty.status).toBe(400);
  });

  it('exports a dataset as BODS that imports back to the same ownership history', async () => {
    const exported = await editor.agent.get('/api/export?format=bods&dataset=tecido').expect(200);
    expect(exported.headers['content-disposition']).toContain('tecido.bods.json');
    const statements = JSON.parse(exported.text) as unknown[];
    const dates = ['2010-01-01', '2021-09-24', '2022-09-21', '2023-03-01', '2024-06-01'];
    const before = await Promise.all(dates.map((d) => owners('bods:01B68D7633', d)));
    await editor.agent
      .delete('/api/datasets/tecido')
      .set(json)
      .set('X-CSRF-Token', editor.token)
      .expect(200);
    expect(await owners('bods:01B68D7633', '2024-06-01')).toEqual([]);
    const res = await upload(Buffer.from(JSON.stringify(statements)), 'dataset=tecido').expect(202);
    const job = await finished(res.body.id);
    expect(job.report.rejected).toEqual([]);
    expect(job.report.relationships).toBe(15);
    expect(await Promise.all(dates.map((d) => owners('bods:01B68D7633', d)))).toEqual(before);
  });

  it('exports FtM, our JSON lines and GraphML that import back to the same claims', async () => {
    const res = await upload(fs.readFileSync(FTM_FIXTURE), 'dataset=fixture').expect(202);
    const first = await finished(res.body.id);
    const claims = async () =>
      (
        await db.readTx((tx) =>
          tx.run(
            `MATCH (a)-[r]->(b) WHERE r.dataset = 'fixture'
             RETURN type(r) + ' ' + a.id + ' ' + b.id + ' ' + coalesce(toString(r.stakeMin), '-') + '/' +
                    coalesce(toString(r.stakeMax), '-') + ' ' + coalesce(toString(r.since), '-') AS c ORDER BY c`,
          ),
        )
      ).records.map((x) => x.get('c') as string);
    const before = await claims();
    expect(before).toHaveLength(first.report.relationships);
    const names = async () =>
      (
        await db.readTx((tx) =>
          tx.run(
            `MATCH (n:Entity) WHERE 'fixture' IN n.datasets
             RETURN n.id + ' ' + n.name + ' [' +
                    reduce(s = '', a IN coalesce(n.aliases, []) | s + a + ';') + ']' AS x
             ORDER BY x`,
          ),
        )
      ).records.map((x) => x.get('x') as string);
    const namesBefore = await names();
    expect(namesBefore.some((x) => x.includes('Нортвинд Холдинг'))).toBe(true);
    for (const format of ['ftm', 'jsonl', 'graphml']) {
      const file = await editor.agent
        .get(`/api/export?format=${format}&dataset=fixture`)
        .expect(200);
      await editor.agent
        .delete('/api/datasets/fixture')
        .set(json)
        .set('X-CSRF-Token', editor.token)
        .expect(200);
      expect(await claims()).toEqual([]);
      // GraphML goes without a format: the importer recognises it.
      const again = await upload(
        Buffer.from(file.text),
        format === 'graphml' ? 'dataset=fixture' : `dataset=fixture&format=${format}`,
        format === 'graphml' ? 'application/graphml+xml' : 'application/x-ndjson',
      );
      const job = await finished(again.body.id);
      expect({ format, rejected: job.report.rejected }).toEqual({ format, rejected: [] });
      expect({ format, claims: await claims() }).toEqual({ format, claims: before });
      expect({ format, names: await names() }).toEqual({ format, names: namesBefore });
    }
  });

  it('exports control as FtM Ownership of ownershipType "control" that imports back as CONTROLS with its interest', async () => {
    const file = await editor.agent.get('/api/export?format=ftm&dataset=tecido').expect(200);
    const lines = file.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { schema: string; properties: Record<string, string[]> });
    const control = lines.filter((l) => l.properties.ownershipType?.includes('control'));
    expect(control.length).toBeGreaterThan(0);
    expect(control.every((l) => l.schema === 'Ownership')).toBe(true);
    expect(control.every((l) => l.properties.role[0] === 'votingRights')).toBe(true);
    expect(lines.filter((l) => l.schema === 'UnknownLink')).toEqual([]);

    const claims = async (dataset: string) =>
      (
        await db.readTx((tx) =>
          tx.run(
            `MATCH (a)-[r:CONTROLS]->(b) WHERE r.dataset = $dataset
             RETURN a.name + ' ' + b.name + ' ' + r.interestType + ' ' +
                    coalesce(toString(r.stakeMin), '-') + '/' + coalesce(toString(r.stakeMax), '-') +
                    ' ' + coalesce(toString(r.since), '-') + ' ' + coalesce(toString(r.until), '-') AS c
             ORDER BY c`,
            { dataset },
          ),
        )
      ).records.map((x) => x.get('c') as string);
    const job = await finished(
      (
        await upload(
          Buffer.from(file.text),
          'dataset=tecido-ftm&format=ftm',
          'application/x-ndjson',
        )
      ).body.id,
    );
    expect(job.report.rejected).toEqual([]);
    const original = await claims('tecido');
    expect(original.length).toBe(control.length);
    expect(await claims('tecido-ftm')).toEqual(original);
    await editor.agent
      .delete('/api/datasets/tecido-ftm')
      .set(json)
      .set('X-CSRF-Token', editor.token)
      .expect(200);
  });

  it('exports the visible graph by ids as GraphML', async () => {
    const res = await editor.agent
      .get('/api/export?format=graphml&ids=org:meta,org:scale-ai')
      .expect(200);
    expect(res.text).toContain('<graphml');
    expect(res.text).toContain('<node id="org:scale-ai">');
    expect(res.text).toContain('source="org:meta" target="org:scale-ai"');
    // Typed columns for other tools: a stake is a double, not text.
    expect(res.text).toMatch(
      /<key id="e_stake" for="edge" attr.name="stake" attr.type="double"\/>/,
    );
  });

  it('deletes a dataset without touching the seed entities it also asserts', async () => {
    const seedBefore = await graphCounts(db);
    const csvLike = [
      JSON.stringify({
        id: 'csv:x/holding',
        kind: 'Organization',
        name: 'Holding X',
        description: '',
      }),
      JSON.stringify({
        type: 'OWNS',
        from: 'csv:x/holding',
        to: 'org:scale-ai',
        stake: 0.01,
        source: 'source:extra',
        evidence: 'test',
        confidence: 1,
      }),
      JSON.stringify({
        id: 'org:scale-ai',
        kind: 'Organization',
        name: 'Scale AI',
        description: 'restated',
      }),
    ].join('\n');
    const res = await upload(
      Buffer.from(csvLike),
      'dataset=extra&format=jsonl',
      'application/x-ndjson',
    ).expect(202);
    const job = await finished(res.body.id);
    expect(job.report.rejected).toEqual([]);
    await editor.agent
      .delete('/api/datasets/extra')
      .set(json)
      .set('X-CSRF-Token', editor.token)
      .expect(200);
    const [scale] = (
      await db.readTx((tx) =>
        tx.run(`MATCH (n:Entity {id: 'org:scale-ai'}) RETURN n.datasets AS d`),
      )
    ).records.map((x) => x.get('d'));
    expect(scale).toEqual(['seed']);
    const after = await graphCounts(db);
    expect(after.relationships).toBe(seedBefore.relationships);
    expect(
      (await editor.agent.delete('/api/datasets/extra').set(json).set('X-CSRF-Token', editor.token))
        .status,
    ).toBe(404);
  });
});
