import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import neo4j from 'neo4j-driver';
import { seedGraph } from '../seed/data';
import { seedDatabase } from '../seed/loader';
import { ROOT_DIR } from '../server/config';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { graphChecksum, type GraphSummary } from '../server/ops/backup';
import { graphCounts } from './helpers/app';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

/**
 * `npm run backup` / `npm run restore` (the compiled CLIs) against a Neo4j of this test's own,
 * reached online through Bolt as the running app's would be: backup → wipe → restore gives the
 * same counts, schema and checksum of every typed property; damaged files and non-empty
 * databases are refused without writing anything.
 */

let local: TestNeo4j;
let db: Db;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'egx-backup-'));
const file = path.join(tmp, 'graph.jsonl.gz');
let before: GraphSummary;

function cli(script: 'backup' | 'restore', ...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEO4J_LOCAL_PORT: String(local.port),
    NEO4J_PASSWORD: TEST_PASSWORD,
  };
  delete env.NEO4J_URI;
  delete env.NEO4J_DATABASE;
  const res = spawnSync(
    process.execPath,
    [path.join(ROOT_DIR, 'dist', 'scripts', `${script}.js`), ...args],
    { env, encoding: 'utf8', timeout: 120000 },
  );
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

async function schemaNames(): Promise<string[]> {
  const res = await db.autoCommit('SHOW INDEXES YIELD name RETURN name ORDER BY name');
  return res.records.map((r) => r.get('name') as string);
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, [path.join(ROOT_DIR, 'scripts', 'build-server.js')]);
  expect(build.status).toBe(0);
  local = await startTestNeo4j('backup');
  const driver = createDriver({ uri: local.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  db = new Db(driver, new QueryStore());
  await seedDatabase(db, seedGraph, { reset: true });
  // Every property type Neo4j stores, on a node and a relationship, plus a node without labels.
  await db.writeTx((tx) =>
    tx.run(
      `CREATE (a:Entity:Organization {id: 'org:typed', name: 'Typed', big: $big, small: 7,
         ratio: 0.25, whole: 2.0, yes: true, tags: ['a', 'b'], ints: [1, 2, 3], floats: [1.5],
         day: date('2025-06-12'), at: datetime('2025-06-12T09:30:00.123456789[Europe/Paris]'),
         offsetAt: datetime('2025-06-12T09:30:00+05:30'), local: localdatetime('2025-06-12T09:30'),
         clock: time('09:30:00+01:00'), localClock: localtime('09:30:15.5'),
         span: duration('P1Y2M3DT4H5M6.7S'), place: point({x: 1.5, y: -2}),
         geo: point({longitude: 2.35, latitude: 48.85, height: 35}), raw: $bytes})
       CREATE (b {note: 'no label', quote: 'say "hi"\\n\\u00e9'})
       CREATE (a)-[:MENTIONS {weight: 3, since: date('2024-01-01'), share: 0.49}]->(b)`,
      { big: neo4j.int('9007199254740993'), bytes: new Int8Array([1, -2, 127]) },
    ),
  );
  before = await graphChecksum(db);
}, 180000);

afterAll(async () => {
  await db?.driver.close();
  await local?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
}, 60000);

