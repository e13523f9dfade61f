/**
 * Console layer 4 and 5: execution, limits and cancellation.
 *
 * - The query runs in a managed **read transaction** (`session.executeRead`, READ access mode,
 *   never auto-commit) with the driver-side `{ timeout }`: Neo4j stops it past `timeoutMs`
 *   (504 QUERY_TIMEOUT). Errors inside the transaction are never retried.
 * - Records are consumed as a stream (the result's async iterator, which pauses the server
 *   stream under back-pressure); at `rowCap` rows, or when the answer would pass
 *   `maxResponseBytes`, iteration stops and the rest of the result is discarded on the server, so
 *   memory stays flat however many rows the query could produce (`truncated: true`).
 * - A hard deadline at `timeoutMs + graceMs` answers 504 even if Neo4j does not stop by itself
 *   (some expressions ignore the transaction timeout) and resets the connection.
 * - `signal` (the client went away) closes the session at once: the driver resets the
 *   connection, Neo4j terminates and rolls back the transaction.
 * - Memory-cap errors from Neo4j (db.memory.transaction.max) become 400 MEMORY_LIMIT_EXCEEDED.
 * - Values become plain JSON through server/mapper.ts, or typed JSON through
 *   server/typed-json.ts when `format` is 'typed'; nodes, relationships and paths anywhere in the
 *   rows are also gathered into `graph`, and endpoints of returned relationships whose nodes were
 *   not returned are fetched in the same transaction (cypher/console-endpoints.cypher), so no
 *   edge dangles.
 */
import { isNode, isPath, isRelationship, type Node, type ResultSummary } from 'neo4j-driver';
import type { Db } from '../db/db';
import { AppError, fromQueryError } from '../errors';
import {
  GraphCollector,
  nodeId,
  nodeToJson,
  relationshipToJson,
  toJson,
  type GraphPayload,
  type JsonValue,
} from '../mapper';
import { isAppStateLabel } from '../state/labels';
import { toTyped } from '../typed-json';

/** How row values are written: plain JSON (server/mapper.ts) or typed JSON (server/typed-json.ts). */
export type ValueFormat = 'plain' | 'typed';

export interface RunLimits {
  timeoutMs: number;
  rowCap: number;
  maxResponseBytes: number;
  graceMs: number;
}

export interface ConsoleNotification {
  code: string;
  title: string;
  description: string;
  severity: string;
  position: { offset: number; line: number; column: number } | null;
}

export interface ConsoleSummary {
  queryType: string;
  resultAvailableAfterMs: number | null;
  resultConsumedAfterMs: number | null;
  notifications: ConsoleNotification[];
}

export interface ConsoleResult {
  columns: string[];
  rows: JsonValue[][];
  rowCount: number;
  graph: GraphPayload;
  summary: ConsoleSummary;
  truncated: boolean;
  /** Why rows were cut: the row cap or the response-size cap; null when not truncated. */
  truncatedBy: 'rows' | 'bytes' | null;
  limits: { rowCap: number; maxResponseBytes: number; timeoutMs: number };
}

export const CLIENT_CLOSED = 'CLIENT_CLOSED';

export function queryTimeout(): AppError {
  return new AppError(504, 'QUERY_TIMEOUT', 'The query ran past its time limit and was stopped');
}

class NoRetry extends Error {
  constructor(readonly original: unknown) {
    super('no retry');
  }
}

/** A plain JSON-ish object (a Cypher map), as opposed to driver value classes. */
function isPlainMap(v: unknown): v is Record<string, unknown> {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.getPrototypeOf(v) === Object.prototype
  );
}

/**
 * The app's own state (sessions, counters, jobs: server/state) is not the graph: a node of it,
 * or a relationship or path touching one, reads as null in console answers.
 */
