import fs from 'node:fs';
import path from 'node:path';
import { importData, readImport } from '../server/ingest/import-service';
import { applySchema, loadJsonLines } from '../server/ingest/loader';
import { resetGraph } from '../server/ingest/seeding';
import { BENCH_DATA, log, machine, round, startBundled, type BenchDb } from './lib';

/**
 * Import rate: our import path (bytes → BODS or FtM reader → the loader) against our own
 * JSON-lines loader on the same records (what the BODS reader hands the loader), on one bundled
 * Neo4j:
 *   npx ts-node bench/import-rate.ts [--records 100000]
 * Records are source records: a third people, a third companies, a third shareholdings (BODS
 * statements; FtM Person, Company, Ownership). Goal (issue 10): rate ≥ 0.8 × the JSON-lines
 * loader's. Peak RSS of this process is sampled every 100 ms per phase (memory belongs here, not
 * in a test).
 */

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
};

const hex = (prefix: string, i: number) => `${prefix}${i.toString(16).padStart(10, '0')}`;
const share = (i: number) => 1 + ((i * 37) % 99);
const day = (i: number) =>
  `20${String(10 + (i % 14))}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;

/** n source records as BODS 0.4 statements (JSON lines). */
function bods(n: number): string {
  const k = Math.floor(n / 3);
  const lines: string[] = [];
  const pub = { publicationDate: '2024-01-01', bodsVersion: '0.4', publisher: { name: 'Bench' } };
  for (let i = 0; i < k; i++) {
    lines.push(
      JSON.stringify({
        statementId: hex('sp', i),
        statementDate: '2024-01-01',
        publicationDetails: pub,
        recordId: hex('p', i),
        recordStatus: 'new',
        recordType: 'person',
        recordDetails: {
          isComponent: false,
          personType: 'knownPerson',
          names: [{ type: 'legal', fullName: `Person ${i}` }],
        },
      }),
      JSON.stringify({
        statementId: hex('se', i),
        statementDate: '2024-01-01',
        publicationDetails: pub,
        recordId: hex('e', i),
        recordStatus: 'new',
        recordType: 'entity',
        recordDetails: {
          isComponent: false,
          entityType: { type: 'registeredEntity' },
          name: `Company ${i}`,
          identifiers: [{ scheme: 'XX-REG', id: String(100000 + i) }],
        },
      }),
    );
  }
  for (let i = 0; i < n - 2 * k; i++) {
    lines.push(
      JSON.stringify({
        statementId: hex('sr', i),
        statementDate: '2024-01-01',
        publicationDetails: pub,
        recordId: hex('r', i),
        recordStatus: 'new',
        recordType: 'relationship',
        recordDetails: {
          isComponent: false,
          subject: hex('e', i % k),
          interestedParty: hex('p', (i * 7) % k),
          interests: [
            {
              type: 'shareholding',
              directOrIndirect: 'direct',
              startDate: day(i),
              share: { exact: share(i) },
            },
          ],
        },
      }),
    );
  }
  return lines.join('\n') + '\n';
}

/** The same n source records as FtM entities (JSON lines). */
function ftm(n: number): string {
  const k = Math.floor(n / 3);
  const lines: string[] = [];
  for (let i = 0; i < k; i++) {
    lines.push(
      JSON.stringify({ id: hex('p', i), schema: 'Person', properties: { name: [`Person ${i}`] } }),
      JSON.stringify({
        id: hex('e', i),
        schema: 'Company',
        properties: { name: [`Company ${i}`], registrationNumber: [String(100000 + i)] },
      }),
    );
  }
  for (let i = 0; i < n - 2 * k; i++) {
    lines.push(
      JSON.stringify({
        id: hex('r', i),
        schema: 'Ownership',
        properties: {
          owner: [hex('p', (i * 7) % k)],
          asset: [hex('e', i % k)],
          percentage: [String(share(i))],
          startDate: [day(i)],
        },
      }),
    );
  }
  return lines.join('\n') + '\n';
}

/** Runs fn, sampling this process's RSS; returns seconds and the peak RSS in MiB. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; s: number; rssMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t0 = process.hrtime.bigint();
  try {
    const value = await fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    return { value, s, rssMiB: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

async function fresh(neo: BenchDb): Promise<void> {
  await resetGraph(neo.db);
  await applySchema(neo.db);
}

async function main(): Promise<void> {
  const n = arg('records', 100_000);
  fs.mkdirSync(BENCH_DATA, { recursive: true });
  const neo = await startBundled('import-rate');
  try {
    const rows: Array<Record<string, unknown>> = [];
    let jsonlFile = '';
    let baseSeconds = NaN;
    for (const format of ['bods', 'ftm'] as const) {
      const text = format === 'bods' ? bods(n) : ftm(n);
      await fresh(neo);
      log(`${format}: importing ${n} records (${(text.length / 2 ** 20).toFixed(1)} MiB)`);
      const run = await timed(() =>
        importData(neo.db, Buffer.from(text), { format, dataset: `bench-${format}` }),
      );
      const r = run.value;
      if (r.rejected.length) throw new Error(`${format}: ${r.rejected.length} records refused`);
      rows.push({
        path: `import ${format}`,
        records: r.records,
        entities: r.entities,
        relationships: r.relationships,
        seconds: round(run.s, 1),
        recordsPerSecond: Math.round(r.records / run.s),
        peakRssMiB: run.rssMiB,
      });
      log(`${format}: ${Math.round(r.records / run.s)} records/s`);
      if (format === 'bods') {
        // The baseline loads exactly the records the BODS reader gave the loader, as JSON lines.
        const read = await readImport(Buffer.from(text), { format, dataset: 'bench-bods' });
        jsonlFile = path.join(BENCH_DATA, `import-rate-${n}.jsonl`);
        const records = [...read.result.entities, ...read.result.relationships];
        fs.writeFileSync(jsonlFile, records.map((x) => JSON.stringify(x.record)).join('\n') + '\n');
        await fresh(neo);
        log(`jsonl loader: loading the BODS reader's records`);
        const base = await timed(() => loadJsonLines(neo.db, jsonlFile));
        baseSeconds = base.s;
        const lines = base.value.entities + base.value.relationships;
        rows.push({
          path: 'loadJsonLines (baseline)',
          records: lines,
          entities: base.value.entities,
          relationships: base.value.relationships,
          seconds: round(base.s, 1),
          recordsPerSecond: Math.round(lines / base.s),
          peakRssMiB: base.rssMiB,
        });
        log(
          `baseline: ${Math.round(lines / base.s)} lines/s; bods time ratio ${round(base.s / run.s, 2)}`,
        );
      }
    }
    // Same graph, so the ratio is of elapsed times: baseline seconds / import seconds.
    for (const row of rows.filter((x) => String(x.path).startsWith('import'))) {
      row.ratioToBaseline = round(baseSeconds / Number(row.seconds), 2);
    }
    const result = {
      name: `import-rate-${n}`,
      date: new Date().toISOString(),
      machine: machine(),
      rows,
    };
    const file = path.join(
      __dirname,
      'results',
      `import-rate-${n}-${result.date.slice(0, 10)}.json`,
    );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(
      [
        `| Path | Records | Entities | Relationships | s | records/s | peak RSS MiB | time ratio vs baseline |`,
        `| --- | --- | --- | --- | --- | --- | --- | --- |`,
        ...rows.map(
          (r) =>
            `| ${String(r.path)} | ${String(r.records)} | ${String(r.entities)} | ${String(r.relationships)} | ${String(r.seconds)} | ${String(r.recordsPerSecond)} | ${String(r.peakRssMiB)} | ${String(r.ratioToBaseline ?? '')} |`,
        ),
      ].join('\n') + `\n\nRaw: ${path.relative(process.cwd(), file)}\n`,
    );
    fs.rmSync(jsonlFile, { force: true });
  } finally {
    await neo.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`import-rate bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
