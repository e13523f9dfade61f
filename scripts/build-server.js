// Compiles the server's TypeScript (server/, seed/, scripts/) to CommonJS in dist/ with swc: a
// per-file transpile (tsconfig has isolatedModules), about a second for the whole tree, so `npm
// start` can build on a stale start. Type checking stays in `npm run typecheck` / `npm test`.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist');
const stamp = path.join(outDir, '.build-stamp');
const SOURCE_DIRS = ['server', 'seed', 'scripts'];
// Non-TypeScript files the server reads next to its modules (the sign-in page).
const ASSET_DIRS = [path.join('server', 'auth', 'public')];
const INPUTS = [...SOURCE_DIRS, 'tsconfig.json', 'package-lock.json', 'scripts/build-server.js'];

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

function newestMtime(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((e) => newestMtime(path.join(p, e))));
}

/** True when dist/ is missing or older than any source, the tsconfig or this script. */
function serverBuildStale() {
  if (!fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  return INPUTS.map((p) => path.join(root, p))
    .filter(fs.existsSync)
    .some((p) => newestMtime(p) > built);
}

function buildServer() {
  const swc = require('@swc/core');
  const started = Date.now();
  fs.rmSync(outDir, { recursive: true, force: true });
  let count = 0;
  for (const dir of SOURCE_DIRS) {
    for (const file of walk(path.join(root, dir))) {
      const rel = path.relative(root, file);
      if (!rel.endsWith('.ts') || rel.endsWith('.d.ts')) continue;
      const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
      const { code, map } = swc.transformFileSync(file, {
        swcrc: false,
        configFile: false,
        sourceMaps: true,
        sourceFileName: path.relative(path.dirname(target), file),
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript' },
          keepClassNames: true,
        },
        module: { type: 'commonjs', strict: false, noInterop: false },
      });
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      fs.writeFileSync(`${target}.map`, map);
      count++;
    }
  }
  for (const dir of ASSET_DIRS) {
    fs.cpSync(path.join(root, dir), path.join(outDir, dir), { recursive: true });
  }
  fs.writeFileSync(stamp, new Date().toISOString());
  return { files: count, ms: Date.now() - started };
}

module.exports = { buildServer, serverBuildStale, outDir };

if (require.main === module) {
  if (process.argv.includes('--if-stale') && !serverBuildStale()) process.exit(0);
  const { files, ms } = buildServer();
  console.error(`Compiled ${files} server files to dist/ in ${ms} ms`);
}