function withoutAppState(v: unknown): unknown {
  if (isNode(v)) return v.labels.some(isAppStateLabel) ? null : v;
  if (isPath(v)) {
    const nodes = [v.start, ...v.segments.map((s) => s.end)];
    return nodes.some((n) => n.labels.some(isAppStateLabel)) ? null : v;
  }
  if (Array.isArray(v)) return v.map(withoutAppState);
  if (isPlainMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = withoutAppState(x);
    return out;
  }
  return v;
}

function containsGraph(v: unknown): boolean {
  if (isNode(v) || isRelationship(v) || isPath(v)) return true;
  if (Array.isArray(v)) return v.some(containsGraph);
  if (isPlainMap(v)) return Object.values(v).some(containsGraph);
  return false;
}

/** toJson, except relationships and paths name their endpoints by slug when the node is known. */
function valueToJson(v: unknown, slugs: Map<string, string>): JsonValue {
  if (isRelationship(v)) return relationshipToJson(v, slugs) as unknown as JsonValue;
  if (isPath(v)) {
    const nodes: Node[] = [v.start, ...v.segments.map((s) => s.end)];
    return {
      nodes: nodes.map((n) => nodeToJson(n)) as unknown as JsonValue[],
      edges: v.segments.map((s) =>
        relationshipToJson(s.relationship, slugs),
      ) as unknown as JsonValue[],
    };
  }
  if (Array.isArray(v)) return v.map((x) => valueToJson(x, slugs));
  if (isPlainMap(v)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) out[k] = valueToJson(x, slugs);
    return out;
  }
  return toJson(v);
}

function ms(v: unknown): number | null {
  const j = toJson(v);
  return typeof j === 'number' ? j : j === null ? null : Number(j);
}

function summaryToJson(summary: ResultSummary | undefined): ConsoleSummary {
  const notifications = (summary?.notifications ?? []).map((n) => {
    const p = n.position as { offset?: number; line?: number; column?: number } | undefined;
    return {
      code: n.code,
      title: n.title,
      description: n.description,
      severity: n.severityLevel,
      position:
        p && typeof p.line === 'number'
          ? { offset: p.offset ?? 0, line: p.line, column: p.column ?? 0 }
          : null,
    };
  });
  return {
    queryType: summary?.queryType ?? 'r',
    resultAvailableAfterMs: ms(summary?.resultAvailableAfter),
    resultConsumedAfterMs: ms(summary?.resultConsumedAfter),
    notifications,
  };
}

/**
 * Runs an already-screened, EXPLAIN-gated query in a read transaction with the console's limits.
 * Throws AppError: 504 QUERY_TIMEOUT, 400 MEMORY_LIMIT_EXCEEDED / CYPHER_ERROR, 499
 * CLIENT_CLOSED when `signal` fired, 503 when the database is down.
 */
