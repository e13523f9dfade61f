import fs from 'node:fs';
import path from 'node:path';
import { writeReadme } from './report';

/** `ts-node bench/regen-readme.ts bench/results/<name>-<date>.json`: rewrites bench/README.md from a saved result. */
const file = process.argv[2];
if (!file) throw new Error('usage: ts-node bench/regen-readme.ts bench/results/<name>-<date>.json');
writeReadme(JSON.parse(fs.readFileSync(path.resolve(file), 'utf8')));
