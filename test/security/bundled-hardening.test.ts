import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import neo4j from 'neo4j-driver';
import { ROOT_DIR } from '../../server/config';
import { ensurePrivateDir, localPassword, localPasswordFile } from '../../server/db/local-password';
import { freePort } from '../helpers/ports';
import { TEST_DATA_ROOT } from '../helpers/test-neo4j';

/**
 * Findings 4 and 11 of the penetration test, on the real server process (scripts/serve.ts → server/main.ts with its
 * own bundled Neo4j): no documented default password, owner-only files; and SIGTERM after a burst
 * of hostile console traffic still stops the app and Neo4j cleanly within the grace period.
 */
const mode = (p: string) => fs.statSync(p).mode & 0o777;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the generated password (unit)', () => {
  const dir = path.join(TEST_DATA_ROOT, `password-unit-${process.pid}`);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is random, kept 0600 in a 0700 directory, stable, and tightened if loosened', () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const a = localPassword(dir);
    expect(a).toMatch(/^[\w-]{32}$/);
    expect(mode(dir)).toBe(0o700);
    expect(mode(localPasswordFile(dir))).toBe(0o600);
    fs.chmodSync(localPasswordFile(dir), 0o644);
    expect(localPassword(dir)).toBe(a);
    expect(mode(localPasswordFile(dir))).toBe(0o600);
    const other = path.join(dir, 'other');
    ensurePrivateDir(other);
    expect(localPassword(other)).not.toBe(a);
  });

  it('the README names no default password', () => {
    for (const f of ['README.md', 'neo4j/README.md', 'docker-compose.yml', 'SECURITY.md']) {
      expect(fs.readFileSync(path.join(ROOT_DIR, f), 'utf8')).not.toContain('explorer-local');
    }
  });
});

describe('the real server with its bundled Neo4j', () => {
  let app: ChildProcess | undefined;
  let dataDir: string;
  let neo4jPid = 0;
  let port = 0;
  let boltPort = 0;
  const log: string[] = [];
  let exited: Promise<number | null>;

  beforeAll(async () => {
    port = await freePort();
    boltPort = await freePort();
    dataDir = path.join(TEST_DATA_ROOT, `hardening-${boltPort}`);
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
      SHUTDOWN_GRACE_MS: '5000',
      CONSOLE_TIMEOUT_MS: '30000',
      CONSOLE_RATE_PER_MINUTE: '1000',
      CONSOLE_MAX_CONCURRENT_PER_USER: '100',
      AUDIT_LOG: path.join(dataDir, 'audit.log'),
    };
    delete env.NEO4J_URI;
    delete env.NEO4J_PASSWORD;
    delete env.USERS_JSON;
    app = spawn(process.execPath, ['-r', 'ts-node/register', 'scripts/serve.ts'], {
      cwd: ROOT_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => app!.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      readline.createInterface({ input: app!.stdout! }).on('line', (line) => {
        log.push(line);
        const ready = /"neo4jPid":(\d+)/.exec(line);
        if (ready) neo4jPid = Number(ready[1]);
        if (line.includes('Entity Graph Explorer on')) resolve();
      });
      app!.stderr!.on('data', (c) => log.push(String(c)));
      void exited.then((code) => reject(new Error(`exited ${code}:\n${log.join('\n')}`)));
    });
  }, 180_000);

  afterAll(async () => {
    if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
    if (neo4jPid && alive(neo4jPid)) process.kill(neo4jPid, 'SIGKILL');
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('finding 4: a generated password (0600) in a 0700 data directory; the old default is refused', async () => {
    expect(mode(dataDir)).toBe(0o700);
    const file = localPasswordFile(dataDir);
    expect(mode(file)).toBe(0o600);
    const password = fs.readFileSync(file, 'utf8').trim();
    const uri = `bolt://127.0.0.1:${boltPort}`;
    const wrong = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'explorer-local'));
    await expect(wrong.verifyConnectivity()).rejects.toMatchObject({
      code: 'Neo.ClientError.Security.Unauthorized',
    });
    await wrong.close();
    const right = neo4j.driver(uri, neo4j.auth.basic('neo4j', password));
    const r = await right.executeQuery('RETURN 1 AS one');
    expect(r.records[0].get('one').toNumber()).toBe(1);
    await right.close();
  }, 60_000);

  it('finding 11: SIGTERM after a burst of hostile console traffic stops both cleanly in the grace period', async () => {
    const post = (query: string, hangUpAfterMs?: number) =>
      new Promise<number>((resolve) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/cypher',
            headers: { 'Content-Type': 'application/json' },
            agent: false,
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', () => resolve(0));
        req.end(JSON.stringify({ query }));
        if (hangUpAfterMs !== undefined) setTimeout(() => req.destroy(), hangUpAfterMs);
      });
    const runaway = 'UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(*)';
    const refused = await Promise.all([
      post("RETURN 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' =~ '(.*a){16}b' AS m"),
      post('RETURN reduce(s = 0, i IN range(1, 2000000000) | s + i) AS x'),
      post('RETURN ' + '('.repeat(4000) + '1' + ')'.repeat(4000)),
    ]);
    expect(refused).toEqual([400, 400, 400]);
    const hungUp = [1, 2, 3, 4].map((i) => post(`${runaway} + ${i}`, 200));
    const inFlight = [5, 6, 7, 8].map((i) => post(`${runaway} + ${i}`));
    await Promise.all(hungUp);
    await new Promise((r) => setTimeout(r, 1000));

    const t0 = Date.now();
    app!.kill('SIGTERM');
    const code = await exited;
    const took = Date.now() - t0;
    expect(code).toBe(0);
    // Grace (5 s) + the bounded driver close and Neo4j stop; the app's own limit is grace + 20 s.
    expect(took).toBeLessThan(25_000);
    expect(log.join('\n')).toMatch(/"msg":"stopped"/);
    expect(log.join('\n')).not.toMatch(/shutdown took too long/);
    await Promise.all(inFlight);
    for (let i = 0; i < 50 && alive(neo4jPid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(neo4jPid)).toBe(false);
  }, 120_000);
});
