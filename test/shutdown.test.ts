import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT_DIR } from '../server/config';
import { freePort } from './helpers/ports';
import { TEST_DATA_ROOT } from './helpers/test-neo4j';

/**
 * SIGTERM on the real server process (scripts/serve.ts → server/main.ts with its own bundled Neo4j on free ports
 * and a throwaway data directory): it stops accepting, lets the request in flight finish, closes
 * the driver, stops Neo4j and exits 0, leaving no Java process behind for that data directory.
 */

let app: ChildProcess | undefined;
let dataDir: string;
let neo4jPid: number | undefined;
const log: string[] = [];

/** Pids of live processes whose environment names this data directory. */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (env.split('\0').includes(`NEO4J_DATA_DIR=${dir}`)) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
  if (neo4jPid && alive(neo4jPid)) process.kill(neo4jPid, 'SIGKILL');
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 30000);

it('SIGTERM: in-flight request finishes, no new connections, Neo4j stopped, exit 0', async () => {
  const port = await freePort();
  const boltPort = await freePort();
  dataDir = path.join(TEST_DATA_ROOT, `shutdown-${boltPort}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TS_NODE_TRANSPILE_ONLY: 'true',
    PORT: String(port),
    NEO4J_LOCAL_PORT: String(boltPort),
    NEO4J_DATA_DIR: dataDir,
    NEO4J_HEAP: '1g',
    USERS_FILE: path.join(dataDir, 'no-users.json'),
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_MS: '10000',
    AUDIT_LOG: path.join(dataDir, 'audit.log'),
  };
  delete env.NEO4J_URI;
  delete env.USERS_JSON;
  app = spawn(process.execPath, ['-r', 'ts-node/register', 'scripts/serve.ts'], {
    cwd: ROOT_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) =>
    app!.once('exit', (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: app!.stdout! }).on('line', (line) => {
      log.push(line);
      const ready = /"neo4jPid":(\d+)/.exec(line);
      if (ready) neo4jPid = Number(ready[1]);
      if (line.includes('Entity Graph Explorer on')) resolve();
    });
    app!.stderr!.on('data', (c) => log.push(String(c)));
    void exited.then((code) =>
      reject(new Error(`exited ${code} before listening:\n${log.join('\n')}`)),
    );
  });
  expect(neo4jPid).toBeGreaterThan(0);
  expect(alive(neo4jPid!)).toBe(true);
  expect(processesUsing(dataDir)).toContain(neo4jPid);

  // A reseed in flight: its head is in, its body not yet.
  const inFlight = new Promise<{ status: number; body: string; connection?: string }>(
    (resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/admin/reseed',
          headers: { 'Content-Type': 'application/json', 'Content-Length': '2' },
          agent: false,
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }),
          );
        },
      );
      req.on('error', reject);
      req.flushHeaders();
      setTimeout(() => {
        app!.kill('SIGTERM');
        // Once it has said it is stopping, the listener is closed: new connections are refused.
        const waitStopping = setInterval(() => {
          if (!log.some((l) => l.includes('stopping: no new connections'))) return;
          clearInterval(waitStopping);
          const probe = net.connect(port, '127.0.0.1');
          probe.once('connect', () => {
            probe.destroy();
            reject(new Error('a new connection was accepted while stopping'));
          });
          probe.once('error', (err: NodeJS.ErrnoException) => {
            expect(err.code).toBe('ECONNREFUSED');
            // Now the rest of the in-flight request arrives, and it must still be served.
            req.end('{}');
          });
        }, 50);
      }, 500);
    },
  );

  const res = await inFlight;
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body)).toMatchObject({ reseeded: true });
  expect(res.connection).toBe('close');

  expect(await exited).toBe(0);
  expect(log.join('\n')).toMatch(/"msg":"stopped"/);
  expect(alive(neo4jPid!)).toBe(false);
  expect(processesUsing(dataDir)).toEqual([]);
}, 240000);
