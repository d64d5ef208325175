/** One browser with the built extension and one demo EHR server per test file. */
import { afterAll, beforeAll } from 'vitest';
import { launchWithExtension, type LaunchedExtension, type LaunchOptions } from '../../scripts/chromium';
import { startDemoServer, type DemoServer } from '../../scripts/demo-server';
import { seedExampleConfig } from '../../scripts/seed-example';

export function useDemoExtension(options: LaunchOptions = {}): { ext: LaunchedExtension; server: DemoServer } {
  const env = {} as { ext: LaunchedExtension; server: DemoServer };
  beforeAll(async () => {
    env.server = await startDemoServer();
    env.ext = await launchWithExtension(process.env.FG_DIST ?? 'dist/extension', options);
    await seedExampleConfig(env.ext); // a fresh install is not set up: publish the example people
  });
  afterAll(async () => {
    await env.ext?.close();
    await env.server?.close();
  });
  return env;
}
