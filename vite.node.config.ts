/** Node bundles (CLI, bench): self-contained, with the same hardened rules engine as the extension. */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import { shippedProfilesDefine } from './vite.hosts.ts';
import { hardenRulesEngine } from './vite.shared.ts';
import { shippedPacks } from './vite.shipped-packs.ts';

export default defineConfig({
  define: shippedProfilesDefine(),
  plugins: [hardenRulesEngine(), shippedPacks()],
  ssr: { noExternal: true },
  build: {
    ssr: true,
    outDir: 'dist/node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: { 'finalize-guard': 'src/cli/main.ts', bench: 'bench/bench.ts', demo: 'scripts/demo.ts' },
      // playwright-core and puppeteer-core drive a browser from their own files: load them from node_modules, never bundle them.
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), /^playwright-core(\/|$)/, /^puppeteer-core(\/|$)/],
      output: { format: 'es', entryFileNames: '[name].mjs' },
    },
  },
});
