import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db';
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
}

/** Jobs kept in memory for their status (the newest this many). */
const KEEP = 200;

/**
 * Imports run one at a time, in the order they came (two loads at once would only wait on each
 * other's locks); their status lives in memory: a restart forgets jobs, never their data.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  submit(data: Buffer, opts: ImportOptions): ImportJob {
    const job: ImportJob = {
      id: randomUUID(),
      status: 'queued',
      dataset: null,
      format: opts.format ?? null,
      dryRun: opts.dryRun ?? false,
      createdBy: opts.importedBy ?? null,
      createdAt: new Date().toISOString(),
      finishedAt: null,
      progress: { records: 0, total: 0 },
      report: { entities: 0, relationships: 0, rejected: [], warnings: [] },
      error: null,
    };
    this.jobs.set(job.id, job);
    while (this.jobs.size > KEEP) this.jobs.delete(this.jobs.keys().next().value as string);
    this.chain = this.chain.then(() => this.run(job, data, opts));
    return job;
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** Resolves once every job submitted so far has finished (for shutdown and tests). */
  idle(): Promise<void> {
    return this.chain;
  }

  private async run(job: ImportJob, data: Buffer, opts: ImportOptions): Promise<void> {
    job.status = 'running';
    try {
      const report = await importData(this.db, data, {
        ...opts,
        onProgress: (records, total) => {
          job.progress = { records, total };
        },
      });
      job.dataset = report.dataset;
      job.format = report.format;
      job.report = {
        entities: report.entities,
        relationships: report.relationships,
        rejected: report.rejected,
        warnings: report.warnings,
      };
      // An input that could not be read at all (bad gzip, not UTF-8, malformed JSON document)
      // fails the job; records refused one by one are reported on a job that is done.
      const unreadable = report.records === 0 && report.rejected.length > 0;
      job.status = unreadable ? 'failed' : 'done';
      if (unreadable) job.error = report.rejected[0].message;
    } catch (err) {
      job.status = 'failed';
      job.error = (err as Error).message;
    } finally {
      job.finishedAt = new Date().toISOString();
    }
  }
}
