import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Driver } from 'neo4j-driver';
import { ROOT_DIR } from '../server/config';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { startLocalNeo4j } from '../server/db/local-neo4j';
import { freePort } from '../test/helpers/ports';

export const BENCH_DATA = path.join(ROOT_DIR, '.data', 'bench');
export const BENCH_PASSWORD = 'bench-password-123';

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function stats(samples: number[]): { n: number; p50: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p99: round(percentile(s, 99)),
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export interface BenchDb {
  uri: string;
  driver: Driver;
  db: Db;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface Neo4jSizing {
  heap: string;
  pageCache: string;
  txMemory: string;
}

export const SIZING: Neo4jSizing = { heap: '2g', pageCache: '1g', txMemory: '1g' };

function bytes(size: string): number {
  const m = /^(\d+)([mg])$/i.exec(size)!;
  return Number(m[1]) * (m[2].toLowerCase() === 'g' ? 1 << 30 : 1 << 20);
}

async function connect(uri: string, pid: number, dataDir: string, stop: () => Promise<void>) {
  const driver = createDriver({ uri, user: 'neo4j', password: BENCH_PASSWORD });
  const db = new Db(driver, new QueryStore());
  return {
    uri,
    driver,
    db,
    pid,
    dataDir,
    async stop() {
      await driver.close();
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The app's bundled Neo4j (server/db/local-neo4j.ts), fresh data dir under .data/bench. */
export async function startBundled(name: string): Promise<BenchDb> {
  const port = await freePort();
  const dataDir = path.join(BENCH_DATA, `${name}-${port}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const neo = await startLocalNeo4j({
    port,
    dataDir,
    password: BENCH_PASSWORD,
    heap: SIZING.heap,
    pageCache: SIZING.pageCache,
    txMemoryMax: SIZING.txMemory,
    txTimeout: '300s',
    // A loaded machine can take minutes to start it; the bench measures after it is up.
    startTimeoutMs: 600_000,
    log: () => undefined,
  });
  return connect(neo.uri, neo.pid, dataDir, () => neo.stop());
}

/**
 * Bench-only Neo4j with LOAD CSV file URLs allowed under `importDir` (bench/neo4j/BenchCsvNeo4j.java,
 * same jars and limits as the bundled launcher, which forbids file URLs and loopback HTTP).
 */
export async function startCsvEnabled(name: string, importDir: string): Promise<BenchDb> {
  const classes = path.join(BENCH_DATA, 'classes');
  const lib = path.join(ROOT_DIR, 'neo4j', 'target', 'lib', '*');
  const src = path.join(ROOT_DIR, 'bench', 'neo4j', 'BenchCsvNeo4j.java');
  const cls = path.join(classes, 'bench', 'BenchCsvNeo4j.class');
  if (!fs.existsSync(cls) || fs.statSync(cls).mtimeMs < fs.statSync(src).mtimeMs) {
    const r = spawnSync('javac', ['-cp', lib, '-d', classes, src], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`javac failed: ${r.stderr}`);
  }
  const port = await freePort();
  const dataDir = path.join(BENCH_DATA, `${name}-${port}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const child = spawn(
    'java',
    [`-Xmx${SIZING.heap}`, '-XX:+UseG1GC', '-cp', `${classes}:${lib}`, 'bench.BenchCsvNeo4j'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        BENCH_PORT: String(port),
        BENCH_HOME: dataDir,
        BENCH_IMPORT: importDir,
        BENCH_PASSWORD,
        BENCH_PAGECACHE: String(bytes(SIZING.pageCache)),
        BENCH_TX_MEMORY: String(bytes(SIZING.txMemory)),
      },
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const errors: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (l) => {
    errors.push(l);
    if (errors.length > 20) errors.shift();
  });
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('CSV-enabled Neo4j did not start')), 600_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^NEO4J_READY (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then(() => reject(new Error(`CSV-enabled Neo4j exited: ${errors.join('\n')}`)));
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  return connect(uri, child.pid ?? -1, dataDir, async () => {
    process.removeListener('exit', kill);
    child.stdin!.end();
    const t = setTimeout(() => child.kill('SIGTERM'), 30_000);
    await exited;
    clearTimeout(t);
  });
}

/** Resident set size of a process, in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? round(Number(m[1]) / 1024, 1) : NaN;
  } catch {
    return NaN;
  }
}

export function machine(): Record<string, unknown> {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAvgAtStart: os.loadavg().map((x) => round(x, 2)),
    node: process.version,
  };
}
