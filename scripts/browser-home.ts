import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * A home and a TMPDIR for a test browser inside its temp folder. Chromium writes crash-report settings
 * (~/.config/chromium) and a dconf cache (~/.cache) under the user's home even with its own profile folder, Firefox
 * its crash reports and ~/.mozilla, and both write temp files to /tmp: this way a run (even one that crashes)
 * leaves nothing behind.
 */
export function homeIn(tempDir: string): Record<string, string> {
  const home = path.join(tempDir, 'home');
  const tmp = path.join(tempDir, 'tmp');
  mkdirSync(home);
  mkdirSync(tmp);
  return { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'), TMPDIR: tmp };
}
