import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
/** bench/render-profile.ts: keep function names and map them back to Cytoscape's lines. */
const profile = process.env.RENDER_BENCH_PROFILE === '1';

/** Builds the render bench page (bench/render) into .data/bench/render-dist. */
export default defineConfig({
  root: here,
  base: './',
  logLevel: 'error',
  build: {
    outDir: path.resolve(here, '..', '..', '.data', 'bench', 'render-dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    minify: !profile,
    sourcemap: profile,
  },
});
