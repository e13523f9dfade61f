import { spawn, type ChildProcess } from 'node:child_process';
import nodeHttp from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import neo4j from 'neo4j-driver';
import { ROOT_DIR } from '../server/config';
import type { Db } from '../server/db/db';
import { buildLuceneQuery, searchWords } from '../server/services/search-service';
import { BENCH_PASSWORD, log, round, rssMiB, stats } from './lib';

export interface AppProcess {
  port: number;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startAppProcess(uri: string, clientDir?: string): Promise<AppProcess> {
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT_DIR, 'node_modules', 'ts-node', 'dist', 'bin.js'),
      path.join(ROOT_DIR, 'bench', 'api-server.ts'),
    ],
    {
      cwd: ROOT_DIR,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        BENCH_NEO4J_URI: uri,
        BENCH_NEO4J_PASSWORD: BENCH_PASSWORD,
        BENCH_CLIENT_DIR: clientDir ?? '',
      },
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('app did not start')), 60_000);
    readline.createInterface({ input: child.stdout! }).on('line', (l) => {
      const m = /^LISTENING (\d+)/.exec(l);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
    void exited.then(() => reject(new Error('app exited')));
  });
  return {
    port,
    pid: child.pid!,
    child,
    async stop() {
      child.stdin!.end();
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export interface Workload {
  name: string;
  paths: string[];
  /** The same Cypher the service runs for one request, straight on the driver. */
  direct: (db: Db, i: number) => Promise<unknown>;
}

/** Replays each service's query sequence (read the services: cypher names and params as they pass them). */
export function workloads(w: {
  hubs: string[];
  searches: string[];
  pairs: Array<[string, string]>;
  owned: string[];
  limit: number;
}): Workload[] {
  const q = (db: Db, name: string) => db.queries.get(name);
  return [
    {
      name: 'neighbors',
      paths: w.hubs.map((h) => `/api/entities/${encodeURIComponent(h)}/neighbors?limit=${w.limit}`),
      direct: (db, i) =>
        db.readTx(async (tx) => {
          const id = w.hubs[i % w.hubs.length];
          const filters = { direction: 'both', types: null, at: null };
          const ranked = await tx.run(q(db, 'neighbors-ranked'), {
            id,
            ...filters,
            limit: neo4j.int(w.limit),
          });
          const kept = (ranked.records[0]?.get('kept') ?? []) as Array<{ id: string }>;
          const ids = [id, ...kept.map((k) => k.id)];
          await tx.run(q(db, 'neighbors-kept'), { id, ids, ...filters });
        }),
    },
    {
      name: 'search',
      paths: w.searches.map((s) => `/api/search?q=${encodeURIComponent(s)}&limit=10`),
      // As the service: in one transaction, names then notes when names fall short of the
      // limit; every word first, any word when that finds nothing.
      direct: (db, i) =>
        db.readTx(async (tx) => {
          const words = searchWords(w.searches[i % w.searches.length]);
          const limit = neo4j.int(10);
          const run = async (mode: 'all' | 'any') => {
            const query = buildLuceneQuery(words, mode);
            const names = await tx.run(q(db, 'search-entities'), { query, limit });
            if (names.records.length >= 10) return names.records.length;
            const notes = await tx.run(q(db, 'note-search'), { query, limit });
            return names.records.length + notes.records.length;
          };
          const found = await run('all');
          if (found === 0 && words.length > 1) await run('any');
        }),
    },
    {
      name: 'paths',
      paths: w.pairs.map(
        ([a, b]) => `/api/paths?from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}`,
      ),
      direct: (db, i) =>
        db.readTx(async (tx) => {
          const [from, to] = w.pairs[i % w.pairs.length];
          await tx.run(q(db, 'entities-existing'), { ids: [from, to] });
          await tx.run(q(db, 'paths-all-shortest'), {
            from,
            to,
            maxHops: neo4j.int(6),
            types: null,
            at: null,
            limit: neo4j.int(26),
          });
        }),
    },
    {
      name: 'ownership',
      paths: w.owned.map((o) => `/api/ownership/${encodeURIComponent(o)}`),
      direct: (db, i) =>
        db.readTx(async (tx) => {
          const id = w.owned[i % w.owned.length];
          await tx.run(q(db, 'entity-by-id'), { id, at: null });
          const p = { id, at: null, limit: neo4j.int(2000) };
          await tx.run(q(db, 'ownership-owners'), p);
          await tx.run(q(db, 'ownership-holdings'), p);
          await tx.run(q(db, 'control-owners'), p);
          await tx.run(q(db, 'control-holdings'), p);
        }),
    },
  ];
}

async function direct(db: Db, wl: Workload, connections: number, seconds: number) {
  const lat: number[] = [];
  let i = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const t = process.hrtime.bigint();
        await wl.direct(db, i++);
        lat.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  return { ...stats(lat), rps: round(lat.length / seconds, 1) };
}

/**
 * HTTP with the same closed loop as `direct` (keep-alive, `connections` in flight, hrtime per
 * request): autocannon reports whole milliseconds, too coarse for ratios of 3–10 ms latencies.
 */
async function httpLoop(port: number, wl: Workload, connections: number, seconds: number) {
  const agent = new nodeHttp.Agent({ keepAlive: true, maxSockets: connections });
  const lat: number[] = [];
  let i = 0;
  let non2xx = 0;
  const get = (p: string) =>
    new Promise<void>((resolve, reject) => {
      const req = nodeHttp.get({ host: '127.0.0.1', port, path: p, agent }, (res) => {
        if ((res.statusCode ?? 0) >= 300) non2xx++;
        res.on('data', () => undefined);
        res.on('end', () => resolve());
      });
      req.on('error', reject);
    });
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const t = process.hrtime.bigint();
        await get(wl.paths[i++ % wl.paths.length]);
        lat.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  agent.destroy();
  return { ...stats(lat), rps: round(lat.length / seconds, 1), non2xx };
}

async function http(port: number, wl: Workload, connections: number, seconds: number) {
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, path: wl.paths[i++ % wl.paths.length] }) }],
  });
  return {
    n: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: round(result.latency.average),
    rps: round(result.requests.average, 1),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export interface ApiRow {
  endpoint: string;
  connections: number;
  /** autocannon: p50/p99 in whole ms, req/s. */
  autocannon: Awaited<ReturnType<typeof http>>;
  /** Same closed loop as direct, sub-ms timing: the ratios use these. */
  http: Awaited<ReturnType<typeof httpLoop>>;
  direct: Awaited<ReturnType<typeof direct>>;
  ratioP50: number;
  ratioP99: number;
}

export async function apiBench(
  db: Db,
  app: AppProcess,
  wls: Workload[],
  seconds: number,
): Promise<{ rows: ApiRow[]; rss: { idleMiB: number; peakMiB: number; meanMiB: number } }> {
  const idle = rssMiB(app.pid);
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssMiB(app.pid)), 250);
  const rows: ApiRow[] = [];
  try {
    for (const wl of wls) {
      // Warm up both paths (plans compiled, pages cached) before measuring.
      for (let i = 0; i < 20; i++) await wl.direct(db, i);
      await http(app.port, wl, 4, 2);
      for (const c of [1, 16]) {
        const a = await http(app.port, wl, c, seconds);
        const h = await httpLoop(app.port, wl, c, seconds);
        const d = await direct(db, wl, c, seconds);
        rows.push({
          endpoint: wl.name,
          connections: c,
          autocannon: a,
          http: h,
          direct: d,
          ratioP50: round(h.p50 / Math.max(d.p50, 0.01)),
          ratioP99: round(h.p99 / Math.max(d.p99, 0.01)),
        });
        log(
          `api: ${wl.name} c=${c} autocannon p50 ${a.p50} p99 ${a.p99}; http p50 ${h.p50} p99 ${h.p99} ms (non2xx ${a.non2xx + h.non2xx}); direct p50 ${d.p50} p99 ${d.p99} ms`,
        );
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const ok = samples.filter((x) => Number.isFinite(x));
  return {
    rows,
    rss: {
      idleMiB: idle,
      peakMiB: Math.max(...ok),
      meanMiB: round(ok.reduce((a, b) => a + b, 0) / Math.max(1, ok.length), 1),
    },
  };
}
