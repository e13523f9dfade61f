import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../server/config';
import { startLocalNeo4j, type LocalNeo4j } from '../../server/db/local-neo4j';
import { freePort } from './ports';

export const TEST_PASSWORD = 'test-password-123';
export const TEST_DATA_ROOT = path.join(ROOT_DIR, '.data', 'test');

export interface TestNeo4j {
  neo4j: LocalNeo4j;
  port: number;
  dataDir: string;
  /** Stops it and deletes its data directory. */
  dispose(): Promise<void>;
}

/** A bundled Neo4j of the test's own: its own free port and a fresh data directory. */
export async function startTestNeo4j(
  name: string,
  reuse: { dataDir?: string; port?: number } = {},
): Promise<TestNeo4j> {
  const port = reuse.port ?? (await freePort());
  const dir = reuse.dataDir ?? path.join(TEST_DATA_ROOT, `${name}-${port}`);
  if (!reuse.dataDir) fs.rmSync(dir, { recursive: true, force: true });
  const neo4j = await startLocalNeo4j({
    port,
    dataDir: dir,
    password: TEST_PASSWORD,
    heap: '1g',
    pageCache: '256m',
    // A second wall only: the app's own driver-side timeouts are shorter. Generous so a busy
    // machine cannot fail the seed; the cap keeps a memory bomb below the 1 GiB heap.
    txTimeout: '60s',
    txMemoryMax: '256m',
    // A loaded machine may need longer than the launcher's 2 minutes to start it.
    startTimeoutMs: Number(process.env.TEST_NEO4J_START_MS) || undefined,
    log: () => undefined,
  });
  return {
    neo4j,
    port,
    dataDir: dir,
    async dispose() {
      await neo4j.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
