import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../server/app';
import { hashPassword, isPasswordHash, verifyPassword } from '../server/auth/passwords';
import { loadUsers, upsertUser } from '../server/auth/users';
import { loadConfig, ROOT_DIR } from '../server/config';
import { createLogger, REDACT_PATHS } from '../server/logger';
import { assertSafeBinding, isLoopbackHost } from '../server/security/binding';
import { suiteDb, suiteDriver } from './helpers/app';

function withoutUsersJson(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.USERS_JSON;
  return env;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'egx-auth-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('password hashes', () => {
  it('are scrypt with a salt of their own, and verify only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('an unknown user or a malformed hash never verifies', async () => {
    expect(await verifyPassword('anything-at-all', undefined)).toBe(false);
    expect(await verifyPassword('anything-at-all', 'plain-text-password')).toBe(false);
    expect(isPasswordHash('scrypt$1073741824$8$1$AAAA$BBBB')).toBe(false);
  });

  it('refuses passwords shorter than 10 characters', async () => {
    await expect(hashPassword('short')).rejects.toThrow(/at least 10/);
  });
});

describe('the users file', () => {
  it('is absent by default, which means local mode', () => {
    expect(loadUsers(path.join(tmp, 'none.json'))).toEqual([]);
  });

  it('is written owner-only, and a user is replaced, not duplicated', async () => {
    const file = path.join(tmp, 'users.json');
    const first = await hashPassword('first-password');
    expect(upsertUser(file, { name: 'alice', role: 'viewer', passwordHash: first })).toBe('added');
    const second = await hashPassword('second-password');
    expect(upsertUser(file, { name: 'alice', role: 'editor', passwordHash: second })).toBe(
      'replaced',
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadUsers(file)).toEqual([{ name: 'alice', role: 'editor', passwordHash: second }]);
  });

  it('stops the app when it is broken rather than running without its users', async () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '{"users": [');
    expect(() => loadUsers(bad)).toThrow(/not valid JSON/);
    fs.writeFileSync(
      bad,
      JSON.stringify({ users: [{ name: 'x', role: 'admin', passwordHash: 'p' }] }),
    );
    expect(() => loadUsers(bad)).toThrow(/role/);
    fs.writeFileSync(
      bad,
      JSON.stringify({ users: [{ name: 'x', role: 'viewer', passwordHash: 'plain' }] }),
    );
    expect(() => loadUsers(bad)).toThrow(/scrypt/);
  });

  it('merges USERS_JSON and refuses a name configured twice', async () => {
    const hash = await hashPassword('some-password');
    const env = JSON.stringify([{ name: 'bob', role: 'viewer', passwordHash: hash }]);
    expect(loadUsers(path.join(tmp, 'none.json'), env).map((u) => u.name)).toEqual(['bob']);
    const file = path.join(tmp, 'dup.json');
    upsertUser(file, { name: 'bob', role: 'editor', passwordHash: hash });
    expect(() => loadUsers(file, env)).toThrow(/configured twice/);
  });
});

describe('npm run user:add', () => {
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register', 'scripts/user-add.ts', ...args], {
      cwd: ROOT_DIR,
      input,
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });

  it('adds a user from --password-stdin; the file holds a hash and the user can sign in', async () => {
    const file = path.join(tmp, 'cli-users.json');
    const out = cli(
      ['--name', 'carol', '--role', 'editor', '--password-stdin', '--file', file],
      'carol-secret-pass\n',
    );
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/added editor "carol"/);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('carol-secret-pass');

    const driver = suiteDriver();
    try {
      const app = createApp({
        db: suiteDb(driver),
        mode: 'external',
        logger: pino({ level: 'silent' }),
        auth: { users: loadUsers(file) },
      });
      const agent = request.agent(app);
      const { csrfToken } = (await agent.get('/api/auth/csrf').expect(200)).body;
      const res = await agent
        .post('/api/auth/login')
        .set('X-CSRF-Token', csrfToken)
        .send({ name: 'carol', password: 'carol-secret-pass' })
        .expect(200);
      expect(res.body.user).toEqual({ name: 'carol', role: 'editor' });
    } finally {
      await driver.close();
    }
  }, 60000);

  it('refuses a password on the command line, a bad role and a short password (exit 2)', () => {
    const file = path.join(tmp, 'cli-refused.json');
    const inArgv = cli(['--name', 'dan', '--role', 'viewer', '--password', 'dan-password-1']);
    expect(inArgv.status).toBe(2);
    expect(inArgv.stderr).toMatch(/never an argument/);
    const role = cli(
      ['--name', 'dan', '--role', 'admin', '--password-stdin', '--file', file],
      'x\n',
    );
    expect(role.status).toBe(2);
    expect(role.stderr).toMatch(/--role must be viewer or editor/);
    const short = cli(
      ['--name', 'dan', '--role', 'viewer', '--password-stdin', '--file', file],
      'short\n',
    );
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/at least 10/);
    expect(fs.existsSync(file)).toBe(false);
  }, 60000);
});

