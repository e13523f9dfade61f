import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ROOT_DIR } from '../server/config';
import { startLocalNeo4j } from '../server/db/local-neo4j';
import { freePort } from '../test/helpers/ports';
import { BENCH_DATA, BENCH_PASSWORD, log, stats } from './lib';

/**
 * `npm start` → first `/api/health` 200, in milliseconds: with the bundled Neo4j on a warm data
 * directory (seeded by an unmeasured first run), and the app alone against a Neo4j already up.
 * Usage: ts-node bench/startup.ts [runs=3]
 */

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/health', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

async function timeStart(env: NodeJS.ProcessEnv, port: number): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT_DIR, 'scripts', 'start.js')], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (await healthy(port)) return performance.now() - t0;
      if (performance.now() - t0 > 180_000) throw new Error('no /api/health 200 within 180 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const dataDir = path.join(BENCH_DATA, 'startup');
  const boltPort = await freePort();
  const bundled = {
    NEO4J_LOCAL_PORT: String(boltPort),
    NEO4J_DATA_DIR: dataDir,
    NEO4J_PASSWORD: BENCH_PASSWORD,
    NEO4J_HEAP: '1g',
    USERS_FILE: path.join(dataDir, 'no-users.json'),
    AUDIT_LOG: path.join(dataDir, 'audit.log'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  log('warm-up start (builds what is stale, seeds an empty database; not measured)');
  await timeStart(bundled, await freePort());
  const withNeo4j: number[] = [];
  for (let i = 0; i < runs; i++) withNeo4j.push(await timeStart(bundled, await freePort()));
  log(`bundled: start -> /api/health 200 ms ${JSON.stringify(withNeo4j.map(Math.round))}`);

  const neo4j = await startLocalNeo4j({
    port: boltPort,
    dataDir,
    password: BENCH_PASSWORD,
    heap: '1g',
    log: () => undefined,
  });
  const appAlone: number[] = [];
  try {
    const external = { ...bundled, NEO4J_URI: neo4j.uri };
    for (let i = 0; i < runs; i++) appAlone.push(await timeStart(external, await freePort()));
  } finally {
    await neo4j.stop();
  }
  log(`app alone: start -> /api/health 200 ms ${JSON.stringify(appAlone.map(Math.round))}`);
  process.stdout.write(
    `${JSON.stringify({ bundled: stats(withNeo4j), appAlone: stats(appAlone) }, null, 2)}\n`,
  );
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
