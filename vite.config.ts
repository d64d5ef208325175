/// <reference types="vitest/config" />
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import { hardenRulesEngine } from './vite.shared.ts';

export default defineConfig({
  // crxjs empties outDir when a dev server starts, and vitest starts one: keep it out of test runs.
  plugins: [hardenRulesEngine(), preact(), ...(process.env.VITEST ? [] : [crx({ manifest: manifest as never })])],
  build: { outDir: 'dist/extension', emptyOutDir: true, target: 'chrome120', sourcemap: false },
  server: { host: '127.0.0.1' },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}', 'test/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
