import type { Db } from '../db/db';
import { recordImport } from '../ops/metrics';
import type { EntityRecord, RelationshipInput } from '../model/records';
import { looksLikeBods, readBods } from './bods';
import { recordChange } from '../workspace/change-log';
import { emptyResult, slugify, type ReadIssue, type ReadResult } from './common';
import { looksLikeFtm, readFtm } from './ftm';
import { readCsv, type CsvMapping } from './csv';
import { parseGraphml } from './graphml';
import { firstLoad, type FirstLoadTarget } from './first-load';
import { applySchema, loadLocated, validateRecord, type Rejection } from './loader';
import {
  decodeInput,
  InputError,
  parseJsonDocument,
  parseJsonLines,
  DEFAULT_MAX_INPUT_BYTES,
} from './parse';

/**
 * One import: bytes → format → reader → canonical records → the loader, into one dataset. The
 * CLI (scripts/import.ts) and the API (server/routes/imports.ts) both come through here.
 */

export const FORMATS = ['bods', 'ftm', 'csv', 'jsonl', 'graphml'] as const;
export type ImportFormat = (typeof FORMATS)[number];

export interface ImportOptions {
  format?: ImportFormat;
  /** Dataset name; its id is the slug of it. Default: the file name. */
  dataset?: string;
  dryRun?: boolean;
  mapping?: CsvMapping;
  importedBy?: string;
  fileName?: string;
  maxBytes?: number;
  /** Records handed to the loader so far, of `total`. */
  onProgress?: (records: number, total: number) => void;
  /** For tests: stop after this many committed batches, as if the process died. */
  stopAfterBatches?: number;
  batchSize?: number;
  /**
   * Load through the batch importer (server/ingest/first-load.ts) instead of the transactional
   * loader: only for an empty bundled database, which the caller has checked. `workDir` holds
   * the CSV files meanwhile.
   */
  firstLoad?: { target: FirstLoadTarget; workDir: string };
}

export interface ImportReport {
  dataset: string;
  datasetName: string;
  format: ImportFormat;
  dryRun: boolean;
  /** Source records read (statements, FtM entities, CSV rows, JSON lines). */
  records: number;
  entities: number;
  relationships: number;
  rejected: ReadIssue[];
  warnings: ReadIssue[];
  /** True when stopAfterBatches ended it early. */
  stopped: boolean;
  /** Which writer loaded it: the transactional loader or the batch importer (first load). */
  loadedBy?: 'loader' | 'batch-importer';
}

/** Guesses the format from the first non-blank character and the first record's shape. */
export function detectFormat(text: string): ImportFormat {
  const head = text.slice(0, 64 * 1024).trimStart();
  if (head.startsWith('[')) return 'bods';
  if (head.startsWith('<')) return 'graphml';
  if (head.startsWith('{')) {
    const firstLine = head.split(/\r?\n/, 1)[0];
    try {
      const v: unknown = JSON.parse(firstLine);
      if (looksLikeBods(v)) return 'bods';
      if (looksLikeFtm(v)) return 'ftm';
      return 'jsonl';
    } catch {
      // A pretty-printed single BODS statement or a JSON object over several lines.
      return /"statementId"/.test(head) ? 'bods' : 'jsonl';
    }
  }
  return 'csv';
}

export function datasetId(name: string): string {
  return slugify(name);
}

/** Our own JSON lines (`npm run load` format) as a reader: records as they are, dataset added. */
function readJsonLines(
  values: Array<{ line: number; value: unknown }>,
  dataset: string,
  source: string,
): ReadResult {
  const out = emptyResult();
  for (const { line, value } of values) {
    const parsed = validateRecord(value);
    if ('error' in parsed) {
      out.rejected.push({ record: null, line, code: 'INVALID_RECORD', message: parsed.error });
    } else if ('entity' in parsed) {
      out.entities.push({
        line,
        sourceRecord: parsed.entity.id,
        record: { ...parsed.entity, dataset },
      });
    } else {
      const r = parsed.relationship;
      out.relationships.push({
        line,
        sourceRecord: r.id,
        record: {
          ...r,
          dataset,
          sourceRecord: r.sourceRecord ?? `line ${line}`,
          source: r.source ?? source,
        },
      });
    }
  }
  return out;
}

