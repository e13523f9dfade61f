import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { cdsJvmArgs } from '../server/db/launcher-cds';
import { LAUNCHER_JAR } from '../server/db/local-neo4j';
import { freePort } from '../test/helpers/ports';
import { BENCH_DATA, BENCH_PASSWORD, log, stats } from './lib';

/**
 * The bundled launcher: jar count and size of its class path, and spawn → NEO4J_READY in ms on a
 * warm data directory (one unmeasured start each). Several jars are measured in turns, so a
 * machine busy with other work weighs on each alike.
 * Usage: ts-node bench/neo4j-start.ts [runs=3] [launcher.jar ...] (default: neo4j/target's)
 */

function classPath(jar: string): { jars: number; mib: number } {
  const manifest = execFileSync('unzip', ['-p', jar, 'META-INF/MANIFEST.MF']).toString();
  const entry = /^Class-Path: (.*(?:\r?\n .*)*)/m.exec(manifest)?.[1] ?? '';
  const jars = entry
    .replace(/\r?\n /g, '')
    .split(' ')
    .filter(Boolean);
  const bytes = jars.reduce((n, j) => n + fs.statSync(path.join(path.dirname(jar), j)).size, 0);
  return { jars: jars.length, mib: Math.round(bytes / 104857.6) / 10 };
}

async function startOnce(jar: string, dataDir: string, extraJvm: string[]): Promise<number> {
  const t0 = performance.now();
  const child = spawn(
    'java',
    ['-Xmx1g', '-XX:+UseG1GC', ...extraJvm, '-jar', jar, '--watch-stdin'],
    {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: {
        ...process.env,
        NEO4J_LOCAL_PORT: String(await freePort()),
        NEO4J_DATA_DIR: dataDir,
        NEO4J_PASSWORD: BENCH_PASSWORD,
      },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<number>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('NEO4J_READY ')) resolve(performance.now() - t0);
    });
    void exited.then(() => reject(new Error(`${jar} exited before it was ready`)));
  });
  child.kill('SIGTERM');
  await exited;
  return ready;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const jars = process.argv.length > 3 ? process.argv.slice(3) : [LAUNCHER_JAR];
  const times = new Map<string, number[]>(jars.map((j) => [j, []]));
  for (let i = 0; i <= runs; i++) {
    for (const jar of jars) {
      const dataDir = path.join(BENCH_DATA, `neo4j-start-${jars.indexOf(jar)}`);
      fs.mkdirSync(dataDir, { recursive: true });
      const ms = await startOnce(jar, dataDir, cdsJvmArgs(jar));
      if (i > 0) times.get(jar)!.push(ms);
    }
  }
  for (const jar of jars) {
    const result = { jar, ...classPath(jar), ready: stats(times.get(jar)!) };
    log(`${jar}: spawn -> NEO4J_READY ms ${JSON.stringify(times.get(jar)!.map(Math.round))}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
