import { Neo4jError, isRetryableError } from 'neo4j-driver';

export interface ErrorPosition {
  line: number;
  column: number;
  offset: number;
}

export interface ErrorBody {
  error: { code: string; message: string; position?: ErrorPosition };
}

/** Every error an answer can carry: status, a stable code, a message fit for an analyst. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly position?: ErrorPosition,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.position ? { position: this.position } : {}),
      },
    };
  }
}

export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const badRequest = (message: string, code = 'INVALID_REQUEST') =>
  new AppError(400, code, message);
export const forbidden = (message: string, code = 'FORBIDDEN') => new AppError(403, code, message);
export const unavailable = () =>
  new AppError(
    503,
    'DATABASE_UNAVAILABLE',
    'The database is unavailable; try again shortly',
    undefined,
    5,
  );

/** Neo4j reports positions as "(line 1, column 8 (offset: 7))". */
export function parsePosition(message: string): ErrorPosition | undefined {
  const m = /line (\d+), column (\d+) \(offset: (\d+)\)/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]), offset: Number(m[3]) } : undefined;
}

/** First line of a Neo4j message, without the echo of the query and caret it appends. */
function cleanMessage(message: string): string {
  return message.split('\n')[0].trim();
}

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

/** Maps anything thrown by the driver to an AppError; unknown failures become 500. */
export function fromNeo4jError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (!(err instanceof Neo4jError)) {
    return new AppError(500, 'INTERNAL_ERROR', 'Internal error');
  }
  const code = err.code ?? '';
  if (UNAVAILABLE_CODES.has(code) || (isRetryableError(err) && !code.includes('Memory'))) {
    if (code.includes('Transaction.TransactionTimedOut')) return timeout();
    return unavailable();
  }
  if (code.includes('TransactionTimedOut') || code.includes('Transaction.TransactionTimedOut')) {
    return timeout();
  }
  if (code === 'Neo.ClientError.Statement.SyntaxError') {
    return new AppError(
      400,
      'CYPHER_SYNTAX_ERROR',
      cleanMessage(err.message),
      parsePosition(err.message),
    );
  }
  if (code.includes('MemoryPoolOutOfMemoryError') || code.includes('TransactionOutOfMemoryError')) {
    return new AppError(
      400,
      'MEMORY_LIMIT_EXCEEDED',
      'The query needed more memory than a query may use',
    );
  }
  if (
    code.startsWith('Neo.ClientError.Security') ||
    code.includes('AccessMode') ||
    code.includes('Forbidden')
  ) {
    return forbidden('The database refused this operation', 'FORBIDDEN');
  }
  if (code.startsWith('Neo.ClientError')) {
    return new AppError(400, 'CYPHER_ERROR', cleanMessage(err.message), parsePosition(err.message));
  }
  return new AppError(500, 'INTERNAL_ERROR', 'Internal error');
}

function timeout(): AppError {
  return new AppError(504, 'QUERY_TIMEOUT', 'The query ran past its time limit and was stopped');
}

/**
 * Errors of an analyst's own query (the console): what Neo4j reports as a failure to evaluate
 * or start that query — a negative `substring` index, an unknown `date.truncate` unit,
 * `IN TRANSACTIONS` in an explicit transaction, the heap running out — is the query's fault,
 * a 400 with Neo4j's message, not a 500 or a 503 (which would also trip the breaker).
 * Everything else maps as fromNeo4jError does; 500 stays for the app's own faults.
 */
export function fromQueryError(err: unknown): AppError {
  if (err instanceof Neo4jError) {
    const code = err.code ?? '';
    if (code === 'Neo.TransientError.General.OutOfMemoryError' || code.includes('OutOfMemory')) {
      return new AppError(
        400,
        'MEMORY_LIMIT_EXCEEDED',
        'The query needed more memory than the database could give it',
      );
    }
    if (
      code.startsWith('Neo.DatabaseError.Statement.') ||
      code === 'Neo.DatabaseError.Transaction.TransactionStartFailed'
    ) {
      return new AppError(
        400,
        'CYPHER_ERROR',
        cleanMessage(err.message),
        parsePosition(err.message),
      );
    }
  }
  return fromNeo4jError(err);
}
