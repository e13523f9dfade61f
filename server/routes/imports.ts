import express, { type Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { EXPORT_FORMATS, exportGraph } from '../ingest/export';
import { ImportJobs, type ImportJobsOptions } from '../ingest/import-jobs';
import { FORMATS } from '../ingest/import-service';
import { PREVIEW_MAX_BYTES, previewImport } from '../ingest/preview';
import { DatasetService } from '../services/dataset-service';
import { parseInput } from './validate';
import { strictRouter } from './router';

/** Largest upload (bytes) POST /api/imports takes; IMPORT_MAX_UPLOAD_BYTES overrides. */
export const DEFAULT_MAX_UPLOAD = 256 * 1024 * 1024;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const previewQuery = z.object({
  format: z
    .enum(FORMATS)
    .optional()
    .meta({ description: 'Detected from the content when omitted.' }),
});

export const importQuery = z.object({
  format: z
    .enum(FORMATS)
    .optional()
    .meta({ description: 'Detected from the content when omitted' }),
  dataset: z.string().trim().min(1).max(200).optional().meta({
    description: 'Dataset name (its id is the slug); default the file name or the format',
  }),
  dryRun: flag.optional().meta({ description: 'Read and check only; write nothing' }),
  mapping: z
    .string()
    .max(64 * 1024)
    .optional()
    .meta({ description: 'CSV only: the mapping as JSON (docs/import.md)' }),
  fileName: z
    .string()
    .max(300)
    .optional()
    .meta({ description: 'Original file name, kept on the dataset' }),
});

export const datasetParam = z.object({
  id: z.string().regex(/^[a-z0-9._-]{1,80}$/, 'not a dataset id'),
});
export const jobParam = z.object({ id: z.string().uuid('not an import id') });

export const exportQuery = z
  .object({
    format: z.enum(EXPORT_FORMATS).default('jsonl'),
    dataset: z
      .string()
      .regex(/^[a-z0-9._-]{1,80}$/, 'not a dataset id')
      .optional(),
    ids: z
      .string()
      .max(200_000)
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .optional()
      .meta({ description: 'Comma-separated entity ids (the visible graph)' }),
  })
  .refine((q) => q.dataset !== undefined || (q.ids?.length ?? 0) > 0, {
    message: 'give dataset=ID or ids=a,b,c',
  });

export interface ImportRouteOptions {
  maxUploadBytes?: number;
  /** The job queue (shared through Neo4j); one without polling is made when omitted. */
  jobs?: ImportJobs;
  jobOptions?: ImportJobsOptions;
}

/** Imports and datasets (editors only: server/security/policy.ts); every call is logged. */
export function importRoutes(db: Db, opts: ImportRouteOptions = {}): Router {
  const router = strictRouter();
  const jobs = opts.jobs ?? new ImportJobs(db, opts.jobOptions);
  const datasets = new DatasetService(db);
  const limit =
    opts.maxUploadBytes ?? (Number(process.env.IMPORT_MAX_UPLOAD_BYTES) || DEFAULT_MAX_UPLOAD);
  const raw = express.raw({ type: () => true, limit });

  router.post('/imports', raw, async (req, res) => {
    const q = parseInput(importQuery, req.query);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new AppError(400, 'EMPTY_UPLOAD', 'Send the file as the request body');
    }
    let mapping: unknown;
    if (q.mapping !== undefined) {
      try {
        mapping = JSON.parse(q.mapping);
      } catch {
        throw new AppError(400, 'INVALID_REQUEST', 'mapping: not valid JSON');
      }
    }
    const job = await jobs.submit(req.body, {
      format: q.format,
      dataset: q.dataset,
      dryRun: q.dryRun,
      mapping: mapping as never,
      fileName: q.fileName,
      importedBy: res.locals.user?.name ?? 'local',
    });
    req.log?.info(
      {
        user: res.locals.user?.name,
        import: job.id,
        bytes: req.body.length,
        ...q,
        mapping: undefined,
      },
      'import submitted',
    );
    res.status(202).json({ id: job.id, status: job.status });
  });

  // The Import panel's first look: the format detected and the first records of the file's head.
  const head = express.raw({ type: () => true, limit: PREVIEW_MAX_BYTES + 1024 });
  router.post('/imports/preview', head, (req, res) => {
    const q = parseInput(previewQuery, req.query);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new AppError(400, 'EMPTY_UPLOAD', 'Send the head of the file as the request body');
    }
    let preview;
    try {
      preview = previewImport(req.body, q.format);
    } catch (err) {
      throw new AppError(400, 'UNREADABLE', `Cannot read the file: ${(err as Error).message}`);
    }
    res.json(preview);
  });

  router.get('/imports/:id', async (req, res) => {
    const { id } = parseInput(jobParam, req.params);
    const job = await jobs.get(id);
    if (!job) throw new AppError(404, 'NOT_FOUND', `No import ${id}`);
    req.log?.info(
      { user: res.locals.user?.name, import: id, status: job.status },
      'import status read',
    );
    res.json(job);
  });

  router.get('/datasets', async (req, res) => {
    const list = await datasets.list();
    req.log?.info({ user: res.locals.user?.name, datasets: list.length }, 'datasets listed');
    res.json({ datasets: list });
  });

  router.delete('/datasets/:id', async (req, res) => {
    const { id } = parseInput(datasetParam, req.params);
    const out = await datasets.remove(id, res.locals.user?.name);
    req.log?.info(
      { user: res.locals.user?.name, dataset: id, removed: out.before },
      'dataset deleted',
    );
    res.json({
      deleted: true,
      id,
      entities: out.before.entities,
      relationships: out.before.relationships,
    });
  });

  router.get('/export', async (req, res) => {
    const q = parseInput(exportQuery, req.query);
    const out = await exportGraph(db, q.format, { dataset: q.dataset, ids: q.ids });
    req.log?.info(
      { user: res.locals.user?.name, format: q.format, dataset: q.dataset, ids: q.ids?.length },
      'graph exported',
    );
    const name = `${q.dataset ?? 'selection'}.${out.extension}`;
    res.set('Content-Type', `${out.contentType}; charset=utf-8`);
    res.set('Content-Disposition', `attachment; filename="${name}"`);
    res.send(out.body);
  });

  return router;
}
