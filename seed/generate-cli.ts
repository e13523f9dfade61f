import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { ROOT_DIR } from '../server/config';
import { generateLines } from './generate';

export const GENERATED_DIR = path.join(ROOT_DIR, '.data', 'generated');

export function defaultOut(n: number, seed: number): string {
  return path.join(GENERATED_DIR, `graph-${n}-${seed}.jsonl`);
}

/** Streams the generated graph to `out` (written to a .tmp first, renamed when complete). */
export async function writeGraph(n: number, seed: number, out: string): Promise<number> {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp`;
  const stream = fs.createWriteStream(tmp);
  let lines = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (!stream.write(chunk.join('\n') + '\n')) await once(stream, 'drain');
    chunk = [];
  };
  for (const line of generateLines(n, seed)) {
    chunk.push(line);
    lines++;
    if (chunk.length >= 2000) await flush();
  }
  if (chunk.length) await flush();
  stream.end();
  await once(stream, 'finish');
  fs.renameSync(tmp, out);
  return lines;
}

function parseArgs(argv: string[]): { n: number; seed: number; out?: string } {
  let n = 10_000;
  let seed = 1;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--entities') n = Number(v);
    else if (a === '--seed') seed = Number(v);
    else if (a === '--out') out = v;
    else throw new Error(`Unknown argument ${a} (use --entities N --seed S [--out FILE])`);
    i++;
  }
  if (!Number.isInteger(n) || n < 20) throw new Error('--entities needs an integer ≥ 20');
  if (!Number.isInteger(seed)) throw new Error('--seed needs an integer');
  return { n, seed, out };
}

async function main(): Promise<void> {
  const { n, seed, out } = parseArgs(process.argv.slice(2));
  const file = out ?? defaultOut(n, seed);
  const t0 = Date.now();
  const lines = await writeGraph(n, seed, file);
  process.stderr.write(
    `Wrote ${lines} lines (${n} entities) to ${path.relative(process.cwd(), file)} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`generate failed: ${err.message}\n`);
    process.exit(1);
  });
}
