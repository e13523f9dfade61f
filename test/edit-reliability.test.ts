import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import type { Driver } from 'neo4j-driver';
import { ROOT_DIR } from '../server/config';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { applySchema } from '../server/ingest/seeding';
import { startLocalNeo4j, type LocalNeo4j } from '../server/db/local-neo4j';
import { encodeProps } from '../server/ops/property-codec';
import { changeFromProperties } from '../server/workspace/change-log';
import type { ElementsSnapshot } from '../server/workspace/snapshots';
import { suiteApp, type TestApp } from './helpers/app';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';
import { removeEdits } from './helpers/workspace';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(async () => {
  await removeEdits(t.db);
  await t.close();
});

function editLoop(
  prefix: string,
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess & {
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
} {
  return spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'test/helpers/edit-loop.ts', prefix],
    { cwd: ROOT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Runs test/helpers/edit-loop.ts and kill -9s it right after its `writes`-th committed write. */
async function killMidLoop(prefix: string, writes: number): Promise<number> {
  const child = editLoop(prefix);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  let seen = 0;
  readline.createInterface({ input: child.stdout }).on('line', () => {
    seen++;
    // The next write is already on its way: the kill lands inside a transaction or between two.
    if (seen === writes) child.kill('SIGKILL');
  });
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`the loop ended on its own: ${stderr}`);
  return seen;
}

type Stored = { id: string; props: Record<string, unknown> };

/** Every element the loop wrote, with its properties as stored now. */
async function storedElements(db: Db): Promise<{ entities: Stored[]; relationships: Stored[] }> {
  return db.readTx(async (tx) => {
    const e = await tx.run(
      "MATCH (n:Entity) WHERE n.createdBy = 'reliability' RETURN n.id AS id, properties(n) AS p",
    );
    const r = await tx.run(
      "MATCH ()-[r]->() WHERE r.createdBy = 'reliability' RETURN r.id AS id, properties(r) AS p",
    );
    const rows = (res: typeof e) =>
      res.records.map((x) => ({ id: x.get('id') as string, props: x.get('p') }));
    return { entities: rows(e), relationships: rows(r) };
  });
}

/** For each element, the versions the log recorded and its last recorded snapshot. */
async function recordedVersions(db: Db) {
  const res = await db.readTx((tx) =>
    tx.run("MATCH (c:Change {user: 'reliability'}) RETURN properties(c) AS c"),
  );
  const byId = new Map<string, { versions: number[]; last: { version: number; typed: unknown } }>();
  for (const rec of res.records) {
    const change = changeFromProperties(rec.get('c') as Record<string, unknown>);
    const after = (change.after ?? {}) as ElementsSnapshot;
    for (const snap of [after.entity, after.relationship, ...(after.relationships ?? [])]) {
      if (!snap) continue;
      const entry = byId.get(snap.id) ?? { versions: [], last: snap };
      entry.versions.push(snap.version);
      if (snap.version >= entry.last.version) entry.last = snap;
      byId.set(snap.id, entry);
    }
  }
  return byId;
}

/** The graph and the history agree: every version has its change, the last one is the graph. */
async function expectHistoryAgrees(db: Db): Promise<number> {
  const { entities, relationships } = await storedElements(db);
  const recorded = await recordedVersions(db);
  const stored = [...entities, ...relationships];
  for (const el of stored) {
    const version = Number(el.props.version);
    const entry = recorded.get(el.id);
    expect([el.id, entry?.versions.sort((a, b) => a - b)]).toEqual([
      el.id,
      Array.from({ length: version }, (_, i) => i + 1),
    ]);
    expect([el.id, entry!.last.typed]).toEqual([el.id, encodeProps(el.props)]);
  }
  // No change speaks of an element the graph does not hold (a change without its write).
  const ids = new Set(stored.map((s) => s.id));
  expect([...recorded.keys()].filter((id) => !ids.has(id))).toEqual([]);
  // No half retraction: a retracted entity has no live relationship left.
  const half = await db.readTx((tx) =>
    tx.run(`MATCH (n:Entity)-[r]-() WHERE n.createdBy = 'reliability'
       AND n.retractedAt IS NOT NULL AND r.retractedAt IS NULL
     RETURN count(r) AS c`),
  );
  expect(Number(half.records[0].get('c'))).toBe(0);
  return stored.length;
}

describe('edits survive a kill -9 of the writing process', () => {
  it('leaves the graph before or after each write, never half, and the history agrees with it', async () => {
    let writes = 0;
    // Cuts at different points of the loop: after a create, an update, a link, a retraction.
    for (const [i, cut] of [7, 12, 18].entries()) {
      writes += await killMidLoop(`k${i}`, cut);
      const elements = await expectHistoryAgrees(t.db);
      expect(elements).toBeGreaterThan(0);
    }
    expect(writes).toBeGreaterThanOrEqual(37);
  }, 240000);
});

describe('edits survive a kill -9 of Neo4j', () => {
  let server: TestNeo4j | undefined;
  let restarted: LocalNeo4j | undefined;
  let driver: Driver | undefined;
  afterAll(async () => {
    await driver?.close();
    await restarted?.stop();
    await server?.dispose();
  }, 60000);

  it('recovers to a graph the history agrees with, after Neo4j dies in the middle of an edit loop', async () => {
    server = await startTestNeo4j('edit-kill');
    const connect = () => {
      driver = createDriver({ uri: server!.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
      return new Db(driver, new QueryStore());
    };
    let db = connect();
    await applySchema(db);
    await db.writeTx((tx) =>
      tx.run("CREATE (:Entity:Source {id: 'source:scale-ai-layoffs-article-2025-07', name: 'x'})"),
    );
    const env = {
      ...process.env,
      TEST_DB_URI: server.neo4j.uri,
      TEST_DB_USER: 'neo4j',
      TEST_DB_PASSWORD: TEST_PASSWORD,
      TEST_DB_DATABASE: '',
    };
    const child = editLoop('neo', env);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let seen = 0;
    const killed = new Promise<void>((resolve) => {
      readline.createInterface({ input: child.stdout }).on('line', () => {
        if (++seen === 14) void server!.neo4j.kill().then(resolve);
      });
    });
    await killed;
    await exited;
    await driver!.close();
    // Recovery replays the transaction log: on a busy machine that outlasts the usual start wall.
    restarted = await startLocalNeo4j({
      port: server.port,
      dataDir: server.dataDir,
      password: TEST_PASSWORD,
      heap: '1g',
      pageCache: '256m',
      startTimeoutMs: 420000,
      log: () => undefined,
    });
    driver = createDriver({ uri: restarted.uri, user: 'neo4j', password: TEST_PASSWORD });
    db = new Db(driver, new QueryStore());
    expect(await expectHistoryAgrees(db)).toBeGreaterThan(3);
  }, 900000);
});
