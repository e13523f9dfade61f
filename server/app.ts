import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { ROOT_DIR } from './config';
import type { Db } from './db/db';
import { AppError } from './errors';
import { explorerRoutes } from './routes/explorer';
import { consoleRoutes, type ConsoleOptions } from './routes/cypher';
import { graphRoutes } from './routes/graph';
import { healthRoutes } from './routes/health';
import { GraphService } from './services/graph-service';
import { HealthService } from './services/health-service';

export interface AppDeps {
  db: Db;
  mode: 'bundled' | 'external';
  logger: Logger;
  /** Built client to serve; omitted in API-only tests. */
  clientDir?: string;
  /** Cypher console limits and audit log; defaults from CONSOLE_* and AUDIT_LOG env. */
  console?: ConsoleOptions;
}

export const DEFAULT_CLIENT_DIR = path.join(ROOT_DIR, 'client', 'dist');

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: deps.logger,
      quietReqLogger: true,
      autoLogging: { ignore: (req) => req.url === '/api/health' },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'"],
        },
      },
    }),
  );
  app.use(express.json({ limit: '64kb' }));

  const api = express.Router();
  api.use(healthRoutes(new HealthService(deps.db, deps.mode)));
  api.use(graphRoutes(new GraphService(deps.db)));
  api.use(consoleRoutes(deps.db, deps.console));
  api.use(explorerRoutes(deps.db));
  api.use((req) => {
    throw new AppError(404, 'NOT_FOUND', `No API route ${req.method} ${req.path}`);
  });
  app.use('/api', api);

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
