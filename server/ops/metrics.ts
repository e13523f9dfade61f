import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Driver } from 'neo4j-driver';
import client from 'prom-client';

/**
 * The process's Prometheus metrics (prom-client), on one registry of our own. Other modules record
 * through the small functions below (recordImport, recordConsoleRefusal); /metrics renders them.
 */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

const requestDuration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const consoleRefusals = new client.Counter({
  name: 'console_refusals_total',
  help: 'Cypher console requests refused or stopped, by error code (WRITE_FORBIDDEN, QUERY_TIMEOUT, RATE_LIMITED, ...)',
  labelNames: ['reason'] as const,
  registers: [registry],
});

const imports = new client.Counter({
  name: 'imports_total',
  help: 'Data imports by format and outcome',
  labelNames: ['format', 'outcome'] as const,
  registers: [registry],
});

const importedRecords = new client.Counter({
  name: 'import_records_total',
  help: 'Records read by imports, by format',
  labelNames: ['format'] as const,
  registers: [registry],
});

export type ImportOutcome = 'succeeded' | 'failed' | 'cancelled';

/** Called by the import feature once per import, when it ends. */
export function recordImport(format: string, outcome: ImportOutcome, records = 0): void {
  imports.inc({ format, outcome });
  if (records > 0) importedRecords.inc({ format }, records);
}

/** Counts one refused console request; the metrics middleware calls it for /api/cypher errors. */
export function recordConsoleRefusal(reason: string): void {
  consoleRefusals.inc({ reason });
}

/** The shape of neo4j-driver's connection pool (internal: read defensively, never written). */
interface DriverPool {
  _maxSize?: number;
  _activeResourceCounts?: Record<string, number>;
  _pools?: Record<string, { length?: number }>;
  _acquireRequests?: Record<string, unknown[]>;
  _closed?: boolean;
}

const watchedDrivers = new Set<Driver>();

function poolOf(driver: Driver): DriverPool | undefined {
  const provider = (driver as unknown as { _connectionProvider?: { _connectionPool?: DriverPool } })
    ._connectionProvider;
  const pool = provider?._connectionPool;
  if (pool?._closed) watchedDrivers.delete(driver);
  return pool?._closed ? undefined : pool;
}

new client.Gauge({
  name: 'neo4j_pool_connections',
  help: "The driver's Bolt connections per server address: in use (checked out) or idle",
  labelNames: ['address', 'state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const driver of watchedDrivers) {
      const pool = poolOf(driver);
      for (const [address, n] of Object.entries(pool?._activeResourceCounts ?? {})) {
        this.set({ address, state: 'in_use' }, n);
      }
      for (const [address, idle] of Object.entries(pool?._pools ?? {})) {
        this.set({ address, state: 'idle' }, idle.length ?? 0);
      }
    }
  },
});

new client.Gauge({
  name: 'neo4j_pool_pending_acquisitions',
  help: 'Requests waiting for a Bolt connection from a full pool, per server address',
  labelNames: ['address'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const driver of watchedDrivers) {
      for (const [address, waiting] of Object.entries(poolOf(driver)?._acquireRequests ?? {})) {
        this.set({ address }, waiting.length);
      }
    }
  },
});

new client.Gauge({
  name: 'neo4j_pool_max_size',
  help: 'Most Bolt connections the driver opens per server address',
  registers: [registry],
  collect() {
    this.reset();
    for (const driver of watchedDrivers) {
      const max = poolOf(driver)?._maxSize;
      if (typeof max === 'number') this.set(max);
    }
  },
});

/** Reports this driver's pool in /metrics; a closed driver drops out at the next scrape. */
export function watchDriver(driver: Driver): void {
  watchedDrivers.add(driver);
}

/** The matched route pattern (never the raw path, so ids do not explode the label set). */
function routeLabel(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}`;
  return req.originalUrl.startsWith('/api/') ? 'unmatched /api' : 'static';
}

/** Times every request and counts console refusals (the error handler leaves res.locals.errorCode). */
export function metricsMiddleware(): RequestHandler {
  return (req, res, next) => {
    const end = requestDuration.startTimer({ method: req.method });
    res.once('finish', () => {
      const route = routeLabel(req);
      end({ route, status: String(res.statusCode) });
      const code = (res as Response).locals.errorCode;
      if (req.method === 'POST' && /^\/api\/cypher\/?$/.test(req.path) && typeof code === 'string')
        recordConsoleRefusal(code);
    });
    next();
  };
}

export interface MetricsAccess {
  /** Bearer token that may always scrape (METRICS_TOKEN). */
  token?: string;
  /** True when the request's session user may read metrics (an editor). */
  sessionAllowed(req: Request): boolean;
  /** Users configured: without them (loopback-only local mode) /metrics is open. */
  usersConfigured: boolean;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const a = crypto.createHash('sha256').update(m[1]).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

/** GET /metrics in Prometheus text format; with users, only for an editor or the bearer token. */
export function metricsHandler(access: MetricsAccess): RequestHandler {
  return async (req, res) => {
    const allowed =
      !access.usersConfigured ||
      (access.token !== undefined && tokenMatches(req.get('authorization'), access.token)) ||
      access.sessionAllowed(req);
    res.set('Cache-Control', 'no-store');
    if (!allowed) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      res.status(401).json({
        error: {
          code: 'UNAUTHENTICATED',
          message: 'Metrics need an editor session or the METRICS_TOKEN bearer token',
        },
      });
      return;
    }
    res.set('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  };
}
