/// <reference types="vitest/config" />
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import { firefoxManifest } from './scripts/firefox-manifest.ts';
import { OFFSCREEN_PAGE } from './src/shared/offscreen-page.ts';
import { REVIEW_PAGE } from './src/shared/review-page.ts';
import { hardenRulesEngine } from './vite.shared.ts';
import { shippedProfilesDefine, withShippedHosts } from './vite.hosts.ts';
import { shippedPacks } from './vite.shipped-packs.ts';

const CHROMIUM_DIST = 'dist/extension';
const FIREFOX_DIST = 'dist/firefox';

/** crxjs copies icons, locales and rulesets the manifest names, but not storage.managed_schema: emit it as is. */
function managedSchema(): Plugin {
  return {
    name: 'finalize-guard:managed-schema',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: manifest.storage.managed_schema, source: readFileSync(manifest.storage.managed_schema, 'utf8') });
    },
  };
}

/** dist/firefox: the same files as the Chromium build, with the manifest Firefox needs (scripts/firefox-manifest.ts). */
function firefoxBuild(): Plugin {
  return {
    name: 'finalize-guard:firefox',
    apply: 'build',
    closeBundle: {
      order: 'post',
      handler() {
        rmSync(FIREFOX_DIST, { recursive: true, force: true });
        cpSync(CHROMIUM_DIST, FIREFOX_DIST, { recursive: true, filter: (from) => !from.endsWith(manifest.storage.managed_schema) });
        const built = JSON.parse(readFileSync(`${CHROMIUM_DIST}/manifest.json`, 'utf8'));
        writeFileSync(`${FIREFOX_DIST}/manifest.json`, `${JSON.stringify(firefoxManifest(built), null, 2)}\n`);
      },
    },
  };
}

export default defineConfig({
  define: shippedProfilesDefine(),
  // crxjs empties outDir when a dev server starts, and vitest starts one: keep it out of test runs.
  plugins: [
    hardenRulesEngine(),
    shippedPacks(),
    preact(),
    ...(process.env.VITEST
      ? []
      : [crx({ manifest: withShippedHosts(manifest, { release: process.env.FG_RELEASE === '1' }) as never }), managedSchema(), firefoxBuild()]),
  ],
  build: {
    outDir: CHROMIUM_DIST,
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    rollupOptions: {
      // Extension pages that the manifest does not name (crxjs builds those it names).
      input: { review: REVIEW_PAGE, offscreen: OFFSCREEN_PAGE },
      output: {
        // Keep the rules engine and the validators out of chunks the content script loads on every EHR page.
        manualChunks(id) {
          if (/node_modules\/(json-rules-engine|eventemitter2|hash-it|clone)\//.test(id)) return 'rules-engine';
          if (/src\/policy\/(catalog|facts|json|template|trace|decision|decide-validated|compiled|compose|sha256)\.ts$/.test(id)) return 'policy-core';
          // Small modules the content script shares with the worker or the pages: no chunk of their own on every EHR page.
          if (/src\/config\/status\.ts$|src\/sites\/fields\.ts$|src\/shared\/(senders|storage-keys)\.ts$/.test(id)) return 'policy-core';
          return undefined;
        },
      },
    },
  },
  server: { host: '127.0.0.1' },
  test: {
    // expect.poll gives up after 1 s by default: too soon on a busy machine. It returns as soon as the condition holds.
    expect: { poll: { timeout: 15_000 } },
    projects: [
      {
        extends: true,
        // 20 s, not vitest's 5 s: the unit files run beside the browser tier on 2 shared cores, and the few that
        // spawn the CLI or render the console reached 1–2 s under load. A test that hangs still fails.
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'test/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
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
