import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../server/config';

export interface Goal {
  goal: string;
  value: string;
  met: boolean;
}

const README = path.join(ROOT_DIR, 'bench', 'README.md');
const RESULTS_HEADING = '## Latest results';

const INTRO = `# Benchmarks

\`npm run bench\` runs the quick set on a generated 10k-entity graph (under 10 minutes on a 2-core
machine); \`npm run bench -- --full\` runs the same set on 1M entities (generation and loads take
long). Each figure is a ratio against a baseline measured in the same run on the same machine,
next to absolute figures. Raw results: \`bench/results/<name>-<date>.json\`. This file is
rewritten by the bench: the tables below are the latest run of each set.

Every part starts its own Neo4j under \`.data/bench\` (fresh data directory), never the analyst's.

| Part | Ours | Baseline |
| --- | --- | --- |
| Load | \`loadJsonLines\` (server/ingest/loader.ts): UNWIND batches of 5,000 lines, one transaction per batch, 2 entity batches in flight and 1 relationship batch (ordered checkpoint, deadlock retry), relationships as lists without id or family, sweep of batch sizes | \`LOAD CSV\` + \`CALL {} IN TRANSACTIONS OF 10000 ROWS\`, same data as CSV, same MERGE semantics, into the same emptied database |
| First load | \`firstLoadJsonLines\` (server/ingest/first-load.ts, what \`npm run import\` does into the empty bundled database): JSON lines → the batch importer's CSV files, bundled Neo4j stopped, \`neo4j-admin database import full\` from the launcher's class path, Neo4j started, schema created and indexes online; timed end to end | \`LOAD CSV\` + \`CALL {} IN TRANSACTIONS\` into an empty database with the schema (as Load), and the batch importer alone on the same CSV files (no stop, start or schema); \`npm run bench -- --only first-load --n N\` runs it alone |
| API | HTTP through the real app (own process; autocannon and a per-request timed keep-alive loop, 1 and 16 connections) | the same named Cypher each service runs, straight on neo4j-driver in one process, same concurrency |
| Search | full-text prefix (\`entity_names\`, \`word*\`) | indexed \`STARTS WITH\` (range index \`entity_name\`) and a \`toLower(name) CONTAINS\` scan |
| Render | the app's large-graph mode (client/src/large-graph.ts): multilevel d3-force Barnes-Hut layout in a Web Worker (client/src/layouts/force-worker.ts), light style, Cytoscape canvas | Cytoscape's WebGL renderer (\`renderer: {name: 'canvas', webgl: true}\`) |

**LOAD CSV baseline and the bundled launcher.** The app's Neo4j launcher (neo4j/) disables file
URLs for LOAD CSV and blocks loopback and private addresses, so it cannot serve the baseline, and
it stays untouched. The load part instead starts \`bench/neo4j/BenchCsvNeo4j.java\`: the same
Neo4j 5.26 jars and limits (heap, page cache, transaction memory), Bolt on 127.0.0.1, auth on,
with \`file:///\` allowed only inside \`.data/bench/import\`. Both loaders run on that instance.
Our loader's figure on the bundled launcher is reported too ("our loader on the bundled Neo4j").

**Render** runs in headless Chromium with \`--disable-gpu\` (software rendering). The WebGL runs add
\`--use-angle=swiftshader --enable-unsafe-swiftshader\`; a WebGL2 context is available there, but
Cytoscape 3.34's WebGL renderer never drew a first frame within 60 s (even at 200 nodes in a
manual try), so it has no figures: measure it on a machine with a GPU.

**Frame time** is the interval between Cytoscape \`render\` events (one per drawn frame) while a
script pans and zooms for 90 animation frames; the median hides occasional multi-second frames
(see p95) when Cytoscape rebuilds its label and node texture caches at zoom thresholds. The pan
and zoom are programmatic, so \`textureOnViewport\` and \`hideEdgesOnViewport\` (which act only during
a user's gesture) are on in the app but not exercised here.

**Large-graph mode** (client/src/large-graph.ts, the same code in the app and the bench page):
above 500 nodes the canvas switches to a light style (kind colours and shapes, no icons, no edge
labels or arrows, haystack edges, node labels only once zoomed in past 8 px) and the force layout
runs in a Web Worker. That layout coarsens the graph level by level (each node merges with its
lightest neighbour, leaves with their hub) to about 200 supernodes, lays those out with 150 ticks,
then refines each level from its parents' positions: 12 ticks on intermediate levels (only every
~2.5× in size), 8 on the full graph, Barnes-Hut θ 0.9 → 1.5 as levels grow. Every tick is
O(n log n) and the levels shrink geometrically, so the whole layout is; "ticks" in the table are
full-graph equivalents (Σ ticks × level size ÷ n). Unlinked nodes and small components are packed
around the main one instead of drifting off.

## What limits the goals that are missed

- **Load ÷ LOAD CSV < 1** (0.6–0.7 on 10k, 0.78 on 1M). LOAD CSV reads and converts rows inside the JVM. Our loader parses and
  validates JSON in Node, packs every row as Bolt parameters (maps of properties), and Neo4j
  unpacks them: on 2 shared cores Node and Neo4j compete, and one writer transaction runs at a
  time (the next batch is parsed while one commits). The sweep is flat from 2,000 to 10,000
  lines per transaction, so batch size is not the limit. Levers left: two writer transactions
  in flight for entity batches (distinct ids never conflict), lighter rows (send \`id\` implicitly,
  skip empty maps), \`neo4j-admin database import\` for first loads of very large files. The
  cold figure on the freshly started bundled Neo4j (≈4k rows/s) is mostly query compilation and
  JIT warm-up, which a 10k graph cannot amortise.
- **First load (round 2, goal 1): not yet measured at 1M.** One indicative run at 100k
  (\`npm run bench -- --only first-load --n 100000\`, 2026-12-03, load average 25–33 on the 2
  cores from other work, so only the shape means something): ours 236 s end to end (CSV files
  32 s, stop 5 s, batch importer 61 s, Neo4j start 82 s, schema + indexes online + empty
  aliases 57 s), LOAD CSV + \`CALL {} IN TRANSACTIONS\` 425 s (**1.8**), the bare importer on the
  same CSV files 62 s (**0.26**); counts equal. At 100k the fixed costs (a stop and a start of
  the bundled Neo4j, 7 constraints, the full-text and range indexes) are most of ours; the
  importer's share grows with size and a start takes ≈ 8 s on a quiet machine, so the 1M run
  on a quiet machine is the figure that counts. Levers if it misses: write the CSV files while
  parsing (one pass, no second map walk), start Neo4j's JVM while the importer runs, create the
  kind constraints after the \`Entity\` one in one transaction.
- **API p50 ratio > 1.3** (mostly search and paths, whose queries take 2–5 ms; which rows miss
  moves from run to run by ±0.3 on this busy machine): HTTP adds a fixed 1–3 ms per request
  (middleware: pino-http, helmet, host/origin checks, rate limiters, session, zod, JSON of the
  answer), large next to such short queries; the server, Neo4j and the load generator share
  2 cores. Neighbours and ownership, with longer queries, stay near or under 1.3.
- **Hub neighbours p99 ≈ 50 ms at 10k** and worse at 1M: the expansion reads every neighbour of
  the hub and counts the degree of each before keeping \`limit\` (740 neighbours for the biggest
  hub at 10k, ~17k at 1M), so the cost follows the hub's degree, not the limit. A top-k in Cypher
  (\`ORDER BY COUNT { (b)--() } DESC LIMIT $limit\`) or a stored degree would bound it.
- **5k nodes ≤ 2 s** (≈ 1.7–2.8 s on this busy machine, 8.2 s before large-graph mode): the
  layout is now ≈ 0.5 s (multilevel, ~22 full-graph ticks instead of 115); the first draw,
  ≈ 1.1–2.2 s, is the limit. Trying it without labels and without edges took it only to ≈ 1.1 s:
  what remains is Cytoscape creating, styling and bounding 15k elements and caching node textures
  on the main thread. Levers left: the WebGL renderer on a machine with a GPU, fewer elements
  (edges drawn outside Cytoscape until zoomed in), or drawing in chunks so the graph appears
  progressively.
`;

