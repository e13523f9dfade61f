/**
 * Console layer 3: the EXPLAIN gate.
 *
 * Runs `EXPLAIN <query>` with the request's params in a read transaction (nothing executes) and
 * admits the query only when Neo4j's planner classifies it as read-only, `summary.queryType ===
 * 'r'`. 'w' and 'rw' are refused with 403 WRITE_FORBIDDEN, 's' (schema and DBMS commands, e.g.
 * CREATE INDEX, db.clearQueryCaches, dbms.components) with 403 SCHEMA_FORBIDDEN. This layer does
 * not trust the lexical screen: it is tested on its own with writes the screen would have caught.
 *
 * Planner errors become 400s: syntax errors 400 CYPHER_SYNTAX_ERROR with the position in the
 * analyst's query ({line, column, offset}, corrected for the `EXPLAIN ` prefix), other client
 * errors 400 CYPHER_ERROR.
 */
import type { ResultSummary } from 'neo4j-driver';
import type { Db } from '../db/db';
import { AppError, fromQueryError, type ErrorPosition } from '../errors';

export const EXPLAIN_PREFIX = 'EXPLAIN ';

export interface ExplainResult {
  queryType: 'r';
  summary: ResultSummary;
}

/** Moves a position reported for `EXPLAIN <query>` back onto `<query>`. */
export function shiftPosition(p: ErrorPosition | undefined): ErrorPosition | undefined {
  if (!p) return undefined;
  const shift = EXPLAIN_PREFIX.length;
  const line = Math.max(1, p.line);
  return {
    line,
    column: line === 1 ? Math.max(1, p.column - shift) : p.column,
    offset: Math.max(0, p.offset - shift),
  };
}

/** Rewrites an error so its message and position refer to the analyst's query. */
function withoutPrefix(err: AppError): AppError {
  if (!err.position) return err;
  const position = shiftPosition(err.position)!;
  const message = err.message.replace(
    /\(line \d+, column \d+ \(offset: \d+\)\)/,
    `(line ${position.line}, column ${position.column} (offset: ${position.offset}))`,
  );
  return new AppError(err.status, err.code, message, position);
}

/**
 * Neo4j 5.26 reports some lexer failures (an unterminated comment) as a DatabaseError
 * "Lexical error at line L, column C." rather than a syntax error: still the analyst's mistake.
 */
function lexicalError(err: unknown): AppError | null {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e.message !== 'string' || !String(e.code).startsWith('Neo.DatabaseError')) {
    return null;
  }
  const m = /^Lexical error at line (\d+), column (\d+)/.exec(e.message);
  if (!m) return null;
  const line = Number(m[1]);
  const column = line === 1 ? Math.max(1, Number(m[2]) - EXPLAIN_PREFIX.length) : Number(m[2]);
  return new AppError(
    400,
    'CYPHER_SYNTAX_ERROR',
    `Lexical error at line ${line}, column ${column}`,
  );
}

/** Wraps driver errors thrown inside the transaction so executeRead never retries them. */
class NoRetry extends Error {
  constructor(readonly original: unknown) {
    super('no retry');
  }
}

/**
 * Throws unless Neo4j plans the query as read-only ('r'). When `signal` fires (time up, client
 * gone) it rejects with `signal.reason` at once and closes the session, whatever the parser does.
 */
export async function explainGate(
  db: Db,
  query: string,
  params: Record<string, unknown>,
  timeoutMs: number,
  signal?: AbortSignal,
  metadata?: Record<string, string>,
): Promise<ExplainResult> {
  const session = db.driver.session({ database: db.database, defaultAccessMode: 'READ' });
  let summary: ResultSummary;
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      void session.close().catch(() => undefined);
    };
  });
  aborted.catch(() => undefined);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const work = session.executeRead(
      async (tx) => {
        try {
          return (await tx.run(EXPLAIN_PREFIX + query, params)).summary;
        } catch (err) {
          throw new NoRetry(err);
        }
      },
      { timeout: timeoutMs, metadata },
    );
    work.catch(() => undefined);
    summary = await Promise.race([work, aborted]);
  } catch (err) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : err;
    const cause = err instanceof NoRetry ? err.original : err;
    const lexical = lexicalError(cause);
    if (lexical) throw lexical;
    throw withoutPrefix(fromQueryError(cause));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (signal?.aborted) void session.close().catch(() => undefined);
    else await session.close().catch(() => undefined);
  }
  const type = summary.queryType;
  if (type === 's') {
    throw new AppError(
      403,
      'SCHEMA_FORBIDDEN',
      'Schema and administration commands are not allowed in the console',
    );
  }
  if (type !== 'r') {
    throw new AppError(403, 'WRITE_FORBIDDEN', 'The console is read-only: this query writes');
  }
  return { queryType: 'r', summary };
}