it('backup → wipe → restore gives the same counts, schema and checksum', async () => {
  const schemaBefore = await schemaNames();
  const backup = cli('backup', file);
  expect(backup.stderr).toMatch(/reading the running database/);
  expect(backup.status).toBe(0);
  expect(JSON.parse(backup.stdout)).toEqual({ file, ...before });
  expect(before.nodes).toBe((await graphCounts(db)).nodes);

  await db.autoCommit(db.queries.get('seed-reset'));
  for (const r of (await db.autoCommit('SHOW CONSTRAINTS YIELD name')).records) {
    await db.autoCommit(`DROP CONSTRAINT \`${r.get('name')}\``);
  }
  const indexes = await db.autoCommit(
    "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name",
  );
  for (const r of indexes.records) await db.autoCommit(`DROP INDEX \`${r.get('name')}\``);
  expect(await schemaNames()).not.toContain('entity_names');
  expect(await graphCounts(db)).toEqual({ nodes: 0, relationships: 0 });
  expect((await graphChecksum(db)).checksum).not.toBe(before.checksum);

  const restore = cli('restore', file);
  expect(restore.stderr).not.toMatch(/restore failed/);
  expect(restore.status).toBe(0);
  expect(JSON.parse(restore.stdout)).toEqual({ file, verified: true, ...before });
  expect(await graphChecksum(db)).toEqual(before);
  expect(await schemaNames()).toEqual(schemaBefore);
  const marker = await db.autoCommit(
    'MATCH (n) WHERE n:BackupRestore OR n.backupRestoreId IS NOT NULL RETURN count(n) AS c',
  );
  expect(marker.records[0].get('c').toNumber()).toBe(0);

  // Types survive, not just values: a spot check beside the checksum.
  const typed = await db.read('backup-nodes');
  const node = typed.records.find((r) => r.get('props').id === 'org:typed')!.get('props');
  expect(neo4j.isInt(node.big) && node.big.toString()).toBe('9007199254740993');
  expect(neo4j.isInt(node.small)).toBe(true);
  expect(node.whole).toBe(2);
  expect(node.at.timeZoneId).toBe('Europe/Paris');
  expect(node.at.nanosecond.toString()).toBe('123456789');
  expect(node.span.toString()).toBe('P1Y2M3DT4H5M6.700000000S');
  expect(Array.from(node.raw as Int8Array)).toEqual([1, -2, 127]);
  expect(node.geo.z).toBe(35);
}, 180000);

it('refuses a non-empty database unless --replace, and then replaces it', async () => {
  const refused = cli('restore', file);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/not empty.*--replace/);
  expect(await graphChecksum(db)).toEqual(before);

  await db.writeTx((tx) => tx.run("CREATE (:Entity:Person {id: 'person:extra', name: 'Extra'})"));
  const replaced = cli('restore', file, '--replace');
  expect(replaced.status).toBe(0);
  expect(await graphChecksum(db)).toEqual(before);
}, 180000);

it('refuses a truncated or tampered file, naming the line, and writes nothing', async () => {
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
  const truncated = path.join(tmp, 'truncated.jsonl.gz');
  fs.writeFileSync(truncated, zlib.gzipSync(lines.slice(0, -3).join('\n')));
  const cut = cli('restore', truncated, '--replace');
  expect(cut.status).toBe(1);
  expect(cut.stderr).toMatch(/incomplete \(no end line/);

  const tampered = path.join(tmp, 'tampered.jsonl.gz');
  const edited = [...lines];
  edited[3] = edited[3].replace(/"name":"[^"]*"/, '"name":"Someone else"');
  fs.writeFileSync(tampered, zlib.gzipSync(edited.join('\n')));
  const changed = cli('restore', tampered, '--replace');
  expect(changed.status).toBe(1);
  expect(changed.stderr).toMatch(/content does not match its end line/);

  const broken = path.join(tmp, 'broken.jsonl.gz');
  const bad = [...lines];
  bad[5] = '{"n": [5, ["Entity"], {"x": {"i": "1.5"}}]}';
  fs.writeFileSync(broken, zlib.gzipSync(bad.join('\n')));
  const typed = cli('restore', broken, '--replace');
  expect(typed.status).toBe(1);
  expect(typed.stderr).toMatch(/broken\.jsonl\.gz, line 6: Not a backed-up property value/);

  fs.writeFileSync(path.join(tmp, 'plain.txt'), 'not gzip');
  const notGzip = cli('restore', path.join(tmp, 'plain.txt'), '--replace');
  expect(notGzip.status).toBe(1);
  expect(notGzip.stderr).toMatch(/line \d+: unreadable|incorrect header/);

  expect(await graphChecksum(db)).toEqual(before);
}, 180000);
