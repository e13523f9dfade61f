import { betweennessMetric, firstMetrics } from '../client/src/analytics/metrics-worker';

/**
 * `npx ts-node bench/analytics.ts [nodes]`: the analytics worker's work (client/src/analytics/
 * metrics-worker.ts) on a clustered graph of `nodes` entities and twice as many relationships,
 * the shape test/browser/analytics.test.ts uses: clusters of 100, 1% of links between them.
 * Runs the same functions the Web Worker runs, in Node, three times; prints the median.
 */
function graph(n: number) {
  const nodes = Array.from({ length: n }, (_, i) => `big:${i}`);
  const edges = Array.from({ length: 2 * n }, (_, j): [number, number] => {
    const a = j % n;
    const b = j % 100 === 0 ? (a + 137) % n : Math.floor(a / 100) * 100 + ((a + 1 + (j % 7)) % 100);
    return [a, Math.min(b, n - 1)];
  });
  return { job: 1, nodes, edges };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const n = Number(process.argv[2] ?? 5000);
  const input = graph(n);
  const first: number[] = [];
  const between: number[] = [];
  let communities = 0;
  for (let i = 0; i < 3; i++) {
    const f = firstMetrics(input);
    first.push(f.ms);
    communities = f.communities;
    between.push(betweennessMetric(input).ms);
  }
  console.log(
    JSON.stringify({
      nodes: n,
      edges: input.edges.length,
      communities,
      degreePagerankLouvainMs: Math.round(median(first)),
      betweennessMs: Math.round(median(between)),
    }),
  );
}

main();
