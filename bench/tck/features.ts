/**
 * The openCypher TCK's feature files, from its jar on Maven Central (org.opencypher:tck): fetched
 * with `mvn dependency:get` into the local Maven repository, unpacked with the JDK's `jar` tool
 * into .data/tck/<version>/, parsed with @cucumber/gherkin. Selects the graph-free, read-only
 * scenarios: "Given any graph" / "Given an empty graph", no setup query, no procedures, no side
 * effects, a query without write clauses, and a result table, an empty result or an error.
 */
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../../server/config';

export const TCK_VERSION = process.env.TCK_VERSION ?? '1.0.0-M23';

export interface TckScenario {
  /** features/…/File.feature: Scenario name [example row] */
  id: string;
  feature: string;
  name: string;
  query: string;
  /** Name → TCK value text, from "And parameters are:". */
  params: Record<string, string>;
  expect:
    | {
        kind: 'rows';
        ordered: boolean;
        unorderedLists: boolean;
        header: string[];
        rows: string[][];
      }
    | { kind: 'empty' }
    | { kind: 'error'; type: string; phase: string; detail: string };
}

export interface TckSelection {
  total: number;
  selected: TckScenario[];
  /** Reason → count, for scenarios left out. */
  skipped: Record<string, number>;
}

function run(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The TCK jar through Maven; returns the directory holding its `features/`. */
export function tckFeaturesDir(version = TCK_VERSION): string {
  const dir = path.join(ROOT_DIR, '.data', 'tck', version);
  if (fs.existsSync(path.join(dir, 'features'))) return dir;
  const artifact = `org.opencypher:tck:${version}`;
  run('mvn', ['-q', '-B', 'dependency:get', `-Dartifact=${artifact}`, '-Dtransitive=false']);
  const repo = process.env.MAVEN_REPO ?? path.join(os.homedir(), '.m2', 'repository');
  const jar = path.join(repo, 'org', 'opencypher', 'tck', version, `tck-${version}.jar`);
  if (!fs.existsSync(jar)) throw new Error(`Maven fetched ${artifact} but ${jar} is missing`);
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  run('jar', ['xf', jar, 'features'], tmp);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return dir;
}

function featureFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.feature')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

const WRITE_RE = /\b(CREATE|MERGE|SET|DELETE|REMOVE|DETACH|FOREACH|LOAD\s+CSV)\b/i;

/** The query without string literals and comments, to look for clauses. */
function code(query: string): string {
  return query
    .replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, "''")
    .replace(/\/\/.*$/gm, '')
    .replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Every scenario of the TCK (outlines expanded), and those the console can run. */
export function loadTck(version = TCK_VERSION): TckSelection {
  const root = tckFeaturesDir(version);
  const newId = IdGenerator.uuid();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  const skipped: Record<string, number> = {};
  const skip = (why: string) => (skipped[why] = (skipped[why] ?? 0) + 1);
  const selected: TckScenario[] = [];
  let total = 0;
  for (const file of featureFiles(path.join(root, 'features'))) {
    const rel = path.relative(root, file);
    const doc = parser.parse(fs.readFileSync(file, 'utf8'));
    const seen = new Map<string, number>();
    for (const pickle of compile(doc, rel, newId)) {
      total++;
      const n = (seen.get(pickle.name) ?? 0) + 1;
      seen.set(pickle.name, n);
      const id = `${rel}: ${pickle.name}${n > 1 ? ` #${n}` : ''}`;
      let given: string | null = null;
      let query: string | null = null;
      const params: Record<string, string> = {};
      let expect: TckScenario['expect'] | null = null;
      let reason: string | null = null;
      for (const step of pickle.steps) {
        const text = step.text.trim();
        const table = step.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value));
        if (/^(any graph|an empty graph)$/.test(text)) given = text;
        else if (/^the .* graph$/.test(text)) reason ??= 'needs a named graph';
        else if (/^having executed:?$/.test(text)) reason ??= 'has a setup query';
        else if (/^there exists a procedure/.test(text)) reason ??= 'needs a test procedure';
        else if (/^executing control query:?$/.test(text)) reason ??= 'has a control query';
        else if (/^parameters are:?$/.test(text)) {
          for (const [k, v] of table ?? []) params[k] = v;
        } else if (/^executing query:?$/.test(text))
          query = step.argument?.docString?.content ?? '';
        else if (/^the result should be empty$/.test(text)) expect = { kind: 'empty' };
        else if (/^the result should be/.test(text)) {
          const [header, ...rows] = table ?? [[]];
          expect = {
            kind: 'rows',
            ordered: /in order/.test(text),
            unorderedLists: /ignoring element order for lists/.test(text),
            header,
            rows,
          };
        } else if (/^an? (\w+) should be raised at ([\w ]+?): ?(\S*)$/.test(text)) {
          const m = /^an? (\w+) should be raised at ([\w ]+?): ?(\S*)$/.exec(text)!;
          expect = { kind: 'error', type: m[1], phase: m[2], detail: m[3] };
        } else if (/^no side effects$/.test(text)) {
          // read-only, as required
        } else if (/^the side effects should be:?$/.test(text)) {
          const effects = (table ?? []).filter(([, v]) => v.trim() !== '0');
          if (effects.length) reason ??= 'has side effects (writes)';
        } else reason ??= `unknown step: ${text}`;
      }
      if (!reason && !given) reason = 'no graph-free Given';
      if (!reason && query === null) reason = 'no query';
      if (!reason && !expect) reason = 'no expected outcome';
      if (!reason && WRITE_RE.test(code(query!))) reason = 'writes (CREATE/MERGE/SET/DELETE/...)';
      if (!reason && /\bCALL\s+[A-Za-z_`]/i.test(code(query!))) reason = 'calls a procedure';
      if (reason) {
        skip(reason);
        continue;
      }
      selected.push({
        id,
        feature: rel,
        name: pickle.name,
        query: query!,
        params,
        expect: expect!,
      });
    }
  }
  return { total, selected, skipped };
}
