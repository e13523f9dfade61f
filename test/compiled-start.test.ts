import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../server/config';
import { freePort } from './helpers/ports';

/**
 * `npm start` (scripts/start.js) on the suite's database: it runs the compiled server from dist/,
 * answers /api/health, and never loads a TypeScript compiler (typescript, ts-node, swc) once
 * dist/ is up to date (a stale start compiles first, with swc, in the launcher).
 */

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

it('npm start runs dist/server/main.js without a TypeScript compiler and answers /api/health', async () => {
  const build = spawnSync(process.execPath, [path.join(ROOT_DIR, 'scripts', 'build-server.js')], {
    encoding: 'utf8',
  });
  expect(build.status).toBe(0);
  expect(build.stderr).toMatch(/Compiled \d+ server files to dist\//);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compiled-start-'));
  const loadedFile = path.join(dir, 'loaded.json');
  const preload = path.join(dir, 'preload.js');
  // Records, as the process exits, every module file it loaded.
  fs.writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loadedFile)}, JSON.stringify(Object.keys(require.cache))));`,
  );
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    NEO4J_URI: process.env.TEST_DB_URI,
    NEO4J_USER: process.env.TEST_DB_USER,
    NEO4J_PASSWORD: process.env.TEST_DB_PASSWORD,
    USERS_FILE: path.join(dir, 'no-users.json'),
    AUDIT_LOG: path.join(dir, 'audit.log'),
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: `--require ${preload}`,
  };
  if (process.env.TEST_DB_DATABASE) env.NEO4J_DATABASE = process.env.TEST_DB_DATABASE;
  else delete env.NEO4J_DATABASE;
  delete env.USERS_JSON;
  const app = spawn(process.execPath, [path.join(ROOT_DIR, 'scripts', 'start.js')], {
    cwd: ROOT_DIR,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  app.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => app.once('exit', (code) => resolve(code)));
  try {
    let health = { status: 0, body: '' };
    for (let i = 0; i < 1200 && health.status !== 200; i++) {
      if (app.exitCode !== null) throw new Error(`npm start exited ${app.exitCode}:\n${stderr}`);
      health = await get(port, '/api/health').catch(() => ({ status: 0, body: '' }));
      if (health.status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', neo4j: 'up' });
    expect(fs.existsSync(path.join(ROOT_DIR, 'dist', 'server', 'main.js'))).toBe(true);
  } finally {
    app.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  const loaded = JSON.parse(fs.readFileSync(loadedFile, 'utf8')) as string[];
  expect(loaded).toContain(path.join(ROOT_DIR, 'dist', 'server', 'main.js'));
  expect(loaded.filter((f) => f.endsWith('.ts'))).toEqual([]);
  expect(loaded.filter((f) => /node_modules[\\/](typescript|ts-node|@swc)[\\/]/.test(f))).toEqual(
    [],
  );
  fs.rmSync(dir, { recursive: true, force: true });
}, 240000);
