// `npm start`: build the client and the server (dist/) when their sources changed, then run the
// compiled server: no TypeScript compiler at run time.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const clientDir = path.join(root, 'client');
const builtIndex = path.join(clientDir, 'dist', 'index.html');

function newest(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((e) => newest(path.join(p, e))));
}

const sources = ['src', 'index.html', 'vite.config.ts']
  .map((p) => path.join(clientDir, p))
  .filter(fs.existsSync);
if (
  !fs.existsSync(builtIndex) ||
  Math.max(...sources.map(newest)) > fs.statSync(builtIndex).mtimeMs
) {
  console.error('Building the client...');
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  const result = spawnSync(
    vite,
    ['build', '--config', path.join(clientDir, 'vite.config.ts'), '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const { buildServer, serverBuildStale, outDir } = require('./build-server');
if (serverBuildStale()) {
  const { files, ms } = buildServer();
  console.error(`Compiled ${files} server files to dist/ in ${ms} ms`);
}
process.setSourceMapsEnabled(true);
// scripts/serve.js is the composition root: it hands the seed to server/main.js and starts it.
require(path.join(outDir, 'scripts', 'serve.js'));
