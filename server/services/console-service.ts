/**
 * The Cypher console: runs an analyst's query read-only, whatever is typed, through layers that
 * each refuse on their own (server/console/):
 *   1. validate.ts — body shape, sizes, no prototype keys in params (400);
 *   2. screen.ts   — lexical pre-screen: one statement, no LOAD CSV / USE / admin / writes /
 *                    IN TRANSACTIONS, allowlisted procedures and function namespaces (403);
 *   3. explain.ts  — EXPLAIN gate: only queryType 'r' (403 WRITE_FORBIDDEN / SCHEMA_FORBIDDEN),
 *                    syntax errors with position (400);
 *   4. run.ts      — read transaction, timeout (504), row and response-size caps (truncated),
 *                    memory cap (400), graph with no dangling edges;
 *   5. run.ts      — a client that leaves cancels its query (the transaction rolls back);
 *   6. audit.ts    — one JSON line per request with its outcome.
 * Besides the per-user limits of server/security, at most `maxConcurrent` console queries run
 * at once (429 CONSOLE_BUSY), and one user holds at most half of them. A request's slot is freed
 * when its time is up (`timeoutMs + graceMs` from the EXPLAIN gate on, 504) or its client leaves,
 * whatever Neo4j does; the watchdog (console/watchdog.ts) then ends its transactions in Neo4j.
 */
import type { Db } from '../db/db';
import { AppError } from '../errors';
import type { AuditLog } from '../console/audit';
import { explainGate } from '../console/explain';
import type { ConsoleLimits } from '../console/limits';
import {
  CLIENT_CLOSED,
  queryTimeout,
  runReadQuery,
  type ConsoleResult,
  type ValueFormat,
} from '../console/run';
import { ConsoleWatchdog } from '../console/watchdog';
import { assertScreened } from '../console/screen';
import { parseConsoleRequest } from '../console/validate';

export interface ConsoleContext {
  user: string;
  /** Fires when the client goes away before the answer is sent. */
  signal?: AbortSignal;
  /** Params sent as Neo4j typed JSON (Content-Type: application/vnd.neo4j.query). */
  typedParams?: boolean;
  /** Answer values as plain JSON (default) or typed JSON (Accept: application/vnd.neo4j.query). */
  format?: ValueFormat;
}

export class ConsoleService {
  private running = 0;
  private readonly perUser = new Map<string, number>();
  readonly watchdog: ConsoleWatchdog;

  constructor(
    private readonly db: Db,
    readonly limits: ConsoleLimits,
    private readonly audit: AuditLog,
  ) {
    this.watchdog = new ConsoleWatchdog(db);
  }

  /** Global slots one user may hold: half the cap, so nobody can fill it alone. */
  get perUserSlots(): number {
    return Math.max(1, Math.floor(this.limits.maxConcurrent / 2));
  }

  /** Validates, screens, gates and runs one console request; every outcome is audited. */
  async execute(body: unknown, ctx: ConsoleContext): Promise<ConsoleResult> {
    const started = Date.now();
    const raw = body as { query?: unknown; params?: unknown } | null;
    let query: unknown = raw && typeof raw === 'object' ? raw.query : undefined;
    let params: unknown = raw && typeof raw === 'object' ? raw.params : undefined;
    let holdsSlot = false;
    try {
      const input = parseConsoleRequest(body, ctx.typedParams === true);
      query = input.query;
      params = body && typeof body === 'object' ? (body as { params?: unknown }).params : {};
      assertScreened(input.query, input.params);
      if ((this.perUser.get(ctx.user) ?? 0) >= this.perUserSlots) {
        throw new AppError(
          429,
          'CONSOLE_BUSY',
          `One user may run at most ${this.perUserSlots} console queries at once; retry shortly`,
          undefined,
          2,
        );
      }
      if (this.running >= this.limits.maxConcurrent) {
        throw new AppError(
          429,
          'CONSOLE_BUSY',
          'Too many console queries are running; retry shortly',
          undefined,
          2,
        );
      }
      this.running++;
      this.perUser.set(ctx.user, (this.perUser.get(ctx.user) ?? 0) + 1);
      holdsSlot = true;
      const result = await this.gateAndRun(
        input.query,
        input.params,
        ctx.signal,
        ctx.format ?? 'plain',
      );
      void this.audit.write({
        time: new Date(started).toISOString(),
        user: ctx.user,
        query,
        params: params ?? {},
        durationMs: Date.now() - started,
        rows: result.rowCount,
        outcome: 'ok',
        status: 200,
        truncated: result.truncated,
      });
      return result;
    } catch (err) {
      const e =
        err instanceof AppError ? err : new AppError(500, 'INTERNAL_ERROR', 'Internal error');
      void this.audit.write({
        time: new Date(started).toISOString(),
        user: ctx.user,
        query: auditable(query),
        params: auditable(params) ?? {},
        durationMs: Date.now() - started,
        rows: 0,
        outcome: e.status === 403 ? 'refused' : 'error',
        status: e.status,
        code: e.code,
      });
      throw err;
    } finally {
      if (holdsSlot) {
        this.running--;
        const left = (this.perUser.get(ctx.user) ?? 1) - 1;
        if (left <= 0) this.perUser.delete(ctx.user);
        else this.perUser.set(ctx.user, left);
      }
    }
  }

  /** EXPLAIN gate then run, under one deadline; on time-up or a client gone, the watchdog acts. */
  private async gateAndRun(
    query: string,
    params: Record<string, unknown>,
    clientSignal: AbortSignal | undefined,
    format: ValueFormat,
  ): Promise<ConsoleResult> {
    const tag = this.watchdog.tag();
    const metadata = this.watchdog.metadata(tag);
    const stop = new AbortController();
    const onClientGone = () => stop.abort(new AppError(499, CLIENT_CLOSED, 'The client went away'));
    if (clientSignal?.aborted) onClientGone();
    clientSignal?.addEventListener('abort', onClientGone, { once: true });
    const deadline = setTimeout(
      () => stop.abort(queryTimeout()),
      this.limits.timeoutMs + this.limits.graceMs,
    );
    try {
      await explainGate(this.db, query, params, this.limits.timeoutMs, stop.signal, metadata);
      return await runReadQuery(this.db, query, params, this.limits, stop.signal, format, metadata);
    } catch (err) {
      // Neo4j's own timeout marks the transaction; the watchdog makes sure it is gone.
      if (err instanceof AppError && err.status === 504) this.watchdog.stop(tag);
      // runReadQuery reports any abort as CLIENT_CLOSED: the reason says which it was.
      if (stop.signal.aborted) throw stop.signal.reason as AppError;
      throw err;
    } finally {
      clearTimeout(deadline);
      clientSignal?.removeEventListener('abort', onClientGone);
      if (stop.signal.aborted) this.watchdog.stop(tag);
    }
  }
}

/** What of an invalid body goes to the audit log: strings and plain JSON only, bounded. */
function auditable(v: unknown): unknown {
  if (v === undefined) return undefined;
  try {
    const s = JSON.stringify(v);
    return s !== undefined && s.length <= 70_000 ? (JSON.parse(s) as unknown) : '[too large]';
  } catch {
    return '[unserialisable]';
  }
}
