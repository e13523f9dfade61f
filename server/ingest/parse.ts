import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { InputValue, ReadIssue } from './common';

/**
 * Bytes → text → JSON values, with the guards an upload needs: gzip read with a cap on what it
 * may inflate to (a gzip bomb stops at the cap), strict UTF-8, a UTF-8 BOM dropped, CRLF line
 * ends accepted, nesting depth bounded, and every error naming its line.
 */

const gunzip = promisify(zlib.gunzip);

/** Largest decompressed input (bytes); IMPORT_MAX_BYTES overrides. */
export const DEFAULT_MAX_INPUT_BYTES = 512 * 1024 * 1024;
/** Deepest JSON nesting a record may have (BODS statements need about 6). */
export const MAX_DEPTH = 64;

export class InputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

export function isGzip(buf: Buffer): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** Gunzips when the bytes are gzip, refusing to inflate past `maxBytes`; then decodes UTF-8. */
export async function decodeInput(
  buf: Buffer,
  maxBytes = DEFAULT_MAX_INPUT_BYTES,
): Promise<string> {
  let bytes = buf;
  if (isGzip(buf)) {
    try {
      bytes = await gunzip(buf, { maxOutputLength: maxBytes });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test(e.message)) {
        throw new InputError(
          'INPUT_TOO_LARGE',
          `the gzip data inflates past the limit of ${maxBytes} bytes`,
        );
      }
      throw new InputError('BAD_GZIP', `the gzip data is corrupt: ${e.message}`);
    }
  }
  if (bytes.length > maxBytes) {
    throw new InputError('INPUT_TOO_LARGE', `the input is larger than ${maxBytes} bytes`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('BAD_ENCODING', 'the input is not valid UTF-8');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Depth of the deepest array/object, walked iteratively (never overflows the stack). */
export function depthOf(value: unknown, limit = MAX_DEPTH): number {
  const stack: Array<[unknown, number]> = [[value, 1]];
  let max = 0;
  while (stack.length) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

/**
 * Walks JSON text, skipping what is inside strings: `visit` sees every other character (a
 * string's opening quote included) with the nesting depth before it and its line, and stops
 * the walk by returning true. Returns the line reached.
 */
function scanJson(
  text: string,
  visit: (c: number, i: number, depth: number, line: number) => boolean | void,
): number {
  let depth = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    if (visit(c, i, depth, line)) break;
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return line;
}

/** Nesting depth of JSON text, by scanning brackets outside strings (before parsing it). */
export function textDepth(text: string, limit = MAX_DEPTH): { depth: number; line: number } {
  let deep: { depth: number; line: number } | null = null;
  const end = scanJson(text, (c, _i, depth, line) => {
    if ((c === 123 || c === 91) && depth + 1 > limit) deep = { depth: depth + 1, line };
    return deep !== null;
  });
  return deep ?? { depth: 0, line: end };
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Position of a JSON syntax error: the shortest prefix that fails for another reason than ending early. */
function errorPosition(text: string): number {
  const endsEarly = (k: number) => {
    try {
      JSON.parse(text.slice(0, k));
      return true;
    } catch (err) {
      return /end of JSON input|Unterminated string|Expected .* after/i.test(
        (err as Error).message,
      );
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (endsEarly(mid + 1)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function jsonError(text: string, err: Error, lineOffset = 0): { line: number; message: string } {
  const m = /position (\d+)/.exec(err.message);
  const position = m ? Number(m[1]) : errorPosition(text);
  return { line: lineAt(text, position) + lineOffset, message: err.message };
}

/** Line of each top-level array item of a JSON text (for reports on a JSON array file). */
function itemLines(text: string): number[] {
  const lines: number[] = [];
  scanJson(text, (c, i, depth, line) => {
    if (depth !== 1) return;
    if (c === 34 || c === 123 || c === 91) lines.push(line);
    else if (c !== 125 && c !== 93 && c > 32 && c !== 44) {
      // a bare number, true, false or null item: count it once
      const prev = text.charCodeAt(i - 1);
      if (prev <= 32 || prev === 44 || prev === 91) lines.push(line);
    }
  });
  return lines;
}

/** A whole-file JSON document (a BODS array): its items with their lines. */
export function parseJsonDocument(text: string): InputValue[] {
  const deep = textDepth(text);
  if (deep.depth > MAX_DEPTH) {
    throw new InputError('TOO_DEEP', `JSON nests deeper than ${MAX_DEPTH} levels`, deep.line);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const { line, message } = jsonError(text, err as Error);
    throw new InputError('BAD_JSON', `malformed JSON: ${message}`, line);
  }
  if (!Array.isArray(value)) return [{ line: 1, value }];
  const lines = itemLines(text);
  return value.map((v, i) => ({ line: lines[i] ?? i + 1, value: v }));
}

/** JSON lines: one value per non-empty line; a bad line becomes a rejection, not a failure. */
export function parseJsonLines(text: string): { values: InputValue[]; rejected: ReadIssue[] } {
  const values: InputValue[] = [];
  const rejected: ReadIssue[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const deep = textDepth(raw);
    if (deep.depth > MAX_DEPTH) {
      rejected.push({
        record: null,
        line,
        code: 'TOO_DEEP',
        message: `JSON nests deeper than ${MAX_DEPTH} levels`,
      });
      return;
    }
    try {
      values.push({ line, value: JSON.parse(raw) });
    } catch (err) {
      rejected.push({
        record: null,
        line,
        code: 'BAD_JSON',
        message: `malformed JSON: ${(err as Error).message}`,
      });
    }
  });
  return { values, rejected };
}

/** Reads a file (gunzipped through a zlib stream when it ends in .gz or starts like gzip), capped. */
export async function readFileInput(
  file: string,
  maxBytes = DEFAULT_MAX_INPUT_BYTES,
): Promise<Buffer> {
  const fs = await import('node:fs');
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  const input = fs.createReadStream(file);
  const stream = isGzip(head) || file.endsWith('.gz') ? input.pipe(zlib.createGunzip()) : input;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        input.destroy();
        throw new InputError('INPUT_TOO_LARGE', `${file} holds more than ${maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('BAD_GZIP', `cannot read ${file}: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks);
}
