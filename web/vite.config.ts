// Builds the playground (web/) into dist/web; scripts/build.mjs runs it (npm install, npm test).
// The page bundles the pure modules of src/ (transpile, ignition, source, core), so it
// transpiles without the server. See docs/playground.md.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  // Not node_modules/.vite: node_modules may be a shared install.
  cacheDir: fileURLToPath(new URL('../.vite-cache', import.meta.url)),
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The bundle holds every Ignition spec; one file loads at once and keeps working offline.
    chunkSizeWarningLimit: 2048,
    modulePreload: { polyfill: false },
    target: 'es2022',
    rollupOptions: {
      // react-router marks its modules "use client" (for React Server Components); a plain bundle ignores it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  // The transpile worker is an ES module, like the page.
  worker: { format: 'es' },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
