import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { ImportJobs, type ImportJob, type ImportJobsOptions } from '../server/ingest/import-jobs';
import type { Db } from '../server/db/db';
import { generateLines } from '../seed/generate';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db as DbClass } from '../server/db/db';
import { applySchema } from '../server/ingest/loader';
import { startTestNeo4j, TEST_PASSWORD, type TestNeo4j } from './helpers/test-neo4j';

/**
 * Import jobs live in Neo4j: two instances (each its own driver, as two processes) share one
 * queue; an instance that stops mid-job leaves it to the other (or to itself restarted), which
 * runs it again to exactly the complete dataset, never twice at once.
 */
const drivers: Driver[] = [];
let queues: ImportJobs[] = [];
/** Its own database: the datasets imported here must not show in other suites' counts. */
let neo: TestNeo4j;
const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egx-spool-'));
/** 200 entities and 553 relationships of the synthetic generator. */
const FILE = Buffer.from([...generateLines(200, 7)].join('\n') + '\n');
const ENTITY_LINES = [...generateLines(200, 7)].filter((l) => 'kind' in JSON.parse(l)).length;

/**
 * One instance: its own driver, the shared database and spool. The lease is short for the tests
 * (an instance that stops is taken over after it) but long enough for a loaded machine's heartbeats.
 */
function instance(opts: ImportJobsOptions = {}): { jobs: ImportJobs; db: Db; driver: Driver } {
  const driver = createDriver({ uri: neo.neo4j.uri, user: 'neo4j', password: TEST_PASSWORD });
  drivers.push(driver);
  const db = new DbClass(driver, new QueryStore());
  const jobs = new ImportJobs(db, { spoolDir, leaseMs: 6000, pollMs: 200, ...opts });
  queues.push(jobs);
  return { jobs, db, driver };
}

beforeAll(async () => {
  neo = await startTestNeo4j('import-jobs');
  const { db } = instance();
  await applySchema(db);
}, 180_000);

// Every instance of a test stops with it: the next test's jobs are its own instances' to take.
afterEach(async () => {
  await Promise.all(queues.map((q) => q.stop()));
  queues = [];
});

afterAll(async () => {
  await Promise.all(drivers.map((d) => d.close().catch(() => undefined)));
  await neo?.dispose();
  fs.rmSync(spoolDir, { recursive: true, force: true });
});

async function settled(jobs: ImportJobs, id: string, timeoutMs = 120_000): Promise<ImportJob> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = (await jobs.get(id))!;
    if (job.status === 'done' || job.status === 'failed') return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Entities asserting the dataset, its relationships, and every node and relationship in all. */
async function datasetCounts(db: Db, dataset: string) {
  return db.readTx(async (tx) => {
    const r = await tx.run(
      `RETURN COUNT { MATCH (n:Entity) WHERE $id IN n.datasets } AS entities,
              COUNT { MATCH ()-[r]->() WHERE r.dataset = $id } AS relationships,
              COUNT { MATCH (n:Entity) } AS allEntities,
              COUNT { MATCH ()-[r]->() } AS allRelationships`,
      { id: dataset },
    );
    const rec = r.records[0];
    return Object.fromEntries(
      ['entities', 'relationships', 'allEntities', 'allRelationships'].map((k) => [
        k,
        rec.get(k).toNumber() as number,
      ]),
    );
  });
}

describe('import jobs shared through Neo4j', () => {
  it('a job submitted on one instance is seen on the other, run once, and done', async () => {
    const a = instance();
    const b = instance();
    b.jobs.start();
    const job = await a.jobs.submit(FILE, {
      format: 'jsonl',
      dataset: 'jobs-shared',
      importedBy: 'erin',
    });
    expect(job.status).toBe('queued');
    expect((await b.jobs.get(job.id))!.createdBy).toBe('erin');
    const done = await settled(b.jobs, job.id);
    expect(done.status).toBe('done');
    expect(done.attempts).toBe(1);
    expect(done.report.entities).toBe(ENTITY_LINES);
    expect(done.runningOn).toBeNull();
    expect(fs.existsSync(path.join(spoolDir, `${job.id}.upload`))).toBe(false);
  });

  it('an instance that stops mid-job: the other takes it over after the lease, to the complete dataset', async () => {
    // A runs two batches of 50 records and stops as if killed (no status written, no heartbeat).
    const a = instance({ runDefaults: { batchSize: 50, stopAfterBatches: 2 } });
    const job = await a.jobs.submit(FILE, { format: 'jsonl', dataset: 'jobs-resume' });
    await a.jobs.idle();
    const cut = (await a.jobs.get(job.id))!;
    expect(cut.status).toBe('running');
    expect(cut.runningOn).toBe(a.jobs.owner);
    await a.driver.close();

    const b = instance();
    b.jobs.start();
    const done = await settled(b.jobs, job.id);
    expect(done.status).toBe('done');
    expect(done.attempts).toBe(2);
    expect(done.report.entities).toBe(ENTITY_LINES);
    const once = await datasetCounts(b.db, 'jobs-resume');
    expect(once.entities).toBeGreaterThanOrEqual(ENTITY_LINES - 10); // the Sources are shared
    expect(once.relationships).toBe(553);

    // The loader is idempotent per dataset: the same file again changes nothing.
    const again = await b.jobs.submit(FILE, { format: 'jsonl', dataset: 'jobs-resume' });
    expect((await settled(b.jobs, again.id)).status).toBe('done');
    expect(await datasetCounts(b.db, 'jobs-resume')).toEqual(once);
  });

  it('interrupted more often than allowed: failed, with the reason', async () => {
    const a = instance({ runDefaults: { batchSize: 50, stopAfterBatches: 1 }, maxAttempts: 1 });
    const job = await a.jobs.submit(FILE, { format: 'jsonl', dataset: 'jobs-give-up' });
    await a.jobs.idle();
    const b = instance({ maxAttempts: 1 });
    b.jobs.start();
    const failed = await settled(b.jobs, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/interrupted 1 times.*submit it again/);
  });

  it('taken over where the upload is not: failed cleanly, saying so', async () => {
    const a = instance({ runDefaults: { batchSize: 50, stopAfterBatches: 1 } });
    const job = await a.jobs.submit(FILE, { format: 'jsonl', dataset: 'jobs-no-file' });
    await a.jobs.idle();
    fs.rmSync(path.join(spoolDir, `${job.id}.upload`));
    const b = instance();
    b.jobs.start();
    const failed = await settled(b.jobs, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/uploaded file is not on this instance/);
  });

  it('two instances draining one queue: each job claimed once, one at a time', async () => {
    const a = instance();
    const b = instance();
    const ids = [];
    for (let i = 0; i < 4; i++) {
      const via = i % 2 === 0 ? a : b;
      ids.push((await via.jobs.submit(FILE, { format: 'jsonl', dataset: `jobs-queue-${i}` })).id);
    }
    a.jobs.start();
    b.jobs.start();
    const jobs = await Promise.all(ids.map((id) => settled(a.jobs, id)));
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual(ids.map(() => ['done', 1]));
    // One at a time: no run started before the previous one finished.
    const spans = jobs
      .map((j) => [Date.parse(j.startedAt!), Date.parse(j.finishedAt!)])
      .sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++)
      expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
  });
});
