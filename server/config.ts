import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The project folder: the nearest ancestor with package.json (compiled code runs from dist/server). */
export const ROOT_DIR = findRoot(path.resolve(__dirname, '..'));

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  NEO4J_URI: z.string().min(1).optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().min(1).optional(),
  NEO4J_DATABASE: z.string().min(1).optional(),
  NEO4J_LOCAL_PORT: z.coerce.number().int().min(1).max(65535).default(7687),
  NEO4J_DATA_DIR: z
    .string()
    .min(1)
    .default(path.join(ROOT_DIR, '.data', 'neo4j')),
  NEO4J_HEAP: z
    .string()
    .regex(/^\d+[mMgG]$/, 'a size such as 2g or 512m')
    .default('2g'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Users (see SECURITY.md): the file `npm run user:add` writes, plus optional inline JSON. */
  USERS_FILE: z.string().min(1).default(path.join(ROOT_DIR, 'users.json')),
  USERS_JSON: z.string().min(1).optional(),
  /**
   * Signs session cookies and keys the state kept in Neo4j; every instance on one database needs
   * the same. Unset: generated once into SESSION_SECRET_FILE, so a restart keeps sessions.
   */
  SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SESSION_SECRET_FILE: z
    .string()
    .min(1)
    .default(path.join(ROOT_DIR, '.data', 'session-secret')),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  /** Set when TLS terminates in front of the app, so the session cookie is sent over HTTPS only. */
  SESSION_COOKIE_SECURE: boolish.default(false),
  /** Extra Host header values accepted besides localhost/127.0.0.1/[::1] (comma-separated). */
  ALLOWED_HOSTS: list,
  /** Origins allowed to call the API cross-origin (comma-separated); CORS is off when empty. */
  CORS_ORIGINS: list,
  /** Express "trust proxy" (e.g. `loopback` or `1`) when a reverse proxy sets X-Forwarded-For. */
  TRUST_PROXY: z.string().min(1).optional(),
  CONSOLE_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  SEARCH_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  CONSOLE_MAX_CONCURRENT_PER_USER: z.coerce.number().int().min(1).default(2),
  /** Bearer token for Prometheus to scrape /metrics when users are configured (else editors only). */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** How long SIGTERM waits for in-flight requests before closing their connections. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10000),
});

export interface DatabaseTarget {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

export type AppConfig = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment: ${lines.join('; ')}`);
  }
  return parsed.data;
}
