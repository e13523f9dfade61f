import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT_DIR } from '../config';
import { ensurePrivateDir } from './local-password';
import { cdsJvmArgs } from './launcher-cds';

const NEO4J_DIR = path.join(ROOT_DIR, 'neo4j');
export const LAUNCHER_JAR = path.join(NEO4J_DIR, 'target', 'local-neo4j.jar');
/** How long stop() waits after SIGTERM before SIGKILL. */
export const DEFAULT_STOP_TIMEOUT_MS = 15_000;

export interface LocalNeo4jOptions {
  port: number;
  dataDir: string;
  password: string;
  heap?: string;
  txTimeout?: string;
  txMemoryMax?: string;
  pageCache?: string;
  startTimeoutMs?: number;
  /** Where Neo4j's stderr goes; defaults to this process's stderr. */
  log?: (line: string) => void;
}

export interface LocalNeo4j {
  uri: string;
  pid: number;
  /**
   * SIGTERM (a clean shutdown), then SIGKILL if it has not exited within `timeoutMs` (default
   * 15 s, inside the app's shutdown grace): a shutdown stuck behind a transaction that never ends
   * must not hang the app. Neo4j recovers from its transaction log on the next start.
   * Resolves when the process has exited; safe to call twice.
   */
  stop(timeoutMs?: number): Promise<void>;
  /** Kills without a clean shutdown: for fault tests only. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

/** Builds the launcher with Maven when the jar is missing or older than its sources. */
export function ensureLauncherBuilt(log: (line: string) => void = console.error): void {
  const sources = [path.join(NEO4J_DIR, 'pom.xml'), path.join(NEO4J_DIR, 'src')];
  const sourceTime = Math.max(
    ...sources.map((s) => (fs.statSync(s).isDirectory() ? newestMtime(s) : fs.statSync(s).mtimeMs)),
  );
  if (fs.existsSync(LAUNCHER_JAR) && fs.statSync(LAUNCHER_JAR).mtimeMs >= sourceTime) return;
  log('Building the bundled Neo4j (first run: Maven downloads about 150 MB)...');
  const result = spawnSync(
    'mvn',
    ['-q', '-B', '-f', path.join(NEO4J_DIR, 'pom.xml'), 'package', '-DskipTests'],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.error)
    throw new Error(`Could not run Maven (is it installed?): ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`Building the bundled Neo4j failed (mvn exit ${result.status})`);
}

/** Starts the bundled Neo4j and resolves once it prints its READY line. */
export async function startLocalNeo4j(opts: LocalNeo4jOptions): Promise<LocalNeo4j> {
  ensureLauncherBuilt(opts.log);
  // Owner-only: the store files inside are 0644, the directory keeps other users out.
  ensurePrivateDir(opts.dataDir);
  const log = opts.log ?? ((line: string) => process.stderr.write(`[neo4j] ${line}\n`));
  const child: ChildProcess = spawn(
    'java',
    [
      `-Xmx${opts.heap ?? '2g'}`,
      '-XX:+UseG1GC',
      ...cdsJvmArgs(LAUNCHER_JAR),
      '-jar',
      LAUNCHER_JAR,
      '--watch-stdin',
    ],
    {
      // stdin stays an open pipe: when this process dies the pipe closes and Neo4j shuts down.
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NEO4J_LOCAL_PORT: String(opts.port),
        NEO4J_DATA_DIR: opts.dataDir,
        NEO4J_PASSWORD: opts.password,
        ...(opts.txTimeout ? { NEO4J_TX_TIMEOUT: opts.txTimeout } : {}),
        ...(opts.txMemoryMax ? { NEO4J_TX_MEMORY_MAX: opts.txMemoryMax } : {}),
        ...(opts.pageCache ? { NEO4J_PAGECACHE: opts.pageCache } : {}),
      },
    },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const stderrLines: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrLines.push(line);
    if (stderrLines.length > 50) stderrLines.shift();
    log(line);
  });

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `The bundled Neo4j did not become ready within ${opts.startTimeoutMs ?? 120000} ms`,
        ),
      );
    }, opts.startTimeoutMs ?? 120000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const ready = /^NEO4J_READY (\S+)/.exec(line);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      const reason =
        stderrLines.filter((l) => l.startsWith('NEO4J_ERROR')).pop() ??
        stderrLines.slice(-5).join('\n');
      reject(new Error(`The bundled Neo4j exited (code ${code}) before it was ready: ${reason}`));
    });
  });

  const onParentExit = () => child.kill('SIGKILL');
  process.once('exit', onParentExit);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const terminate = async (signal: NodeJS.Signals, killAfterMs?: number) => {
    process.removeListener('exit', onParentExit);
    if (alive()) child.kill(signal);
    const escalate =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            if (!alive()) return;
            log(`did not stop within ${killAfterMs} ms of SIGTERM: killing it`);
            child.kill('SIGKILL');
          }, killAfterMs);
    await exited;
    if (escalate) clearTimeout(escalate);
  };
  return {
    uri,
    pid: child.pid ?? -1,
    exited,
    stop: (timeoutMs = DEFAULT_STOP_TIMEOUT_MS) => terminate('SIGTERM', timeoutMs),
    kill: () => terminate('SIGKILL'),
  };
}