describe('binding beyond loopback', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
      expect(isLoopbackHost(h)).toBe(true);
    }
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'example.org', '127.0.0.1.nip.io']) {
      expect(isLoopbackHost(h)).toBe(false);
    }
  });

  it('needs configured users', () => {
    expect(() => assertSafeBinding('127.0.0.1', 0)).not.toThrow();
    expect(() => assertSafeBinding('0.0.0.0', 0)).toThrow(/no users are configured/);
    expect(() => assertSafeBinding('0.0.0.0', 1)).not.toThrow();
  });

  it('the real server refuses to start on 0.0.0.0 without users: exit 1 and a clear message', () => {
    const out = spawnSync(process.execPath, ['-r', 'ts-node/register', 'scripts/serve.ts'], {
      cwd: ROOT_DIR,
      encoding: 'utf8',
      timeout: 60000,
      env: {
        ...withoutUsersJson(),
        TS_NODE_TRANSPILE_ONLY: 'true',
        HOST: '0.0.0.0',
        PORT: '0',
        USERS_FILE: path.join(tmp, 'no-users.json'),
        NEO4J_DATA_DIR: path.join(tmp, 'never-started'),
      },
    });
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/HOST=0\.0\.0\.0 would expose the app .* no users are configured/);
    expect(out.stderr).toMatch(/npm run user:add/);
    // It stopped before starting Neo4j.
    expect(fs.existsSync(path.join(tmp, 'never-started'))).toBe(false);
  }, 60000);
});

describe('configuration', () => {
  it('reads the security settings with their defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      HOST: '127.0.0.1',
      ALLOWED_HOSTS: [],
      CORS_ORIGINS: [],
      SESSION_IDLE_MINUTES: 30,
      SESSION_MAX_HOURS: 12,
      SESSION_COOKIE_SECURE: false,
      CONSOLE_RATE_PER_MINUTE: 60,
      SEARCH_RATE_PER_MINUTE: 300,
      CONSOLE_MAX_CONCURRENT_PER_USER: 2,
      SHUTDOWN_GRACE_MS: 10000,
    });
    expect(c.USERS_FILE).toBe(path.join(ROOT_DIR, 'users.json'));
    const d = loadConfig({
      ALLOWED_HOSTS: 'a.example, b.example:8443',
      SESSION_COOKIE_SECURE: 'true',
    });
    expect(d.ALLOWED_HOSTS).toEqual(['a.example', 'b.example:8443']);
    expect(d.SESSION_COOKIE_SECURE).toBe(true);
  });

  it('refuses a short session secret', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
  });

  it('users.json is git-ignored', () => {
    expect(fs.readFileSync(path.join(ROOT_DIR, '.gitignore'), 'utf8')).toMatch(/^users\.json$/m);
  });
});

describe('logs', () => {
  it('carry a request id, echoed as X-Request-Id, and never the session cookie or CSRF token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = pino(
      { level: 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
      sink,
    );
    const driver = suiteDriver();
    try {
      const app = createApp({ db: suiteDb(driver), mode: 'external', logger });
      const res = await request(app)
        .get('/api/graph?limit=1')
        .set('Cookie', 'egx.sid=s%3Asecret-session-id')
        .set('X-CSRF-Token', 'secret-csrf-token')
        .expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const kept = await request(app).get('/api/graph?limit=1').set('X-Request-Id', 'trace-42');
      expect(kept.headers['x-request-id']).toBe('trace-42');
      const replaced = await request(app)
        .get('/api/graph?limit=1')
        .set('X-Request-Id', 'bad id\twith spaces');
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const log = lines.join('');
      expect(log).toContain(res.headers['x-request-id']);
      expect(log).toContain('"user":"local"');
      expect(log).not.toContain('secret-session-id');
      expect(log).not.toContain('secret-csrf-token');
    } finally {
      await driver.close();
    }
  });

  it('the app logger redacts the same paths', () => {
    expect(createLogger('silent')).toBeDefined();
    expect(REDACT_PATHS).toEqual(
      expect.arrayContaining(['req.headers.cookie', 'req.headers["x-csrf-token"]']),
    );
  });
});
