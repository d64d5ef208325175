/** One Firefox with the built dist/firefox and one demo EHR server per test file (the Firefox side of ../setup.ts). */
import { afterAll, beforeAll } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../scripts/demo-server';
import { type FirefoxOptions, type LaunchedFirefox, launchFirefox } from '../../../scripts/firefox';
import { seedFirefox } from '../../../scripts/firefox-page';

/** The build the Firefox tests install (FG_FIREFOX_DIST to test another). */
export const FIREFOX_DIST = process.env.FG_FIREFOX_DIST ?? 'dist/firefox';

export function useFirefoxDemo(options: FirefoxOptions = {}): { ff: LaunchedFirefox; server: DemoServer } {
  const env = {} as { ff: LaunchedFirefox; server: DemoServer };
  beforeAll(async () => {
    env.server = await startDemoServer();
    env.ff = await launchFirefox(FIREFOX_DIST, options);
    await seedFirefox(env.ff); // a fresh install is not set up: publish the example people
  });
  afterAll(async () => {
    await env.ff?.close();
    await env.server?.close();
  });
  return env;
}
