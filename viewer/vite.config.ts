/**
 * ringsight/viewer/vite.config
 * ============================
 *
 * Builds the viewer into viewer/dist, which the API serves at `/`. Relative
 * asset paths (`base: './'`) let it be served under any prefix. `npm run
 * dev:viewer` proxies /api to a running `ringsight serve` (RINGSIGHT_API,
 * default http://127.0.0.1:8080).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 600
  },
  server: {
    proxy: { '/api': process.env.RINGSIGHT_API ?? 'http://127.0.0.1:8080' }
  }
});
