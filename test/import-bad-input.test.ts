import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Driver } from 'neo4j-driver';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { importData } from '../server/ingest/import-service';
import { applySchema } from '../server/ingest/loader';
import { resetGraph } from '../server/ingest/seeding';
import { graphCounts } from './helpers/app';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

/** BODS examples: openownership/data-standard examples/ (d97e79829b3b), in ../shared/samples. */
const BODS = path.resolve(__dirname, '../../shared/samples/bods/examples');
const FTM = path.resolve(
  __dirname,
  '../../shared/samples/ftm/data/parteispenden.entities.ftm.json',
);
const ROOT = path.resolve(__dirname, '..');

let neo: TestNeo4j;
let driver: Driver;
let db: Db;
let tmp: string;

beforeAll(async () => {
  neo = await startTestNeo4j('import-bad-input');
  driver = createDriver({ uri: neo.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  db = new Db(driver, new QueryStore());
  await applySchema(db);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'import-bad-'));
}, 180_000);

afterAll(async () => {
  await driver?.close();
  await neo?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const text = (s: string) => Buffer.from(s, 'utf8');

describe('bad import input', () => {
  it('names the line of malformed JSON in a BODS array and writes nothing', async () => {
    const before = await graphCounts(db);
    const r = await importData(db, text('[\n{"statementId": "a",\n "recordId": }\n]'), {
      format: 'bods',
    });
    expect(r.rejected).toEqual([
      {
        record: null,
        line: 3,
        code: 'BAD_JSON',
        message: expect.stringContaining('malformed JSON'),
      },
    ]);
    expect(await graphCounts(db)).toEqual(before);
  });

  it('rejects only the bad lines of JSON lines, with their numbers, and keeps the rest', async () => {
    const good = (id: string) =>
      JSON.stringify({ id, schema: 'Person', properties: { name: [id] } });
    const lines = [
      good('a'),
      '{"id": "b", "schema": ',
      good('c'),
      '{"schema": "Person"}',
      good('d'),
    ];
    const r = await importData(db, text(lines.join('\r\n') + '\r\n'), {
      format: 'ftm',
      dataset: 'crlf',
    });
    expect(r.rejected.map((x) => [x.line, x.code])).toEqual([
      [2, 'BAD_JSON'],
      [4, 'FTM_SHAPE'],
    ]);
    expect(r.entities).toBe(3);
  });

  it('reads a UTF-8 BOM and CRLF line ends like any other file', async () => {
    const raw = fs.readFileSync(path.join(BODS, 'bods-package.json'), 'utf8');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text(raw.replace(/\n/g, '\r\n'))]);
    const r = await importData(db, bom, { dataset: 'bom' });
    expect({ format: r.format, rejected: r.rejected }).toEqual({ format: 'bods', rejected: [] });
    expect([r.entities, r.relationships]).toEqual([2, 1]);
  });

  it('refuses statements of the wrong schema and dangling references, naming record and line', async () => {
    const statements = [
      {
        statementId: 's-no-record',
        recordType: 'entity',
        statementDate: '2020-01-01',
        recordDetails: {},
      },
      {
        statementId: 's-dangling',
        recordId: 'r-dangling',
        recordType: 'relationship',
        statementDate: '2020-01-01',
        recordDetails: {
          subject: 'nowhere',
          interestedParty: 'nobody',
          interests: [{ type: 'shareholding' }],
        },
      },
      {
        statementId: 's-type',
        recordId: 'r-type',
        recordType: 'vessel',
        statementDate: '2020-01-01',
        recordDetails: {},
      },
    ];
    const r = await importData(db, text(JSON.stringify(statements, null, 1)), { dataset: 'wrong' });
    expect(r.rejected.map((x) => [x.record, x.code])).toEqual([
      ['s-no-record', 'BODS_NO_RECORD_ID'],
      ['s-dangling', 'DANGLING_REFERENCE'],
      ['s-type', 'BODS_RECORD_TYPE'],
    ]);
    expect(r.rejected.every((x) => x.line > 1)).toBe(true);
  });

  it('refuses deeply nested JSON, invalid UTF-8 and corrupt gzip with a clear code', async () => {
    const deep = `[${'['.repeat(100_000)}${']'.repeat(100_000)}]`;
    const r1 = await importData(db, text(deep), { format: 'bods' });
    expect(r1.rejected[0].code).toBe('TOO_DEEP');
    const r2 = await importData(db, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { format: 'jsonl' });
    expect(r2.rejected[0].code).toBe('BAD_ENCODING');
    const gz = zlib.gzipSync(text('{"a":1}'));
    const r3 = await importData(db, gz.subarray(0, gz.length - 6), { format: 'jsonl' });
    expect(r3.rejected[0].code).toBe('BAD_GZIP');
  });

  it('stops a gzip bomb at the inflate limit', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024, 32));
    const r = await importData(db, bomb, { format: 'jsonl', maxBytes: 4 * 1024 * 1024 });
    expect(r.rejected).toEqual([expect.objectContaining({ code: 'INPUT_TOO_LARGE' })]);
  });

  it('gives exactly the complete dataset when an import killed midway is run again', async () => {
    const file = fs.readFileSync(FTM);
    await resetGraph(db);
    const clean = await importData(db, file, { dataset: 'donations', batchSize: 50 });
    const complete = await graphCounts(db);
    await resetGraph(db);
    const cut = await importData(db, file, {
      dataset: 'donations',
      batchSize: 50,
      stopAfterBatches: 3,
    });
    expect(cut.stopped).toBe(true);
    const partial = await graphCounts(db);
    expect(partial.nodes + partial.relationships).toBeLessThan(
      complete.nodes + complete.relationships,
    );
    const rerun = await importData(db, file, { dataset: 'donations', batchSize: 50 });
    expect(await graphCounts(db)).toEqual(complete);
    expect([rerun.entities, rerun.relationships]).toEqual([clean.entities, clean.relationships]);
    const again = await importData(db, file, { dataset: 'donations' });
    expect(await graphCounts(db)).toEqual(complete);
    expect([again.entities, again.relationships]).toEqual([clean.entities, clean.relationships]);
  });

  it('runs `npm run import` on a .gz file: exit 0 when all went in, 2 with a report when not', () => {
    const gz = path.join(tmp, 'tecido.json.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(path.join(BODS, 'tecido.json'))));
    const env = {
      ...process.env,
      NEO4J_URI: neo.neo4j.uri,
      NEO4J_USER: 'neo4j',
      NEO4J_PASSWORD: TEST_PASSWORD,
    };
    const cli = (...args: string[]) =>
      spawnSync('npx', ['ts-node', 'scripts/import.ts', ...args], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      });
    const ok = cli(gz, '--dataset', 'tecido cli');
    expect({ status: ok.status, err: ok.stderr }).toEqual({
      status: 0,
      err: expect.stringContaining('Imported 3 entities and 15 relationships'),
    });
    const bad = path.join(tmp, 'bad.jsonl');
    fs.writeFileSync(bad, '{"id":"x","schema":"Person","properties":{"name":["X"]}}\nnot json\n');
    const report = path.join(tmp, 'report.json');
    const failed = cli(bad, '--format', 'ftm', '--report', report);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('line 2: BAD_JSON');
    expect(JSON.parse(fs.readFileSync(report, 'utf8')).rejected[0].line).toBe(2);
  }, 120_000);
});
