import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { ROOT_DIR } from './config';
import type { Db } from './db/db';
import { AppError } from './errors';
import { requestId } from './logger';
import { roleAtLeast } from './auth/users';
import { metricsHandler, metricsMiddleware, watchDriver } from './ops/metrics';
import { adminRoutes } from './routes/admin';
import { analystRoutes } from './routes/analyst';
import {
  createSecurity,
  DatabaseAvailability,
  hostCheck,
  type AuthOptions,
  type Limits,
} from './security';
import { duplicatesApi } from './routes/duplicates';
import { explorerRoutes } from './routes/explorer';
import { consoleRoutes, type ConsoleOptions } from './routes/cypher';
import { graphRoutes } from './routes/graph';
import { healthRoutes } from './routes/health';
import { strictRouter } from './routes/router';
import type { GraphRecords } from './model/records';
import { importRoutes } from './routes/imports';
import type { ImportJobs } from './ingest/import-jobs';
import { readyRoutes } from './routes/ready';
import { workspaceRoutes } from './routes/workspace';
import { GraphService } from './services/graph-service';
import { HealthService } from './services/health-service';
import { ReadyService } from './services/ready-service';

export interface AppDeps {
  db: Db;
  mode: 'bundled' | 'external';
  logger: Logger;
  /** Built client to serve; omitted in API-only tests. */
  clientDir?: string;
  /** Users and sessions; omitted or no users = single-user local mode (loopback only). */
  auth?: AuthOptions;
  /** Host header values accepted besides loopback names on the serving port. */
  allowedHosts?: readonly string[];
  /** Origins allowed cross-origin (CORS off when empty). */
  corsOrigins?: readonly string[];
  /** Rate and concurrency limits; defaults in server/security/limits.ts. */
  limits?: Partial<Limits>;
  /** Express "trust proxy" setting, when a reverse proxy sets X-Forwarded-For. */
  trustProxy?: string;
  /** The database breaker; one is made from db.driver when omitted. */
  availability?: DatabaseAvailability;
  /** Cypher console limits and audit log; defaults from CONSOLE_* and AUDIT_LOG env. */
  console?: ConsoleOptions;
  /** Bearer token Prometheus scrapes /metrics with when users are configured (METRICS_TOKEN). */
  metricsToken?: string;
  /** The import job queue (in Neo4j); main.ts starts one that polls for orphaned jobs. */
  importJobs?: ImportJobs;
  /** The seed graph /api/admin/reseed restores (the composition root, scripts/serve.ts, hands it in). */
  seed?: GraphRecords;
}

/** Monitoring requests, not logged one by one. */
const PROBES = new Set(['/api/health', '/api/ready', '/metrics']);

export const DEFAULT_CLIENT_DIR = path.join(ROOT_DIR, 'client', 'dist');

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Exact paths only (see routes/router.ts): rules and routes agree on what a path is.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('query parser', 'simple');
  if (deps.trustProxy) app.set('trust proxy', deps.trustProxy);
  app.use(metricsMiddleware());
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: requestId,
      quietReqLogger: true,
      customProps: (_req, res) => ({ user: (res as Response).locals?.user?.name }),
      // Lean lines: no headers at all (so no cookies or tokens), just what identifies a request.
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => PROBES.has(req.url ?? '') },
    }),
  );
  app.use(hostCheck(deps.allowedHosts));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'script-src-attr': ["'none'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'worker-src': ["'self'", 'blob:'],
          'object-src': ["'none'"],
          'base-uri': ["'none'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  const availability =
    deps.availability ?? new DatabaseAvailability(deps.db.driver, deps.db.database);
  const security = createSecurity({
    auth: deps.auth,
    corsOrigins: deps.corsOrigins,
    limits: deps.limits,
    availability,
    db: deps.db,
  });
  app.use(security.sessions);
  watchDriver(deps.db.driver);
  app.get(
    '/metrics',
    metricsHandler({
      token: deps.metricsToken,
      usersConfigured: security.auth.mode === 'users',
      sessionAllowed: (req) => {
        const { user } = security.auth.currentUser(req);
        return user !== undefined && roleAtLeast(user.role, 'editor');
      },
    }),
  );
  app.use(security.pages);

  const api = strictRouter();
  api.use(security.api);
  api.use(adminRoutes(deps.db, deps.seed));
  api.use(healthRoutes(new HealthService(deps.db, deps.mode)));
  api.use(readyRoutes(new ReadyService(deps.db)));
  api.use(graphRoutes(new GraphService(deps.db)));
  api.use(consoleRoutes(deps.db, deps.console));
  api.use(duplicatesApi(deps.db));
  api.use(explorerRoutes(deps.db));
  api.use(importRoutes(deps.db, { jobs: deps.importJobs }));
  api.use(workspaceRoutes(deps.db));
  api.use(analystRoutes(deps.db));
  api.use((req) => {
    throw new AppError(404, 'NOT_FOUND', `No API route ${req.method} ${req.path}`);
  });
  app.use('/api', api);
  // Any other spelling of /api (`/API/…`) is no route at all, in the API's own error shape.
  app.use((req, _res, next) => {
    if (!/^\/api(\/|$)/i.test(req.path)) return next();
    throw new AppError(404, 'NOT_FOUND', `No API route ${req.method} ${req.path}`);
  });

  if (deps.clientDir && fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    app.use(express.static(deps.clientDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) =>
      res.sendFile(path.join(deps.clientDir!, 'index.html')),
    );
  }

  app.use(errorHandler(deps.logger));
  return app;
}

/** Renders every failure in one shape; nothing internal (stack, driver text) reaches the client. */
function errorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(err);
    res.locals.errorCode = appError.code;
    if (appError.status >= 500 && appError.status !== 503 && appError.status !== 504) {
      logger.error({ err }, 'unhandled error');
    }
    if (appError.retryAfterSeconds) res.set('Retry-After', String(appError.retryAfterSeconds));
    res.status(appError.status).json(appError.toBody());
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const httpErr = err as { type?: string; status?: number };
  if (httpErr.type === 'entity.too.large') {
    return new AppError(413, 'BODY_TOO_LARGE', 'The request body is too large');
  }
  if (httpErr.type === 'entity.parse.failed') {
    return new AppError(400, 'INVALID_JSON', 'The request body is not valid JSON');
  }
  if (httpErr.type === 'encoding.unsupported' || httpErr.type === 'charset.unsupported') {
    return new AppError(415, 'UNSUPPORTED_ENCODING', 'The request body must be UTF-8 JSON');
  }
  if (typeof httpErr.status === 'number' && httpErr.status >= 400 && httpErr.status < 500) {
    return new AppError(httpErr.status, 'INVALID_REQUEST', 'The request could not be read');
  }
  return new AppError(500, 'INTERNAL_ERROR', 'Internal error');
}