function readAll(
  text: string,
  format: ImportFormat,
  opts: ImportOptions,
  dataset: string,
  source: string,
): ReadResult {
  const ctx = { dataset, source };
  if (format === 'csv') {
    if (!opts.mapping) throw new InputError('MAPPING_REQUIRED', 'a CSV import needs a mapping');
    return readCsv(text, opts.mapping, ctx);
  }
  if (format === 'graphml') {
    const { values, rejected } = parseGraphml(text);
    // Other tools' edges carry no provenance: the file itself is their source, stated outright.
    for (const { line, value } of values) {
      const v = value as Record<string, unknown>;
      if (!('type' in v)) continue;
      v.source ??= source;
      v.evidence ??= `Edge ${typeof v.id === 'string' ? v.id : `at line ${line}`} of the GraphML file.`;
      v.confidence ??= 1;
    }
    const out = readJsonLines(values, dataset, source);
    out.rejected.unshift(...rejected);
    return out;
  }
  const trimmed = text.trimStart();
  let values: Array<{ line: number; value: unknown }>;
  let rejected: ReadIssue[] = [];
  if (trimmed.startsWith('[') || (format === 'bods' && !trimmed.includes('\n{'))) {
    values = parseJsonDocument(text);
  } else {
    ({ values, rejected } = parseJsonLines(text));
  }
  const out =
    format === 'bods'
      ? readBods(values, ctx)
      : format === 'ftm'
        ? readFtm(values, ctx)
        : readJsonLines(values, dataset, source);
  out.rejected.unshift(...rejected);
  return out;
}

function datasetSource(
  id: string,
  name: string,
  format: ImportFormat,
  opts: ImportOptions,
  records: number,
): EntityRecord {
  return {
    id: `source:${id}`,
    kind: 'Source',
    name,
    description: `Imported ${format.toUpperCase()} dataset${opts.fileName ? ` from ${opts.fileName}` : ''}.`,
    dataset: id,
    facts: {
      isDataset: true,
      datasetId: id,
      format,
      importedAt: new Date().toISOString(),
      ...(opts.importedBy ? { importedBy: opts.importedBy } : {}),
      ...(opts.fileName ? { fileName: opts.fileName } : {}),
      sourceRecords: records,
    },
  };
}

/** Parses and reads without writing: what an import would do, with what it would refuse. */
export async function readImport(
  buf: Buffer,
  opts: ImportOptions,
): Promise<{
  result: ReadResult;
  format: ImportFormat;
  id: string;
  name: string;
  records: number;
}> {
  const max = opts.maxBytes ?? (Number(process.env.IMPORT_MAX_BYTES) || DEFAULT_MAX_INPUT_BYTES);
  const text = await decodeInput(buf, max);
  const format = opts.format ?? detectFormat(text);
  const name =
    opts.dataset ?? opts.fileName?.replace(/(\.gz)?$/, '').replace(/\.[^.]*$/, '') ?? format;
  const id = datasetId(name);
  const result = readAll(text, format, opts, id, `source:${id}`);
  // A record is a line, except in GraphML, where one line may hold many elements.
  const records =
    format === 'graphml'
      ? result.entities.length + result.relationships.length + result.rejected.length
      : new Set([...result.entities, ...result.relationships].map((x) => x.line)).size +
        new Set(result.rejected.map((r) => r.line)).size;
  return { result, format, id, name, records };
}

/** Imports one file's bytes into its dataset; the report lists every refused record. */
export async function importData(
  db: Db,
  buf: Buffer,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  let report: ImportReport;
  try {
    report = await importOnce(db, buf, opts);
  } catch (err) {
    if (!opts.dryRun) recordImport(opts.format ?? 'unknown', 'failed');
    throw err;
  }
  // Dry runs write nothing, so /metrics counts only imports that reached the loader.
  if (!report.dryRun) {
    const unreadable = report.records === 0 && report.rejected.length > 0;
    const outcome = report.stopped ? 'cancelled' : unreadable ? 'failed' : 'succeeded';
    recordImport(report.format, outcome, report.records);
  }
  return report;
}

