/**
 * Measures what the console's shape limits (server/console/shapes.ts) are based on, against a
 * bundled Neo4j of its own (fresh data directory, stopped at the end — SIGKILL if a hung parse
 * keeps it busy): EXPLAIN time of nested and long shapes, the cost of expression loops, and the
 * CPU left burning after TERMINATE TRANSACTION. Run: `npx ts-node bench/console-shapes.ts`.
 * Not part of `npm run bench`; each shape runs once (a cliff, not a fine timing, is the point).
 */
import fs from 'node:fs';
import neo4j, { type Driver } from 'neo4j-driver';
import { startTestNeo4j, TEST_PASSWORD } from '../test/helpers/test-neo4j';

const CUT_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timed(driver: Driver, query: string): Promise<string> {
  const s = driver.session({ defaultAccessMode: 'READ' });
  const t0 = Date.now();
  const work = s
    .executeRead((tx) => tx.run(query), { timeout: CUT_MS })
    .then(
      () => `${Date.now() - t0} ms`,
      (e: { code?: string }) => `${e.code ?? 'error'} after ${Date.now() - t0} ms`,
    );
  const out = await Promise.race([work, sleep(CUT_MS).then(() => `no answer in ${CUT_MS} ms`)]);
  void s.close().catch(() => undefined);
  return out;
}

const chain = (n: number) =>
  'MATCH (a0)' +
  Array.from({ length: n }, (_, i) => `-[r${i}]->(a${i + 1})`).join('') +
  ' RETURN 1';

void (async () => {
  const t = await startTestNeo4j('bench-console-shapes');
  const driver = neo4j.driver(t.neo4j.uri, neo4j.auth.basic('neo4j', TEST_PASSWORD));
  const cpuMs = () => {
    const f = fs.readFileSync(`/proc/${t.neo4j.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  try {
    await timed(driver, 'RETURN 1');
    const rows: [string, string][] = [];
    const explain = async (name: string, q: string) =>
      rows.push([`EXPLAIN ${name}`, await timed(driver, `EXPLAIN ${q}`)]);
    for (const d of [64, 160, 320])
      await explain(`${d} nested (`, `RETURN ${'('.repeat(d)}1${')'.repeat(d)}`);
    for (const d of [64, 160])
      await explain(`${d} nested [`, `RETURN ${'['.repeat(d)}1${']'.repeat(d)}`);
    for (const d of [32, 200]) await explain(`${d} NOT`, `RETURN ${'NOT '.repeat(d)}true`);
    for (const d of [1000, 3000]) await explain(`${d} +`, `RETURN ${'1+'.repeat(d)}1`);
    for (const d of [6, 12, 20]) await explain(`${d}-hop chain`, chain(d));
    for (const d of [32, 200]) {
      await explain(
        `${d} UNION`,
        Array.from({ length: d }, (_, i) => `RETURN ${i} AS x`).join(' UNION '),
      );
    }
    for (const n of [1e6, 1e7]) {
      rows.push([
        `reduce over range(1, ${n})`,
        await timed(driver, `RETURN reduce(s = 0, i IN range(1, ${n}) | s + i)`),
      ]);
    }
    // TERMINATE does not stop an expression loop: CPU over the 2 s after it.
    const s = driver.session({ defaultAccessMode: 'READ' });
    void s
      .executeRead((tx) => tx.run('RETURN reduce(s = 0, i IN range(1, 2000000000) | s + i)'), {
        metadata: { bench: 'loop' },
      })
      .catch(() => undefined);
    await sleep(1000);
    const listed = await driver.executeQuery(
      "SHOW TRANSACTIONS YIELD transactionId, metaData WHERE metaData.bench = 'loop' RETURN transactionId",
    );
    await driver.executeQuery('TERMINATE TRANSACTIONS $ids', {
      ids: listed.records.map((x) => x.get('transactionId') as string),
    });
    const c0 = cpuMs();
    await sleep(2000);
    rows.push([
      'cores busy in the 2 s after TERMINATE of a reduce loop',
      ((cpuMs() - c0) / 2000).toFixed(2),
    ]);
    for (const [name, value] of rows) console.log(`${name.padEnd(58)} ${value}`);
  } finally {
    await driver.close();
    await t.neo4j.stop(5000);
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  }
})();
