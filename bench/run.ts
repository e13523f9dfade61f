import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../server/config';
import { applySchema, DEFAULT_BATCH_SIZE, loadJsonLines } from '../server/ingest/loader';
import { seedGraph } from '../seed/data';
import { idOf, layout, Rng } from '../seed/generate';
import { defaultOut, writeGraph } from '../seed/generate-cli';
import { seedDatabase } from '../seed/loader';
import { apiBench, startAppProcess, workloads } from './api';
import { firstLoadBench } from './first-load';
import { initialLoadBench } from './initial-load';
import { loadBench, loadBenchFresh, type LoadBenchResult } from './load';
import { BENCH_DATA, log, machine, round, startBundled } from './lib';
import { renderBench } from './render';
import { writeReadme, type Goal } from './report';
import { searchBench } from './search';

/**
 * `npm run bench` (quick: 10k graph, < 10 min on 2 cores) or `npm run bench -- --full` (1M).
 * Every figure is measured against a baseline in the same run, on the same machine; each part
 * gets its own Neo4j under .data/bench (never the analyst's database).
 */
async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  // `--only=load,api,render,first-load` (or `--only first-load`): a tuning run, its results kept
  // in .data/bench only; `--n N` sets the graph's size (default 10k, 1M with --full).
  const argValue = (flag: string) => {
    const i = process.argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (i < 0) return undefined;
    const a = process.argv[i];
    return a.includes('=') ? a.slice(a.indexOf('=') + 1) : process.argv[i + 1];
  };
  const onlyArg = argValue('--only');
  const only = onlyArg ? new Set(onlyArg.split(',')) : null;
  const wants = (part: 'load' | 'api' | 'render' | 'first-load') => !only || only.has(part);
  const nArg = argValue('--n');
  const n = nArg ? Number(nArg) : full ? 1_000_000 : 10_000;
  if (!Number.isInteger(n) || n < 100) throw new Error('--n needs a whole number ≥ 100');
  const name =
    (full ? 'full' : 'quick') +
    (nArg ? `-${n}` : '') +
    (only ? `-only-${[...only].join('-')}` : '');
  const seed = 1;
  const started = new Date();
  const results: Record<string, unknown> = {
    name,
    date: started.toISOString(),
    machine: machine(),
    graph: { entities: n, seed },
    notes:
      'Ratios are measured back to back in the same run on the same machine; loadAvgAtStart shows how busy it was.',
  };
  const section = async <T>(key: string, fn: () => Promise<T>): Promise<T | undefined> => {
    const t = Date.now();
    try {
      const r = await fn();
      results[key] = r;
      return r;
    } catch (err) {
      log(`${key} failed: ${(err as Error).stack}`);
      results[key] = { error: (err as Error).message };
      return undefined;
    } finally {
      log(`${key}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
  };

  const file = defaultOut(n, seed);
  if (!fs.existsSync(file)) {
    log(`generating ${n} entities -> ${path.relative(ROOT_DIR, file)}`);
    await writeGraph(n, seed, file);
  }

  // At 1M a sweep of interleaved rounds would take hours: one fresh round each (the sweep of batch
  // sizes is the quick set's), shaped like the quick set's result for the report.
  const load = !wants('load')
    ? undefined
    : await section('load', async (): Promise<LoadBenchResult> => {
        if (!full) return loadBench(file, [1000, 2000, 5000, 10000], DEFAULT_BATCH_SIZE);
        const r = await loadBenchFresh(file, DEFAULT_BATCH_SIZE);
        const base = {
          seconds: round(r.rows / r.baselineRowsPerSecond),
          rowsPerSecond: r.baselineRowsPerSecond,
        };
        return {
          rows: r.rows,
          baseline: { runs: [base], best: base.rowsPerSecond },
          sweep: [{ ...r.ours, runs: [r.ours.rowsPerSecond], median: r.ours.rowsPerSecond }],
          chosenBatch: r.ours.batch,
          ours: r.ours.rowsPerSecond,
          ratio: r.ratio,
          countsMatch: r.countsMatch,
          csvServedBy:
            'each loader into a fresh bench-only Neo4j (bench/neo4j/BenchCsvNeo4j.java), one round, no warm-up',
        };
      });

  const initialLoad = !wants('first-load')
    ? undefined
    : await section('initialLoad', () => initialLoadBench(file));

  let api: Awaited<ReturnType<typeof apiBench>> | undefined;
  let search: Awaited<ReturnType<typeof searchBench>> | undefined;
  const b = wants('api') ? await startBundled('api') : null;
  if (b)
    try {
      await section('loadBundled', async () => {
        await applySchema(b.db);
        const r = await loadJsonLines(b.db, file, { checkpointFile: null, progress: false });
        log(
          `bundled Neo4j: loaded ${r.entities + r.relationships} rows at ${Math.round(r.rowsPerSecond)} rows/s`,
        );
        return {
          rows: r.entities + r.relationships,
          seconds: round(r.seconds),
          rowsPerSecond: round(r.rowsPerSecond, 0),
        };
      });
      search = await section('search', () => searchBench(b.db, full ? 300 : 150));

      const g = layout(n, seed);
      const r = new Rng(seed, 99, 0);
      const orgs = g.counts.Organization;
      const wl = workloads({
        hubs: [0, 1, 2, 3, 4].map((i) => idOf(seed, 'Organization', i)),
        searches: [
          'nort',
          'quartz gr',
          'ada',
          'zephyr labs',
          'urquhart',
          'hori',
          'tandem ven',
          'lindq',
        ],
        pairs: Array.from({ length: 10 }, () => [
          idOf(seed, 'Organization', r.int(orgs)),
          idOf(seed, 'Person', r.int(g.counts.Person)),
        ]) as Array<[string, string]>,
        owned: [1, 2, 3, 5, 8, 13, 21, 34, 55, 89].map((i) => idOf(seed, 'Organization', i)),
        limit: 100,
      });
      api = await section('api', async () => {
        const app = await startAppProcess(b.uri);
        try {
          return await apiBench(b.db, app, wl, full ? 15 : 6);
        } finally {
          await app.stop();
        }
      });
    } finally {
      await b.stop();
    }
  // A fresh instance holding the seed alone: what a newcomer's first page load reads.
  if (wants('api'))
    await section('firstLoad', async () => {
      const f = await startBundled('first-load');
      try {
        await seedDatabase(f.db, seedGraph);
        return await firstLoadBench(f, 3);
      } finally {
        await f.stop();
      }
    });
  const render = !wants('render')
    ? undefined
    : await section('render', () => renderBench([1000, 5000, 20000]));

  // Goals.
  const goals: Goal[] = [];
  if (load) {
    goals.push({
      goal: `load: our loader ÷ LOAD CSV ≥ 1.0 (at 1M; this run: ${n})`,
      value: `${load.ratio} (${load.ours} vs ${load.baseline.best} rows/s)`,
      met: load.ratio >= 1,
    });
  }
  if (initialLoad) {
    goals.push({
      goal: `first load into an empty database: ours ÷ LOAD CSV + CALL {} IN TRANSACTIONS ≥ 10 (at 1M; this run: ${n})`,
      value: `${initialLoad.ratioVsLoadCsv} (${initialLoad.ours.seconds} vs ${initialLoad.loadCsv.seconds} s, ${initialLoad.rows} rows, counts ${initialLoad.countsMatch ? 'equal' : 'DIFFER'})`,
      met: initialLoad.ratioVsLoadCsv >= 10 && initialLoad.countsMatch,
    });
    goals.push({
      goal: `first load: ours ÷ the bare batch importer on the same CSV files ≥ 0.8 (at 1M; this run: ${n})`,
      value: `${initialLoad.ratioVsBareImporter} (${initialLoad.ours.seconds} vs ${initialLoad.bareImporter.seconds} s)`,
      met: initialLoad.ratioVsBareImporter >= 0.8,
    });
  }
  for (const row of api?.rows ?? []) {
    goals.push({
      goal: `api ${row.endpoint} c=${row.connections}: p50 HTTP ÷ direct ≤ 1.3`,
      value: `${row.ratioP50} (${row.http.p50} vs ${row.direct.p50} ms)`,
      met: row.ratioP50 <= 1.3,
    });
  }
  for (const row of (api?.rows ?? []).filter((x) => x.connections === 1)) {
    if (row.endpoint === 'search') {
      goals.push({
        goal: 'search p99 ≤ 30 ms (HTTP, 1 connection)',
        value: `${row.http.p99} ms`,
        met: row.http.p99 <= 30,
      });
    }
    if (row.endpoint === 'neighbors') {
      goals.push({
        goal: 'hub 1-hop neighbours (limit 100) p99 ≤ 50 ms (HTTP, 1 connection)',
        value: `${row.http.p99} ms`,
        met: row.http.p99 <= 50,
      });
    }
  }
  const rows = render?.rows ?? [];
  const at = (size: number, renderer: string) =>
    rows.find((x) => x.nodes === size && x.renderer === renderer);
  for (const renderer of ['canvas', 'webgl']) {
    const r5 = at(5000, renderer);
    if (r5)
      goals.push({
        goal: `render ${renderer}: 5k nodes laid out and drawn ≤ 2 s`,
        value: `${r5.totalMs} ms`,
        met: r5.totalMs <= 2000,
      });
    const r20 = at(20000, renderer);
    if (r20)
      goals.push({
        goal: `render ${renderer}: 20k nodes, pan/zoom median frame ≤ 50 ms`,
        value: `${r20.frameMedianMs} ms`,
        met: r20.frameMedianMs <= 50,
      });
    // Round 2 (issue 14): the hitches are what a user feels, so the p95 frame has its own goal.
    if (r20)
      goals.push({
        goal: `render ${renderer}: 20k nodes, pan/zoom p95 frame ≤ 100 ms`,
        value: `${r20.frameP95Ms} ms`,
        met: r20.frameP95Ms <= 100,
      });
  }
  const l1 = at(1000, 'canvas');
  const l20 = at(20000, 'canvas');
  if (l1 && l20) {
    const perTick = l20.layoutInWorkerMs / l20.layoutTicks / (l1.layoutInWorkerMs / l1.layoutTicks);
    const nlogn = (20000 * Math.log(20000)) / (1000 * Math.log(1000));
    goals.push({
      goal: 'layout cost per tick grows no faster than n log n (1k → 20k)',
      value: `×${round(perTick, 1)} (n log n: ×${round(nlogn, 1)})`,
      met: perTick <= nlogn * 1.1,
    });
  }
  results.goals = goals;
  results.search = search;
  results.durationSeconds = Math.round((Date.now() - started.getTime()) / 1000);

  const outDir = only ? BENCH_DATA : path.join(ROOT_DIR, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `${name}-${started.toISOString().slice(0, 10)}.json`);
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  if (!only) writeReadme(results);
  log(
    `results: ${path.relative(ROOT_DIR, out)} and bench/README.md (${results.durationSeconds} s)`,
  );
}

main().then(
  // Exit explicitly: a browser stuck in a hung WebGL page can keep handles open (Playwright
  // kills the browsers it launched on exit).
  () => process.exit(0),
  (err: Error) => {
    log(`bench failed: ${err.stack}`);
    process.exit(1);
  },
);
