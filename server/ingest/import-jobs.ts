import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Node } from 'neo4j-driver';
import { ROOT_DIR } from '../config';
import type { Db } from '../db/db';
import { num } from '../state/state-db';
import type { ReadIssue } from './common';
import { importData, type ImportOptions } from './import-service';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  status: JobStatus;
  dataset: string | null;
  format: string | null;
  dryRun: boolean;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  progress: { records: number; total: number };
  report: {
    entities: number;
    relationships: number;
    rejected: ReadIssue[];
    warnings: ReadIssue[];
  };
  /** Why the import failed, when it did (the database went away, the input was unreadable). */
  error: string | null;
  /** Runs started: 2 or more when an instance stopped mid-job and another took it over. */
  attempts: number;
  /** When the current or last run started. */
  startedAt: string | null;
  /** The instance running it (host:pid:random), while it runs. */
  runningOn: string | null;
}

export interface ImportJobsOptions {
  /** A claimed job is another instance's to take over when not renewed for this long (60 s). */
  leaseMs?: number;
  /** How often an idle instance looks for queued or orphaned jobs once started (5 s). */
  pollMs?: number;
  /** Runs a job gets; one more interruption fails it (2: run, then resume once). */
  maxAttempts?: number;
  /** Uploaded files wait here until their job is done (IMPORT_SPOOL_DIR, `.data/imports`). */
  spoolDir?: string;
  /** Finished jobs are kept this long for their status (7 days). */
  keepMs?: number;
  /** Merged into every run (tests: small batches, a run cut short). */
  runDefaults?: Partial<ImportOptions>;
}

/** What a job needs to run again on any instance (the file itself is in the spool). */
type StoredOptions = Pick<
  ImportOptions,
  'format' | 'dataset' | 'dryRun' | 'mapping' | 'fileName' | 'importedBy'
>;

const EMPTY_REPORT: ImportJob['report'] = {
  entities: 0,
  relationships: 0,
  rejected: [],
  warnings: [],
};

function iso(ms: unknown): string | null {
  const n = num(ms, NaN);
  return Number.isFinite(n) ? new Date(n).toISOString() : null;
}

function toJob(node: Node): ImportJob {
  const p = node.properties as Record<string, unknown>;
  const running = p.status === 'running';
  return {
    id: p.id as string,
    status: p.status as JobStatus,
    dataset: (p.dataset as string | undefined) ?? null,
    format: (p.format as string | undefined) ?? null,
    dryRun: p.dryRun === true,
    createdBy: (p.createdBy as string | undefined) ?? null,
    createdAt: iso(p.createdAt) ?? '',
    finishedAt: iso(p.finishedAt),
    progress: { records: num(p.progressRecords), total: num(p.progressTotal) },
    report: p.report ? (JSON.parse(p.report as string) as ImportJob['report']) : EMPTY_REPORT,
    error: (p.error as string | undefined) ?? null,
    attempts: num(p.attempts),
    startedAt: iso(p.startedAt),
    runningOn: running ? ((p.owner as string | undefined) ?? null) : null,
  };
}

/**
 * Import jobs kept in Neo4j (`:AppJob`), shared by every instance on the database. The upload
 * goes to a spool file, the job to Neo4j; any instance claims the oldest queued job atomically
 * (one at a time across instances: two loads would only wait on each other's locks) with a
 * lease it renews while it runs. An instance that stops mid-job stops renewing: when the lease
 * runs out another instance (or the same one restarted) takes the job over and runs it again
 * from the start — the loader MERGEs on stable ids, so the dataset comes out exactly complete —
 * or fails it with its reason after `maxAttempts`. A claim is taken under a lock and checked
 * again after it, so no job ever runs on two instances at once or finishes twice.
 */
