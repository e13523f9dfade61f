/**
 * `npm run tck`: the openCypher TCK's graph-free, read-only scenarios through the console in
 * typed mode, and the same queries directly through the driver, on a fresh, empty bundled Neo4j
 * (own port, .data/bench/tck-<port>). Writes bench/results/tck-<date>.json and the TCK table in
 * bench/README.md (between the tck markers).
 *
 *   npm run tck [-- --only <substring>] [--limit N]
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../server/app';
import { QueryStore } from '../server/cypher';
import { createDriver } from '../server/db/driver';
import { Db } from '../server/db/db';
import { startLocalNeo4j } from '../server/db/local-neo4j';
import { freePort } from '../test/helpers/ports';
import { BENCH_DATA, BENCH_PASSWORD, log } from './lib';
import { loadTck, TCK_VERSION } from './tck/features';
import { runScenario, type ScenarioResult } from './tck/run';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Both fail, with the console answering what Neo4j answers: Neo4j's own difference. */
function neo4jsOwn(r: ScenarioResult): boolean {
  return !r.console.pass && !r.direct.pass;
}

function readmeTable(report: {
  date: string;
  version: string;
  total: number;
  selected: number;
  skipped: Record<string, number>;
  console: number;
  direct: number;
  both: number;
  failures: ScenarioResult[];
}): string {
  const pct = (n: number) => `${((100 * n) / report.selected).toFixed(1)}%`;
  const lines = [
    `TCK ${report.version}, run ${report.date} (\`npm run tck\`, results in \`bench/results/tck-${report.date}.json\`):`,
    `${report.selected} graph-free, read-only scenarios of ${report.total} (left out: ${Object.entries(
      report.skipped,
    )
      .map(([why, n]) => `${n} ${why}`)
      .join(', ')}), on an empty Neo4j 5.26.`,
    '',
    "Comparison: values as typed JSON against the TCK's table (bench/tck/values.ts), rows in any order unless the TCK says in order; an expected error passes on any Neo4j error (the TCK's error names are not Neo4j's codes). Temporal text: the TCK leaves zero seconds out (`'12:31Z'`), Neo4j 5 writes them (`12:31:00Z`, as `toString()` does), so the expected text gets its `:00` before comparing (`tckTemporalText`). The direct run encodes the driver's values with the same writer (server/typed-json.ts, whose text test/console-values.test.ts checks against Neo4j's `toString()`).",
    '',
    '| | Pass | Rate |',
    '| --- | --- | --- |',
    `| Through the console (typed JSON) | ${report.console} | ${pct(report.console)} |`,
    `| Directly through the driver | ${report.direct} | ${pct(report.direct)} |`,
    `| Passed directly but not through the console | ${report.failures.filter((f) => f.direct.pass && !f.console.pass).length} | |`,
    '',
    'Failures through the console (Neo4j: also failing directly through the driver):',
    '',
    '| Scenario | Console | Neo4j directly |',
    '| --- | --- | --- |',
    ...report.failures.map(
      (f) =>
        `| ${f.id.replace(/\|/g, '\\|')} | ${f.console.detail.replace(/\|/g, '\\|').slice(0, 160)} | ${f.direct.pass ? 'passes' : 'fails the same way'} |`,
    ),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  log(`loading TCK ${TCK_VERSION} (Maven)`);
  const tck = loadTck();
  const only = arg('--only');
  const limit = Number(arg('--limit') ?? Infinity);
  const scenarios = tck.selected.filter((s) => !only || s.id.includes(only)).slice(0, limit);
  log(
    `${tck.total} scenarios, ${tck.selected.length} graph-free and read-only, running ${scenarios.length}`,
  );

  // TCK_NEO4J_URI / TCK_NEO4J_PASSWORD: an already running, empty Neo4j instead of a fresh one.
  let neo: { uri: string; stop(): Promise<void> };
  let password = BENCH_PASSWORD;
  if (process.env.TCK_NEO4J_URI) {
    neo = { uri: process.env.TCK_NEO4J_URI, stop: async () => undefined };
    password = process.env.TCK_NEO4J_PASSWORD ?? password;
  } else {
    const port = await freePort();
    const dataDir = path.join(BENCH_DATA, `tck-${port}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const local = await startLocalNeo4j({
      port,
      dataDir,
      password,
      heap: '1g',
      pageCache: '128m',
      txTimeout: '60s',
      txMemoryMax: '512m',
      log: () => undefined,
    });
    neo = {
      uri: local.uri,
      stop: async () => {
        await local.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const driver = createDriver({ uri: neo.uri, user: 'neo4j', password });
  const app = createApp({
    db: new Db(driver, new QueryStore()),
    mode: 'external',
    logger: pino({ level: 'silent' }),
    limits: { consolePerMinute: 1e9, consoleConcurrent: 100 },
    console: { rowCap: 10_000, timeoutMs: 10_000 },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const results: ScenarioResult[] = [];
  try {
    for (const s of scenarios) {
      results.push(await runScenario(base, driver, s));
      if (results.length % 100 === 0) log(`${results.length}/${scenarios.length}`);
    }
  } finally {
    server.close();
    await driver.close();
    await neo.stop();
  }

  const date = new Date().toISOString().slice(0, 10);
  const failures = results.filter((r) => !r.console.pass);
  const report = {
    date,
    version: TCK_VERSION,
    total: tck.total,
    selected: results.length,
    skipped: tck.skipped,
    console: results.filter((r) => r.console.pass).length,
    direct: results.filter((r) => r.direct.pass).length,
    both: results.filter((r) => r.console.pass && r.direct.pass).length,
    ours: failures.filter((r) => !neo4jsOwn(r)).map((r) => r.id),
    failures,
  };
  const out = path.join(__dirname, 'results', `tck-${date}.json`);
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  if (!only && !Number.isFinite(limit)) {
    const readme = path.join(__dirname, 'README.md');
    const text = fs.readFileSync(readme, 'utf8');
    const start = '<!-- tck:start -->';
    const end = '<!-- tck:end -->';
    const table = `${start}\n${readmeTable(report)}\n${end}`;
    // Above "## Latest results": the bench's report rewrites everything below that heading.
    const heading = '## Latest results';
    const section = `## openCypher TCK\n\n${table}\n\n`;
    const next = text.includes(start)
      ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), table)
      : text.includes(heading)
        ? text.replace(heading, `${section}${heading}`)
        : `${text.trimEnd()}\n\n${section}`;
    fs.writeFileSync(readme, next);
  }
  log(
    `console ${report.console}/${results.length}, direct ${report.direct}/${results.length}; ` +
      `failing only through the console: ${report.ours.length}; report ${out}`,
  );
  for (const f of failures) {
    log(`${f.direct.pass ? 'OURS ' : 'NEO4J'} ${f.id}: ${f.console.detail.slice(0, 200)}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
