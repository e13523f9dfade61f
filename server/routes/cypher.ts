import { Router } from 'express';
import type { Db } from '../db/db';
import { AuditLog } from '../console/audit';
import { consoleLimits, type ConsoleLimits } from '../console/limits';
import { ConsoleService } from '../services/console-service';
import { isTypedMediaType, TYPED_MEDIA_TYPE } from '../typed-json';
import { strictRouter } from './router';

/** Console settings createApp accepts: limits (defaults from env) and the audit log to write. */
export type ConsoleOptions = Partial<ConsoleLimits> & { auditLog?: AuditLog };

/** The console route with its service, limits and audit log (AUDIT_LOG unless injected). */
export function consoleRoutes(db: Db, opts: ConsoleOptions = {}): Router {
  const { auditLog, ...overrides } = opts;
  const limits = consoleLimits(overrides);
  return cypherRoutes(
    new ConsoleService(db, limits, auditLog ?? new AuditLog(limits.auditLogPath)),
  );
}

/** True when Accept names Neo4j's typed JSON (any version) with a non-zero quality. */
export function acceptsTyped(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => {
    const [type, ...params] = part.split(';').map((x) => x.trim());
    const q = params.find((p) => /^q=/i.test(p));
    return isTypedMediaType(type) && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * POST /api/cypher {"query", "params"} — the read-only Cypher console (see
 * server/services/console-service.ts for its layers). A client that disconnects before the
 * answer is sent cancels its query. `Accept: application/vnd.neo4j.query` answers row values
 * in Neo4j's typed JSON; `Content-Type: application/vnd.neo4j.query` reads params in it
 * (server/typed-json.ts). Errors are always application/json.
 */
export function cypherRoutes(consoleService: ConsoleService): Router {
  const router = strictRouter();
  router.post('/cypher', async (req, res) => {
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort();
    };
    res.on('close', onClose);
    req.on('close', () => {
      // The request stream closes after its body was read too; only a destroyed socket counts.
      if (req.socket.destroyed && !res.writableFinished) controller.abort();
    });
    try {
      const user = (res.locals.user as { name?: string } | undefined)?.name ?? 'local';
      const typed = acceptsTyped(req.headers.accept);
      const result = await consoleService.execute(req.body, {
        user,
        signal: controller.signal,
        typedParams: isTypedMediaType(req.headers['content-type']),
        format: typed ? 'typed' : 'plain',
      });
      if (controller.signal.aborted) return;
      if (typed) res.type(TYPED_MEDIA_TYPE).send(JSON.stringify(result));
      else res.json(result);
    } finally {
      res.off('close', onClose);
    }
  });
  return router;
}