export class ImportJobs {
  readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly spoolDir: string;
  private readonly keepMs: number;
  private working: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly opts: ImportJobsOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 5_000;
    this.maxAttempts = opts.maxAttempts ?? 2;
    this.spoolDir =
      opts.spoolDir ?? process.env.IMPORT_SPOOL_DIR ?? path.join(ROOT_DIR, '.data', 'imports');
    this.keepMs = opts.keepMs ?? 7 * 24 * 3_600_000;
  }

  private spoolFile(id: string): string {
    return path.join(this.spoolDir, `${id}.upload`);
  }

  private async run(name: string, params: Record<string, unknown>) {
    const text = this.db.queries.get(name);
    return (await this.db.writeTx((tx) => tx.run(text, params))).records;
  }

  /** The job is stored (queued) before this resolves; this instance starts working on the queue. */
  async submit(data: Buffer, opts: ImportOptions): Promise<ImportJob> {
    const id = randomUUID();
    fs.mkdirSync(this.spoolDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(this.spoolFile(id), data, { mode: 0o600 });
    const stored: StoredOptions = {
      format: opts.format,
      dataset: opts.dataset,
      dryRun: opts.dryRun,
      mapping: opts.mapping,
      fileName: opts.fileName,
      importedBy: opts.importedBy,
    };
    try {
      const [rec] = await this.run('import-job-create', {
        id,
        format: opts.format ?? null,
        dryRun: opts.dryRun ?? false,
        createdBy: opts.importedBy ?? null,
        now: Date.now(),
        options: JSON.stringify(stored),
      });
      this.kick();
      return toJob(rec.get('j') as Node);
    } catch (err) {
      fs.rmSync(this.spoolFile(id), { force: true });
      throw err;
    }
  }

  async get(id: string): Promise<ImportJob | undefined> {
    const records = await this.db.read('import-job-get', { id });
    const node = records.records[0]?.get('j') as Node | undefined;
    return node ? toJob(node) : undefined;
  }

  /** Looks for queued and orphaned jobs every `pollMs` (a restarted instance resumes this way). */
  start(): this {
    if (this.timer || this.stopped) return this;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
    return this;
  }

  /** No new claims; resolves once the job this instance runs (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.working;
  }

  /** Resolves once this instance has no job to run or running (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.working) await this.working;
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.working) {
      this.again = true;
      return;
    }
    this.working = this.drain()
      .catch(() => undefined) // the database went away: the next poll or submit tries again
      .finally(() => {
        this.working = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const [rec] = await this.run('import-job-claim', {
        owner: this.owner,
        now: Date.now(),
        leaseMs: this.leaseMs,
      });
      const node = rec?.get('j') as Node | null | undefined;
      if (!node) return;
      await this.execute(node);
    }
  }

  private async execute(node: Node): Promise<void> {
    const job = toJob(node);
    const finish = (status: 'done' | 'failed', fields: Partial<ImportJob>) =>
      this.run('import-job-finish', {
        id: job.id,
        owner: this.owner,
        status,
        now: Date.now(),
        expiresAt: Date.now() + this.keepMs,
        dataset: fields.dataset ?? job.dataset,
        format: fields.format ?? job.format,
        report: JSON.stringify(fields.report ?? job.report),
        error: fields.error ?? null,
        progressRecords: fields.progress?.records ?? job.progress.records,
        progressTotal: fields.progress?.total ?? job.progress.total,
      }).then(() => fs.rmSync(this.spoolFile(job.id), { force: true }));

    if (job.attempts > this.maxAttempts) {
      return finish('failed', {
        error: `The import was interrupted ${job.attempts - 1} times (an instance stopped while running it); submit it again`,
      });
    }
    let data: Buffer;
    try {
      data = fs.readFileSync(this.spoolFile(job.id));
    } catch {
      return finish('failed', {
        error: `The uploaded file is not on this instance (${this.spoolDir}): the instance that took it stopped; submit it again`,
      });
    }
    const stored = JSON.parse(node.properties.options as string) as StoredOptions;
    let progress = { records: 0, total: 0 };
    let lost = false;
    const heartbeat = setInterval(
      () => {
        this.run('import-job-heartbeat', {
          id: job.id,
          owner: this.owner,
          leaseUntil: Date.now() + this.leaseMs,
          progressRecords: progress.records,
          progressTotal: progress.total,
        })
          .then((rows) => {
            if (rows.length === 0) lost = true;
          })
          .catch(() => undefined);
      },
      Math.max(200, Math.floor(this.leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      const report = await importData(this.db, data, {
        ...stored,
        ...this.opts.runDefaults,
        onProgress: (records, total) => {
          // Another instance took the job over (this one stalled past its lease): stop here.
          if (lost) throw new Error('lease lost');
          progress = { records, total };
        },
      });
      clearInterval(heartbeat);
      // Cut short (tests: as if this instance had died): the lease runs out, another run follows.
      if (report.stopped || lost) return;
      // An input that could not be read at all (bad gzip, not UTF-8, malformed JSON document)
      // fails the job; records refused one by one are reported on a job that is done.
      const unreadable = report.records === 0 && report.rejected.length > 0;
      await finish(unreadable ? 'failed' : 'done', {
        dataset: report.dataset,
        format: report.format,
        progress,
        report: {
          entities: report.entities,
          relationships: report.relationships,
          rejected: report.rejected,
          warnings: report.warnings,
        },
        error: unreadable ? report.rejected[0].message : null,
      });
    } catch (err) {
      clearInterval(heartbeat);
      // Lost to another instance: that one finishes it (and finish() here would be a no-op).
      if (!lost) await finish('failed', { progress, error: (err as Error).message });
    }
  }
}
