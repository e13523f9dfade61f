/**
 * CPU profile of the render bench page (bench/render/main.ts), one per phase: (a) graph JSON →
 * laid out → first frame drawn, (b) the scripted pan/zoom. Self time by function (name and
 * source line, through the build's source maps) and by category, per step of the draw phase and
 * per slow frame of the pan, with each frame's zoom and texture cache level.
 *
 *   npx ts-node bench/render-profile.ts --nodes 20000 [--interval 200] [--slow 100]
 *
 * Writes .data/bench/render-profile-<nodes>.json (and the raw .cpuprofile files, which Chromium's
 * DevTools opens) and prints the summary.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import type { Protocol } from 'playwright-core/types/protocol';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import { launchChromium } from '../test/helpers/browser';
import { BENCH_DATA, log, round } from './lib';
import { buildRenderPage, DIST, serveRenderPage } from './render';
import type { PanFrame } from './render/main';

type Profile = Protocol.Profiler.Profile;

interface DrawMarks {
  markAt: number;
  parse: number;
  add: number;
  layout: number;
  draw: number;
  end: number;
}
interface BenchPage {
  draw(n: number, webgl: boolean, o: { mark: boolean }): Promise<{ row: Row; marks: DrawMarks }>;
  pan(o: { mark: boolean }): Promise<Row & { markAt: number; frames: PanFrame[] }>;
}
type Row = Record<string, number | string | boolean>;

/** What a sample's function is, for the category totals. Order matters: first match wins. */
const CATEGORIES: Array<[string, (fn: Fn) => boolean]> = [
  ['idle', (f) => f.name === '(idle)'],
  ['GC', (f) => f.name === '(garbage collector)'],
  ['browser (program)', (f) => f.name === '(program)'],
  ['profile mark', (f) => f.name === 'benchProfileMark'],
  [
    'cytoscape texture caches',
    (f) =>
      f.cytoscape &&
      /ETCp|LTCp|TextureCache|Txr|Layer|[dD]eq|[qQ]ueue|[rR]efine|Heap|heap|lookup/.test(f.name),
  ],
  [
    'cytoscape style',
    (f) => f.cytoscape && /styfn|[sS]tyle|Propert|[mM]apper|Bypass|parse|Selector/.test(f.name),
  ],
  [
    'cytoscape bounds',
    (f) => f.cytoscape && /[bB]ound|[bB]b|BB|[rR]ecalc|Dimensions|[pP]added/.test(f.name),
  ],
  [
    'cytoscape drawing',
    (f) =>
      f.cytoscape &&
      /draw|Draw|render|Render|[pP]aint|Fill|Stroke|Shape|Arrow|Image|Canvas|Text|Label|Path|Ctx|Transform|Opacity/.test(
        f.name,
      ),
  ],
  ['cytoscape other (elements, events, collections)', (f) => f.cytoscape],
  ['layout (main-thread side)', (f) => /force-worker|layouts\//.test(f.source)],
  ['app (client/src)', (f) => /client\/src\//.test(f.source)],
  ['bench page', (f) => /bench\/render\//.test(f.source)],
  ['native (canvas, DOM, builtins)', (f) => f.source === ''],
  ['other JS', () => true],
];

interface Fn {
  name: string;
  /** Original source (through the source map), relative to the repository, or the URL. */
  source: string;
  /** 1-based line in `source`. */
  line: number;
  cytoscape: boolean;
}

/** Resolves profile call frames to original sources through the bundle's source maps. */
function resolver(): (cf: Protocol.Runtime.CallFrame) => Fn {
  const maps = new Map<string, SourceMapConsumer | null>();
  const mapFor = (url: string) => {
    const file = path.join(DIST, new URL(url).pathname);
    if (!maps.has(file)) {
      const map = fs.existsSync(`${file}.map`)
        ? new SourceMapConsumer(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')) as RawSourceMap)
        : null;
      maps.set(file, map);
    }
    return maps.get(file) ?? null;
  };
  return (cf) => {
    const name = cf.functionName || '(anonymous)';
    let source = cf.url;
    let line = cf.lineNumber + 1;
    if (/^https?:/.test(cf.url)) {
      const pos = mapFor(cf.url)?.originalPositionFor({
        line: cf.lineNumber + 1,
        column: cf.columnNumber,
      });
      if (pos?.source) {
        const nm = pos.source.lastIndexOf('node_modules/');
        source = nm >= 0 ? pos.source.slice(nm) : pos.source.replace(/^(\.\.\/)+/, '');
        line = pos.line ?? line;
      }
    }
    return { name, source, line, cytoscape: source.includes('node_modules/cytoscape/') };
  };
}

/** Each sample as (time in µs on the profile's clock, its function, its duration in µs). */
function samples(profile: Profile, resolve: (cf: Protocol.Runtime.CallFrame) => Fn) {
  const byId = new Map(profile.nodes.map((n) => [n.id, resolve(n.callFrame)]));
  const out: Array<{ t: number; fn: Fn; dur: number }> = [];
  let t = profile.startTime;
  const ids = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < ids.length; i++) {
    t += deltas[i] ?? 0;
    const next = i + 1 < ids.length ? t + (deltas[i + 1] ?? 0) : profile.endTime;
    out.push({ t, fn: byId.get(ids[i])!, dur: Math.max(0, next - t) });
  }
  return out;
}
type Sample = ReturnType<typeof samples>[number];

const keyOf = (f: Fn) => `${f.name} @ ${f.source}:${f.line}`;
const categoryOf = (f: Fn) => CATEGORIES.find(([, test]) => test(f))![0];

/** Self time (ms) by function and by category, biggest first. */
function summarise(list: Sample[], top: number) {
  const byFn = new Map<string, number>();
  const byCat = new Map<string, number>();
  let total = 0;
  for (const s of list) {
    byFn.set(keyOf(s.fn), (byFn.get(keyOf(s.fn)) ?? 0) + s.dur);
    const cat = categoryOf(s.fn);
    byCat.set(cat, (byCat.get(cat) ?? 0) + s.dur);
    total += s.dur;
  }
  const rows = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => ({
        name,
        ms: round(us / 1000, 1),
        share: round(total ? us / total : 0, 3),
      }));
  return {
    totalMs: round(total / 1000, 1),
    categories: rows(byCat, 99),
    functions: rows(byFn, top),
  };
}

/** Offset (ms) from performance.now() to the profile clock: the first sample in the mark. */
function clockOffset(list: Sample[], markAt: number): number | null {
  const first = list.find((s) => s.fn.name === 'benchProfileMark');
  return first ? first.t / 1000 - markAt : null;
}

async function profiled<T>(cdp: CDPSession, fn: () => Promise<T>): Promise<[T, Profile]> {
  await cdp.send('Profiler.start');
  try {
    const result = await fn();
    const { profile } = await cdp.send('Profiler.stop');
    return [result, profile];
  } catch (err) {
    await cdp.send('Profiler.stop').catch(() => undefined);
    throw err;
  }
}

/** The frames of the pan, each with the functions that ran in it when it is slow. */
function frameReport(frames: PanFrame[], list: Sample[], offset: number | null, slowMs: number) {
  return frames.map((f) => {
    const slow = f.ms >= slowMs;
    if (!slow || offset === null) return { ...f, slow };
    const from = (f.at - f.ms + offset) * 1000;
    const to = (f.at + offset) * 1000;
    const inFrame = list.filter((s) => s.t > from && s.t <= to);
    return { ...f, slow, profile: summarise(inFrame, 6) };
  });
}

function print(title: string, s: ReturnType<typeof summarise>): void {
  log(`${title}: ${s.totalMs} ms sampled`);
  for (const c of s.categories) log(`  ${String(c.ms).padStart(8)} ms ${pct(c.share)}  ${c.name}`);
  log('  top functions (self time):');
  for (const f of s.functions) log(`  ${String(f.ms).padStart(8)} ms ${pct(f.share)}  ${f.name}`);
}
const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '20000' },
      interval: { type: 'string', default: '200' },
      slow: { type: 'string', default: '100' },
      top: { type: 'string', default: '15' },
    },
  });
  const n = Number(values.nodes);
  const slowMs = Number(values.slow);
  const top = Number(values.top);
  const buildError = buildRenderPage({ profile: true });
  if (buildError) throw new Error(buildError);
  const { base, server } = await serveRenderPage();
  const browser = await launchChromium();
  try {
    const page: Page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(300_000);
    await page.goto(base);
    await page.waitForFunction(() => (window as unknown as { bench?: { ready: boolean } }).bench);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: Number(values.interval) });

    const [drawn, drawProfile] = await profiled(cdp, () =>
      page.evaluate(
        (size) =>
          (window as unknown as { bench: BenchPage }).bench.draw(size, false, { mark: true }),
        n,
      ),
    );
    const [panned, panProfile] = await profiled(cdp, () =>
      page.evaluate(() => (window as unknown as { bench: BenchPage }).bench.pan({ mark: true })),
    );

    const resolve = resolver();
    const drawSamples = samples(drawProfile, resolve);
    const panSamples = samples(panProfile, resolve);
    const drawOffset = clockOffset(drawSamples, drawn.marks.markAt);
    const panOffset = clockOffset(panSamples, panned.markAt);
    // Without a sample in the mark the steps and frames cannot be placed on the profile's clock.
    if (drawOffset === null || panOffset === null)
      log('render profile: no sample in the clock mark; per-step and per-frame splits left out');
    const m = drawn.marks;
    // The draw phase's steps, as in the bench's columns (bench/README.md, Render).
    const steps: Array<[string, number, number]> = [
      ['parse + elements', m.parse, m.add],
      ['cy.add', m.add, m.layout],
      ['layout wait (worker) + styling', m.layout, m.draw],
      ['fit + first frame', m.draw, m.end],
    ];
    const within = (list: Sample[], offset: number | null, a: number, b: number) =>
      offset === null
        ? []
        : list.filter((s) => s.t > (a + offset) * 1000 && s.t <= (b + offset) * 1000);
    const { frames, markAt: _markAt, ...panRow } = panned;
    const report = {
      nodes: n,
      at: new Date().toISOString(),
      samplingIntervalUs: Number(values.interval),
      note: 'unminified build with source maps; sample durations are the gaps to the next sample',
      draw: {
        row: drawn.row,
        marks: drawn.marks,
        clockOffsetMs: drawOffset,
        ...summarise(
          within(drawSamples, drawOffset, m.parse, m.end).length
            ? within(drawSamples, drawOffset, m.parse, m.end)
            : drawSamples,
          top,
        ),
        steps: steps.map(([name, a, b]) => ({
          name,
          ms: round(b - a, 1),
          ...summarise(within(drawSamples, drawOffset, a, b), 8),
        })),
      },
      pan: {
        row: panRow,
        /** performance.now() + this = the .cpuprofile's clock (ms). */
        clockOffsetMs: panOffset,
        ...summarise(within(panSamples, panOffset, panned.markAt, Number(panned.lastFrameAt)), top),
        frames: frameReport(frames, panSamples, panOffset, slowMs),
      },
    };
    void _markAt;
    fs.mkdirSync(BENCH_DATA, { recursive: true });
    const out = path.join(BENCH_DATA, `render-profile-${n}.json`);
    fs.writeFileSync(out, JSON.stringify(report, null, 2));
    fs.writeFileSync(out.replace(/\.json$/, '-draw.cpuprofile'), JSON.stringify(drawProfile));
    fs.writeFileSync(out.replace(/\.json$/, '-pan.cpuprofile'), JSON.stringify(panProfile));

    const r = drawn.row;
    log(
      `render profile ${n} nodes: total ${round(Number(r.totalMs), 1)} ms (parse ${round(Number(r.parseAndElementsMs), 1)}, add ${round(Number(r.addMs), 1)}, layout ${round(Number(r.layoutMs), 1)} of which worker ${round(Number(r.layoutInWorkerMs), 1)}, draw ${round(Number(r.drawMs), 1)})`,
    );
    print('draw phase', report.draw);
    for (const s of report.draw.steps) print(`  step ${s.name} (${s.ms} ms)`, s);
    log(
      `pan: median ${round(Number(panRow.frameMedianMs), 1)} ms, p95 ${round(Number(panRow.frameP95Ms), 1)} ms, ${panRow.framesDrawn} frames`,
    );
    print('pan phase', report.pan);
    log(
      `frames (frame:ms@zoom/level/drawn from l=layers d=direct s=skipped n=none; * = slow ≥ ${slowMs} ms):`,
    );
    log(
      frames
        .map(
          (f) =>
            `${f.frame}:${Math.round(f.ms)}@${f.zoom.toFixed(3)}/${f.level}/${f.drawnFrom[0]}${f.ms >= slowMs ? '*' : ''}`,
        )
        .join(' '),
    );
    for (const f of report.pan.frames) {
      if (!('profile' in f) || !f.profile) continue;
      log(
        `slow frame ${f.frame} (step ${f.step}, ${round(f.ms, 1)} ms, zoom ${f.zoom.toFixed(4)}, level ${f.level}):`,
      );
      for (const c of f.profile.functions) log(`  ${String(c.ms).padStart(8)} ms  ${c.name}`);
    }
    log(`written: ${out}`);
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
