/**
 * Console layer 6: the audit log.
 *
 * Every console request that reaches the route is written as one JSON line: time (ISO), user
 * (`res.locals.user?.name ?? 'local'`), query, params, durationMs, rows, outcome (`ok`,
 * `refused` for a 403 policy refusal, `error` otherwise), and the error code and HTTP status when
 * it did not succeed. Lines are appended in order by one writer per file (AUDIT_LOG, default
 * .data/audit.log). A failing write is reported to `onError` and never fails the request.
 */
import fs from 'node:fs';
import path from 'node:path';

export type AuditOutcome = 'ok' | 'refused' | 'error';

export interface AuditEntry {
  time: string;
  user: string;
  query: unknown;
  params: unknown;
  durationMs: number;
  rows: number;
  outcome: AuditOutcome;
  status: number;
  code?: string;
  truncated?: boolean;
}

export class AuditLog {
  private pending: Promise<void> = Promise.resolve();
  private dirReady = false;

  constructor(
    readonly file: string,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Queues one line; resolves when it is on disk. */
  write(entry: AuditEntry): Promise<void> {
    const line = JSON.stringify(entry) + '\n';
    this.pending = this.pending.then(async () => {
      try {
        if (!this.dirReady) {
          await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
          this.dirReady = true;
        }
        await fs.promises.appendFile(this.file, line, { encoding: 'utf8', mode: 0o600 });
      } catch (err) {
        this.onError(err);
      }
    });
    return this.pending;
  }

  /** Resolves once every queued line is written. */
  flush(): Promise<void> {
    return this.pending;
  }
}