async function importOnce(db: Db, buf: Buffer, opts: ImportOptions): Promise<ImportReport> {
  let read: Awaited<ReturnType<typeof readImport>>;
  try {
    read = await readImport(buf, opts);
  } catch (err) {
    if (err instanceof InputError) {
      return {
        dataset: datasetId(opts.dataset ?? 'dataset'),
        datasetName: opts.dataset ?? 'dataset',
        format: opts.format ?? 'jsonl',
        dryRun: opts.dryRun ?? false,
        records: 0,
        entities: 0,
        relationships: 0,
        rejected: [{ record: null, line: err.line ?? 0, code: err.code, message: err.message }],
        warnings: [],
        stopped: false,
      };
    }
    throw err;
  }
  const { result, format, id, name, records } = read;
  const report: ImportReport = {
    dataset: id,
    datasetName: name,
    format,
    dryRun: opts.dryRun ?? false,
    records,
    entities: 0,
    relationships: 0,
    rejected: [...result.rejected],
    warnings: result.warnings,
    stopped: false,
  };
  const source = datasetSource(id, name, format, opts, records);
  const items: Array<{
    line: number;
    record: EntityRecord | RelationshipInput;
    sourceRecord: string | null;
  }> = [
    { line: 0, record: source, sourceRecord: null },
    ...result.entities,
    ...result.relationships,
  ];

  if (opts.dryRun) {
    const known = new Set(items.filter((x) => 'kind' in x.record).map((x) => x.record.id));
    const ends = new Set<string>();
    for (const x of result.relationships) {
      for (const e of [x.record.from, x.record.to]) if (!known.has(e)) ends.add(e);
    }
    const existing = new Set<string>();
    if (ends.size) {
      const r = await db.read('entities-existing', { ids: [...ends] });
      for (const rec of r.records) existing.add(rec.get('id') as string);
    }
    for (const x of items) {
      const parsed = validateRecord(x.record);
      if ('error' in parsed) {
        report.rejected.push({
          record: x.sourceRecord,
          line: x.line,
          code: 'INVALID_RECORD',
          message: parsed.error,
        });
      } else if ('entity' in parsed) {
        // The dataset's own Source node is not one of its entities (as in the real import).
        if (x.record !== source) report.entities++;
      } else {
        const missing = [x.record as RelationshipInput]
          .flatMap((r) => [r.from, r.to])
          .find((e) => !known.has(e) && !existing.has(e));
        if (missing) {
          report.rejected.push({
            record: x.sourceRecord,
            line: x.line,
            code: 'DANGLING_REFERENCE',
            message: `missing endpoint ${missing}`,
          });
        } else report.relationships++;
      }
    }
    report.rejected.sort((a, b) => a.line - b.line);
    return report;
  }

  // The loader numbers items 1..n; items[n - 1] says which source line and record that was.
  const numbered = items.map((x, i) => ({ line: i + 1, record: x.record }));
  let loaded: { entities: number; relationships: number; stopped: boolean; rejected: Rejection[] };
  if (opts.firstLoad) {
    opts.onProgress?.(0, items.length);
    const { report: r } = await firstLoad(
      opts.firstLoad.target,
      numbered.map((x) => ({ line: x.line, parsed: () => validateRecord(x.record) })),
      opts.firstLoad.workDir,
    );
    opts.onProgress?.(items.length, items.length);
    loaded = { ...r, stopped: false };
    report.loadedBy = 'batch-importer';
  } else {
    await applySchema(db);
    opts.onProgress?.(0, items.length);
    loaded = await loadLocated(db, numbered, {
      onRecord: (done) => opts.onProgress?.(done, items.length),
      stopAfterBatches: opts.stopAfterBatches,
      batchSize: opts.batchSize,
    });
    report.loadedBy = 'loader';
  }
  report.entities = loaded.entities - 1;
  report.relationships = loaded.relationships;
  report.stopped = loaded.stopped;
  for (const r of loaded.rejected) {
    const dangling = r.reason.startsWith('missing endpoint');
    const item = items[r.line - 1];
    report.rejected.push({
      record: item?.sourceRecord ?? null,
      line: item?.line ?? 0,
      code: dangling ? 'DANGLING_REFERENCE' : 'INVALID_RECORD',
      message: r.reason,
    });
  }
  report.rejected.sort((a, b) => a.line - b.line);
  const { entities, relationships, stopped } = report;
  const after = { dataset: id, name, format, records, entities, relationships, stopped };
  await recordChange(db, {
    ...{ user: opts.importedBy ?? 'local', action: 'import', targetType: 'dataset', target: id },
    ...{ after: { ...after, rejected: report.rejected.length }, source: `source:${id}` },
  });
  return report;
}
