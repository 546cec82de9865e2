// The web console: a single-page React app the gateway serves at `/` from dist/console.
// `npm run build` runs this after webpack; `npm run dev:console` serves it with the API proxied
// to a running gateway (GATEWAY_URL, http://localhost:3000 by default).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const contracts = fileURLToPath(new URL('../../libs/contracts/src', import.meta.url));
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // The same alias as apps/console/tsconfig.json: the contract's types (and its few plain values).
  resolve: { alias: { '@cadre/contracts': contracts } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // ECharts is bundled (no CDN); its chunk is loaded only by the pages with charts.
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
    rollupOptions: {
      // The contract's files only declare (STYLE.md: it depends on nothing): one whose exports the console
      // does not use is left out whole, so the enums come without the event catalog built beside them.
      treeshake: { moduleSideEffects: (id) => !id.startsWith(contracts) },
    },
  },
  server: { proxy: { '/api': gateway, '/ballots': gateway } },
  logLevel: 'warn',
});
