import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { isObject, str } from './common';
import { detectFormat, type ImportFormat } from './import-service';
import { parseGraphml } from './graphml';
import { isGzip } from './parse';

/**
 * What the Import panel shows before a dry run: the format the importer would detect and the
 * first records of the file's head (the client sends at most PREVIEW_MAX_BYTES of it).
 */

export const PREVIEW_MAX_BYTES = 256 * 1024;
const ROWS = 10;

export interface PreviewRecord {
  line: number;
  /** BODS recordType/statement kind, FtM schema, our kind/type. */
  type: string;
  id: string;
  name: string;
}

export interface ImportPreview {
  format: ImportFormat;
  records: PreviewRecord[];
  /** CSV only: the header and the first rows, as text. */
  columns?: string[];
  rows?: string[][];
  /** True when only the head of a larger file was seen. */
  partial: boolean;
}

/** Inflates as much of a gzip head as arrived (a cut stream ends early instead of failing). */
function headText(buf: Buffer): string {
  let bytes = buf;
  if (isGzip(buf)) {
    bytes = zlib.gunzipSync(buf, {
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
      maxOutputLength: 4 * PREVIEW_MAX_BYTES,
    });
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The first complete top-level items of a JSON array text, with their lines. */
function arrayHead(text: string, max: number): Array<{ line: number; value: unknown }> {
  const out: Array<{ line: number; value: unknown }> = [];
  let depth = 0;
  let line = 1;
  let start = -1;
  let startLine = 1;
  let inString = false;
  for (let i = 0; i < text.length && out.length < max; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth === 2 && c === '{') {
        start = i;
        startLine = line;
      }
    } else if (c === '}' || c === ']') {
      if (depth === 2 && c === '}' && start >= 0) {
        try {
          out.push({ line: startLine, value: JSON.parse(text.slice(start, i + 1)) });
        } catch {
          // A malformed item: the dry run names it.
        }
        start = -1;
      }
      depth--;
    }
  }
  return out;
}

function linesHead(text: string, max: number): Array<{ line: number; value: unknown }> {
  const out: Array<{ line: number; value: unknown }> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && out.length < max; i++) {
    if (!lines[i].trim()) continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(lines[i]) });
    } catch {
      // The last line of a cut head, or a malformed one: the dry run names it.
    }
  }
  return out;
}

function partyRef(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!isObject(v)) return undefined;
  return (
    str(v.describedByPersonStatement) ??
    str(v.describedByEntityStatement) ??
    (isObject(v) && str(v.reason) ? `unspecified (${str(v.reason)})` : undefined)
  );
}

/** One line per record; BODS relationships name their ends from the records seen before. */
function summary(line: number, v: unknown, names: Map<string, string>): PreviewRecord {
  if (!isObject(v)) return { line, type: typeof v, id: '', name: '' };
  const props = isObject(v.properties) ? v.properties : {};
  const details = isObject(v.recordDetails) ? v.recordDetails : {};
  const list = Array.isArray(details.names) ? details.names : [];
  const first = (x: unknown) => (Array.isArray(x) ? str(x[0]) : str(x));
  const id = str(v.recordId) ?? str(v.statementId) ?? str(v.id) ?? '';
  let name =
    str(details.name) ??
    (isObject(list[0]) ? str(list[0].fullName) : undefined) ??
    first(props.name) ??
    str(v.name) ??
    '';
  const subject = str(details.subject);
  const label = (x: string) => names.get(x) ?? x;
  // Our JSON lines and GraphML: a relationship names its two ends.
  const from = str(v.from);
  const to = str(v.to);
  if (!name && from && to) name = `${label(from)} → ${label(to)}`;
  if (!name && subject) {
    const party = partyRef(details.interestedParty);
    name = `${party ? label(party) : '?'} → ${label(subject)}`;
  }
  if (id && name) names.set(id, name);
  const type =
    str(v.recordType) ?? str(v.statementType) ?? str(v.schema) ?? str(v.kind) ?? str(v.type) ?? '';
  return { line, type, id, name };
}

/** Detects the format of a file's head and summarises its first records. */
export function previewImport(buf: Buffer, format?: ImportFormat): ImportPreview {
  const text = headText(buf.subarray(0, PREVIEW_MAX_BYTES));
  const partial = buf.length >= PREVIEW_MAX_BYTES;
  const fmt = format ?? detectFormat(text);
  if (fmt === 'csv') {
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = [',', ';', '\t', '|'].sort(
      (a, b) => firstLine.split(b).length - firstLine.split(a).length,
    )[0];
    const rows = parse(text, {
      delimiter,
      to_line: ROWS + 1,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
    }) as string[][];
    return {
      format: fmt,
      records: [],
      columns: rows[0] ?? [],
      rows: rows.slice(1),
      partial,
    };
  }
  const items =
    fmt === 'graphml'
      ? parseGraphml(text, { partial: true }).values.slice(0, ROWS)
      : text.trimStart().startsWith('[')
        ? arrayHead(text, ROWS)
        : linesHead(text, ROWS);
  const names = new Map<string, string>();
  return { format: fmt, records: items.map((x) => summary(x.line, x.value, names)), partial };
}
