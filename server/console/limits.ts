/**
 * Console limits: how long a console query may run, how many rows and bytes an answer may carry.
 *
 * Defaults come from the environment (CONSOLE_TIMEOUT_MS, CONSOLE_ROW_CAP,
 * CONSOLE_MAX_RESPONSE_BYTES, AUDIT_LOG); createApp deps can override any of them (tests use
 * small caps and short timeouts).
 */
import path from 'node:path';
import { ROOT_DIR } from '../config';

export interface ConsoleLimits {
  /** Transaction timeout handed to Neo4j with the query (driver-side `{ timeout }`). */
  timeoutMs: number;
  /** Rows returned at most; the rest of the result is discarded on the server (`truncated: true`). */
  rowCap: number;
  /** Approximate JSON size of rows + graph at most; past it rows are cut (`truncated: true`). */
  maxResponseBytes: number;
  /**
   * Extra time the app waits past `timeoutMs` for Neo4j to stop a query by itself before it
   * resets the connection and answers 504 on its own (some expressions ignore the server timeout).
   */
  graceMs: number;
  /** Console queries running at once; more answer 429 CONSOLE_BUSY. */
  maxConcurrent: number;
  /** Where the JSON-lines audit log goes. */
  auditLogPath: string;
}

export const DEFAULT_CONSOLE_LIMITS: Readonly<ConsoleLimits> = Object.freeze({
  timeoutMs: 10_000,
  rowCap: 1000,
  maxResponseBytes: 5 * 1024 * 1024,
  graceMs: 2_000,
  maxConcurrent: 8,
  auditLogPath: path.join(ROOT_DIR, '.data', 'audit.log'),
});

function positiveInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`Invalid console limit ${JSON.stringify(value)}: expected a positive integer`);
  }
  return n;
}

/** Limits from the environment, then overrides (e.g. createApp deps), then defaults. */
export function consoleLimits(
  overrides: Partial<ConsoleLimits> = {},
  env: NodeJS.ProcessEnv = process.env,
): ConsoleLimits {
  const d = DEFAULT_CONSOLE_LIMITS;
  const fromEnv: ConsoleLimits = {
    timeoutMs: positiveInt(env.CONSOLE_TIMEOUT_MS, d.timeoutMs),
    rowCap: positiveInt(env.CONSOLE_ROW_CAP, d.rowCap),
    maxResponseBytes: positiveInt(env.CONSOLE_MAX_RESPONSE_BYTES, d.maxResponseBytes),
    graceMs: d.graceMs,
    maxConcurrent: positiveInt(env.CONSOLE_MAX_CONCURRENT, d.maxConcurrent),
    auditLogPath: env.AUDIT_LOG && env.AUDIT_LOG.trim() ? env.AUDIT_LOG : d.auditLogPath,
  };
  const merged = { ...fromEnv };
  for (const [k, v] of Object.entries(overrides)) {
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  }
  return merged;
}
