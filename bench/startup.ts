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
 * Usage: ts-node bench/startup.ts [runs=3] [checkout ...] — several checkouts (each with its
 * node_modules and built launcher) are measured in turns, so a busy machine weighs on each alike.
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

async function timeStart(root: string, env: NodeJS.ProcessEnv, port: number): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
    cwd: root,
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
  const roots = process.argv.length > 3 ? process.argv.slice(3) : [ROOT_DIR];
  const boltPort = await freePort();
  const envFor = (i: number) => {
    const dataDir = path.join(BENCH_DATA, `startup-${i}`);
    fs.mkdirSync(dataDir, { recursive: true });
    return {
      NEO4J_LOCAL_PORT: String(boltPort),
      NEO4J_DATA_DIR: dataDir,
      NEO4J_PASSWORD: BENCH_PASSWORD,
      NEO4J_HEAP: '1g',
      USERS_FILE: path.join(dataDir, 'no-users.json'),
      AUDIT_LOG: path.join(dataDir, 'audit.log'),
    };
  };
  const bundled = roots.map(() => [] as number[]);
  const appAlone = roots.map(() => [] as number[]);
  log('warm-up starts (build what is stale, seed an empty database; not measured)');
  for (const [i, root] of roots.entries()) await timeStart(root, envFor(i), await freePort());
  for (let run = 0; run < runs; run++) {
    for (const [i, root] of roots.entries()) {
      bundled[i].push(await timeStart(root, envFor(i), await freePort()));
    }
  }
  // The app alone: against a Neo4j already up (the first data directory's).
  const neo4j = await startLocalNeo4j({
    port: boltPort,
    dataDir: envFor(0).NEO4J_DATA_DIR,
    password: BENCH_PASSWORD,
    heap: '1g',
    log: () => undefined,
  });
  try {
    for (let run = 0; run < runs; run++) {
      for (const [i, root] of roots.entries()) {
        const external = { ...envFor(0), NEO4J_URI: neo4j.uri };
        appAlone[i].push(await timeStart(root, external, await freePort()));
      }
    }
  } finally {
    await neo4j.stop();
  }
  for (const [i, root] of roots.entries()) {
    log(`${root}: bundled ${JSON.stringify(bundled[i].map(Math.round))} ms`);
    log(`${root}: app alone ${JSON.stringify(appAlone[i].map(Math.round))} ms`);
    const result = { root, bundled: stats(bundled[i]), appAlone: stats(appAlone[i]) };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