export async function runReadQuery(
  db: Db,
  query: string,
  params: Record<string, unknown>,
  limits: RunLimits,
  signal?: AbortSignal,
  format: ValueFormat = 'plain',
  /** Transaction metadata (the watchdog's tag), visible to SHOW TRANSACTIONS. */
  metadata?: Record<string, string>,
): Promise<ConsoleResult> {
  const session = db.driver.session({
    database: db.database,
    defaultAccessMode: 'READ',
    fetchSize: Math.max(1, Math.min(1000, limits.rowCap + 1)),
  });
  let abortReason: AppError | null = null;
  let rejectAborted: (e: Error) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    rejectAborted = reject;
  });
  aborted.catch(() => undefined);
  const abort = (reason: AppError) => {
    if (abortReason) return;
    abortReason = reason;
    rejectAborted(reason);
    // Resets the connection: Neo4j terminates the transaction and rolls it back.
    void session.close().catch(() => undefined);
  };
  const onClientGone = () => abort(new AppError(499, CLIENT_CLOSED, 'The client went away'));
  if (signal?.aborted) onClientGone();
  signal?.addEventListener('abort', onClientGone, { once: true });
  const deadline = setTimeout(() => abort(queryTimeout()), limits.timeoutMs + limits.graceMs);

  try {
    if (abortReason) throw abortReason;
    const work = session.executeRead(
      async (tx) => {
        try {
          const result = tx.run(query, params);
          const it = result[Symbol.asyncIterator]();
          const records: unknown[][] = [];
          let columns: string[] | null = null;
          let bytes = 0;
          let truncatedBy: 'rows' | 'bytes' | null = null;
          let summary: ResultSummary | undefined;
          for (;;) {
            const next = await Promise.race([it.next(), aborted]);
            if (next.done) {
              summary = next.value;
              break;
            }
            const record = next.value;
            columns ??= [...record.keys] as string[];
            if (records.length >= limits.rowCap) {
              truncatedBy = 'rows';
              break;
            }
            const values = record.keys.map((k) => withoutAppState(record.get(k)));
            // Typed JSON is larger than plain: the size cap counts what is sent.
            const sized = values.map((v): unknown => (format === 'typed' ? toTyped(v) : toJson(v)));
            const rowBytes = Buffer.byteLength(JSON.stringify(sized)) + 1;
            // Graph elements are sent twice: in the row and in `graph`.
            const cost = containsGraph(values) ? rowBytes * 2 : rowBytes;
            if (bytes + cost > limits.maxResponseBytes) {
              truncatedBy = 'bytes';
              break;
            }
            bytes += cost;
            records.push(values);
          }
          if (truncatedBy) {
            // Cancels the stream: the server discards the rest of the result.
            const last = await Promise.race([it.return!(), aborted]);
            summary = last.value as ResultSummary | undefined;
          }
          columns ??= [...(await Promise.race([result.keys(), aborted]))] as string[];

          const collector = new GraphCollector();
          const slugs = new Map<string, string>(); // element id → public id, for edge endpoints
          const addValue = (v: unknown) => {
            collector.add(v);
            forEachNode(v, (n) => slugs.set(n.elementId, nodeId(n)));
          };
          for (const r of records) for (const v of r) addValue(v);
          const missing = collector.missingEndpoints();
          if (missing.length > 0) {
            const endpoints = await Promise.race([
              tx.run(db.queries.get('console-endpoints'), { elementIds: missing }),
              aborted,
            ]);
            for (const r of endpoints.records) addValue(withoutAppState(r.get('n')));
          }
          const graph = collector.payload();
          const encode = (v: unknown): JsonValue =>
            format === 'typed' ? (toTyped(v) as unknown as JsonValue) : valueToJson(v, slugs);
          const rows = records.map((r) => r.map(encode));
          return {
            columns,
            rows,
            rowCount: rows.length,
            graph,
            summary: summaryToJson(summary),
            truncated: truncatedBy !== null,
            truncatedBy,
            limits: {
              rowCap: limits.rowCap,
              maxResponseBytes: limits.maxResponseBytes,
              timeoutMs: limits.timeoutMs,
            },
          } satisfies ConsoleResult;
        } catch (err) {
          throw new NoRetry(err);
        }
      },
      { timeout: limits.timeoutMs, metadata },
    );
    work.catch(() => undefined);
    return await Promise.race([work, aborted]);
  } catch (err) {
    if (abortReason) throw abortReason;
    const cause = err instanceof NoRetry ? err.original : err;
    if (cause instanceof AppError) throw cause;
    throw fromQueryError(cause);
  } finally {
    clearTimeout(deadline);
    signal?.removeEventListener('abort', onClientGone);
    // After an abort the connection may still be busy: never wait for it.
    if (abortReason) void session.close().catch(() => undefined);
    else await session.close().catch(() => undefined);
  }
}

/** Calls fn for every node in a value: nodes, path nodes, inside lists and maps. */
function forEachNode(v: unknown, fn: (n: Node) => void): void {
  if (isNode(v)) fn(v);
  else if (isPath(v)) {
    fn(v.start);
    for (const s of v.segments) fn(s.end);
  } else if (Array.isArray(v)) v.forEach((x) => forEachNode(x, fn));
  else if (isPlainMap(v)) Object.values(v).forEach((x) => forEachNode(x, fn));
}