function fmt(v: unknown): string {
  return v === undefined || v === null ? '–' : String(v);
}

type R = Record<string, unknown>;

function table(results: R): string {
  const out: string[] = [];
  const date = String(results.date).slice(0, 16).replace('T', ' ');
  const graph = results.graph as { entities: number };
  out.push(`### ${results.name} — ${date} UTC, ${graph.entities.toLocaleString('en-US')} entities`);
  out.push('');
  out.push(
    `${fmt(results.notes)} Machine: ${JSON.stringify(results.machine)}. Took ${fmt(results.durationSeconds)} s.`,
  );
  out.push('');
  out.push('**Goals**');
  out.push('');
  out.push('| Goal | Measured | Met |');
  out.push('| --- | --- | --- |');
  for (const g of (results.goals as Goal[]) ?? [])
    out.push(`| ${g.goal} | ${g.value} | ${g.met ? 'yes' : '**no**'} |`);
  out.push('');
  const load = results.load as R | undefined;
  if (load && !('error' in load)) {
    const base = load.baseline as { runs: Array<{ rowsPerSecond: number }>; best: number };
    out.push(
      `**Load** (${fmt(load.rows)} rows): LOAD CSV ${base.runs.map((x) => x.rowsPerSecond).join(' / ')} rows/s (best ${base.best}); counts equal: ${fmt(load.countsMatch)}.`,
    );
    out.push('');
    out.push(
      '| Batch (lines/tx) | Seconds (best) | Rows/s (best) | Rows/s per round | ÷ LOAD CSV (best ÷ best) |',
    );
    out.push('| --- | --- | --- | --- | --- |');
    for (const s of load.sweep as Array<{
      batch: number;
      seconds: number;
      rowsPerSecond: number;
      runs?: number[];
    }>) {
      out.push(
        `| ${s.batch}${s.batch === load.chosenBatch ? ' (default)' : ''} | ${s.seconds} | ${s.rowsPerSecond} | ${(s.runs ?? []).join(' / ')} | ${(s.rowsPerSecond / base.best).toFixed(2)} |`,
      );
    }
    const lb = results.loadBundled as R | undefined;
    if (lb && !('error' in lb))
      out.push(
        `| our loader on the bundled Neo4j (default batch, fresh instance, cold) | ${lb.seconds} | ${lb.rowsPerSecond} | | |`,
      );
    out.push('');
  } else if (load) out.push(`**Load** failed: ${fmt(load.error)}\n`);
  const api = results.api as R | undefined;
  if (api && !('error' in api)) {
    out.push(
      '**API** (ms; HTTP = through the app in its own process, timed per request like direct; direct = the same named Cypher on neo4j-driver in one process; autocannon = whole-ms percentiles and req/s)',
    );
    out.push('');
    out.push(
      '| Endpoint | Conns | HTTP p50 | HTTP p99 | direct p50 | direct p99 | p50 ratio | p99 ratio | autocannon p50 / p99 | autocannon req/s | non-2xx |',
    );
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of api.rows as Array<R & { http: R; direct: R; autocannon: R }>) {
      out.push(
        `| ${r.endpoint} | ${r.connections} | ${r.http.p50} | ${r.http.p99} | ${r.direct.p50} | ${r.direct.p99} | ${r.ratioP50} | ${r.ratioP99} | ${r.autocannon.p50} / ${r.autocannon.p99} | ${r.autocannon.rps} | ${Number(r.http.non2xx) + Number(r.autocannon.non2xx)} |`,
      );
    }
    const rss = api.rss as R;
    out.push('');
    out.push(
      `**Memory**: server RSS idle ${rss.idleMiB} MiB, under the API bench mean ${rss.meanMiB} MiB, peak ${rss.peakMiB} MiB.`,
    );
    out.push('');
  } else if (api) out.push(`**API** failed: ${fmt(api.error)}\n`);
  const search = results.search as R | undefined;
  if (search && !('error' in search)) {
    const s = (k: string) => search[k] as R;
    out.push(
      `**Search** (ms, ${s('fulltext').n} queries each): full-text prefix p50 ${s('fulltext').p50} / p99 ${s('fulltext').p99}; STARTS WITH p50 ${s('startsWith').p50} / p99 ${s('startsWith').p99}; CONTAINS scan p50 ${s('contains').p50} / p99 ${s('contains').p99}. p99 ratios: full-text ÷ STARTS WITH ${search.ratioFulltextToStartsWithP99}, full-text ÷ CONTAINS ${search.ratioFulltextToContainsP99}.`,
    );
    out.push('');
  }
  const render = results.render as R | undefined;
  if (render && Array.isArray(render.rows)) {
    out.push(
      '**Render** (ms; graph JSON → parsed → worker layout → drawn; frames during scripted pan/zoom)',
    );
    out.push('');
    out.push(
      '| Renderer | Nodes | Edges | Total | Layout (ticks) | Draw | Frame median | Frame p95 | Frames drawn (90 steps) | JS heap MiB | WebGL on |',
    );
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of render.rows as R[]) {
      out.push(
        `| ${r.renderer} | ${r.nodes} | ${r.edges} | ${r.totalMs} | ${r.layoutMs} (${r.layoutTicks}) | ${r.drawMs} | ${r.frameMedianMs} | ${r.frameP95Ms} | ${r.framesDrawn} | ${r.jsHeapMiB} | ${r.webglActive} |`,
      );
    }
    out.push('');
  }
  if (render && 'error' in render) out.push(`**Render** failed: ${fmt(render.error)}\n`);
  const fl = results.firstLoad as R | undefined;
  if (fl && !('error' in fl))
    out.push(
      `**First load** (seeded app, page load → drawn graph): median ${fl.medianMs} ms (runs: ${(fl.runs as number[]).join(', ')}).\n`,
    );
  else if (fl) out.push(`**First load** failed: ${fmt(fl.error)}\n`);
  return out.join('\n');
}

