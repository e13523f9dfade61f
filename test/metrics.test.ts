import pino from 'pino';
import request from 'supertest';
import { createApp } from '../server/app';
import { hashPassword } from '../server/auth/passwords';
import type { UserRecord } from '../server/auth/users';
import { recordImport } from '../server/ops/metrics';
import { suiteApp, suiteDb, suiteDriver, type TestApp } from './helpers/app';

let t: TestApp;
beforeAll(() => {
  t = suiteApp();
});
afterAll(() => t.close());

/** The value of one sample line of the Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((w) => line.includes(w))) return Number(line.split(' ').pop());
  }
  return 0;
}

describe('GET /metrics (local mode)', () => {
  it('times requests per route pattern, not per raw path', async () => {
    await request(t.app).get('/api/entities/org:scale-ai').expect(200);
    await request(t.app).get('/api/entities/org:meta').expect(200);
    const res = await request(t.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const route = { method: 'GET', route: '/api/entities/:id', status: '200' };
    expect(sample(res.text, 'http_request_duration_seconds_count', route)).toBeGreaterThanOrEqual(
      2,
    );
    expect(res.text).not.toContain('org:scale-ai');
    expect(res.text).toMatch(/^process_cpu_seconds_total /m);
  });

  it("reports the driver's connection pool", async () => {
    await request(t.app).get('/api/health').expect(200);
    const text = (await request(t.app).get('/metrics').expect(200)).text;
    expect(sample(text, 'neo4j_pool_max_size')).toBe(50);
    const idle = /^neo4j_pool_connections\{address="[^"]+",state="idle"\} (\d+)$/m.exec(text);
    expect(idle).not.toBeNull();
    expect(Number(idle![1])).toBeGreaterThanOrEqual(1);
  });

  it('counts console refusals by reason', async () => {
    const before = sample((await request(t.app).get('/metrics')).text, 'console_refusals_total', {
      reason: 'WRITE_FORBIDDEN',
    });
    await request(t.app)
      .post('/api/cypher')
      .send({ query: "CREATE (n:Entity {id: 'x:metrics'})" })
      .expect(403);
    await request(t.app).post('/api/cypher').send({ query: 'RETURN 1 AS one' }).expect(200);
    const text = (await request(t.app).get('/metrics')).text;
    expect(sample(text, 'console_refusals_total', { reason: 'WRITE_FORBIDDEN' })).toBe(before + 1);
    expect(text).not.toMatch(/console_refusals_total\{reason="undefined"\}/);
  });

  it('counts imports the import feature records', async () => {
    const labels = { format: 'bods', outcome: 'succeeded' };
    const before = sample((await request(t.app).get('/metrics')).text, 'imports_total', labels);
    recordImport('bods', 'succeeded', 120);
    const text = (await request(t.app).get('/metrics')).text;
    expect(sample(text, 'imports_total', labels)).toBe(before + 1);
    expect(sample(text, 'import_records_total', { format: 'bods' })).toBeGreaterThanOrEqual(120);
  });
});

describe('GET /metrics with users', () => {
  const TOKEN = 'scrape-token-0123456789';
  let users: UserRecord[];
  beforeAll(async () => {
    users = [
      { name: 'vic', role: 'viewer', passwordHash: await hashPassword('vic-password-1') },
      { name: 'eda', role: 'editor', passwordHash: await hashPassword('eda-password-1') },
    ];
  });

  async function signedIn(app: ReturnType<typeof createApp>, name: string, password: string) {
    const agent = request.agent(app);
    const { csrfToken } = (await agent.get('/api/auth/csrf').expect(200)).body;
    await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrfToken)
      .send({ name, password })
      .expect(200);
    return agent;
  }

  it('is refused anonymously, to a viewer and with a wrong token; served to an editor and with the token', async () => {
    const driver = suiteDriver();
    try {
      const app = createApp({
        db: suiteDb(driver),
        mode: 'external',
        logger: pino({ level: 'silent' }),
        auth: { users },
        metricsToken: TOKEN,
      });
      const anonymous = await request(app).get('/metrics').expect(401);
      expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
      expect(anonymous.text).not.toContain('http_request_duration_seconds');
      await request(app)
        .get('/metrics')
        .set('Authorization', 'Bearer wrong-token-0000000')
        .expect(401);
      await request(app).get('/metrics').set('Authorization', TOKEN).expect(401);
      const scraped = await request(app)
        .get('/metrics')
        .set('Authorization', `Bearer ${TOKEN}`)
        .expect(200);
      expect(scraped.text).toContain('http_request_duration_seconds');
      await (await signedIn(app, 'vic', 'vic-password-1')).get('/metrics').expect(401);
      const editor = await (
        await signedIn(app, 'eda', 'eda-password-1')
      )
        .get('/metrics')
        .expect(200);
      expect(editor.text).toContain('neo4j_pool_connections');
    } finally {
      await driver.close();
    }
  });

  it('without METRICS_TOKEN only an editor session reads it', async () => {
    const driver = suiteDriver();
    try {
      const app = createApp({
        db: suiteDb(driver),
        mode: 'external',
        logger: pino({ level: 'silent' }),
        auth: { users },
      });
      await request(app).get('/metrics').set('Authorization', 'Bearer ').expect(401);
      await (await signedIn(app, 'eda', 'eda-password-1')).get('/metrics').expect(200);
    } finally {
      await driver.close();
    }
  });
});
