import path from 'node:path';
import { z } from 'zod';

export const ROOT_DIR = path.resolve(__dirname, '..');

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
});

/** Password the bundled Neo4j uses when NEO4J_PASSWORD is unset (documented in the README). */
export const LOCAL_DEFAULT_PASSWORD = 'explorer-local';

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