/** The latest `bench/load-1m.ts` result (load ratio at 1M, fresh instances), when there is one. */
function scaleLoad(): string {
  const dir = path.join(ROOT_DIR, 'bench', 'results');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /^load-\d+-[\d-]+\.json$/.test(f))
        .sort()
    : [];
  if (files.length === 0) return '';
  const r = JSON.parse(fs.readFileSync(path.join(dir, files[files.length - 1]), 'utf8')) as R & {
    ours: R;
  };
  const met = Number(r.ratio) >= 1;
  return `
### Load at scale — ${String(r.date).slice(0, 16).replace('T', ' ')} UTC, ${Number(r.entities).toLocaleString('en-US')} entities (\`ts-node bench/load-1m.ts\`)

Each loader into a fresh bench Neo4j, one round, no warm-up. ${fmt(r.rows)} rows: LOAD CSV ${fmt(r.baselineRowsPerSecond)} rows/s; ours (batch ${fmt(r.ours.batch)}${r.ours.writers ? `, ${fmt(r.ours.writers)} entity / ${fmt(r.ours.relationshipWriters)} relationship writers, ${fmt(r.ours.retries)} retries` : ''}) ${fmt(r.ours.rowsPerSecond)} rows/s in ${fmt(r.ours.seconds)} s; ratio **${fmt(r.ratio)}** (goal ≥ 1.0: ${met ? 'met' : '**not met**'}); counts equal: ${fmt(r.countsMatch)}.
`;
}

/** Rewrites the results part of bench/README.md: the latest table of each set (quick, full). */
export function writeReadme(results: R): void {
  const old = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : '';
  const sections: Record<string, string> = {};
  for (const name of ['quick', 'full']) {
    const m = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)<!-- ${name}:end -->`).exec(old);
    if (m) sections[name] = m[1];
  }
  sections[String(results.name)] = table(results) + '\n';
  const body = ['quick', 'full']
    .filter((k) => sections[k])
    .map((k) => `<!-- ${k}:start -->\n${sections[k]}<!-- ${k}:end -->`)
    .join('\n\n');
  // The prose above the results is edited by hand; only what follows the heading is rewritten.
  const cut = old.indexOf(RESULTS_HEADING);
  const intro = cut >= 0 ? old.slice(0, cut) : `${INTRO}\n`;
  fs.writeFileSync(README, `${intro}${RESULTS_HEADING}\n\n${body}\n${scaleLoad()}`);
}
