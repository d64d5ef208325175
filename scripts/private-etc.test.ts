// The private policy view itself, with `cat` in place of the browser: what a process started through it sees,
// what the rest of the machine sees, and what it says when namespaces are missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { policyRootOf, privateBrowser, withPrivatePolicy } from './private-etc';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'fg-private-etc-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('withPrivatePolicy', () => {
  it("shows the test's policy folder as /etc/chromium/policies/managed to the started process only", () => {
    const policyDir = mkdtempSync(path.join(tmp, 'policy-'));
    writeFileSync(path.join(policyDir, 'fg-unit.json'), '{"synthetic":true}');
    const launch = withPrivatePolicy('/usr/bin/chromium', policyDir, mkdtempSync(path.join(tmp, 'work-')));
    // Root may use either namespace (a user namespace where a plain one is refused); a normal user, a user namespace.
    for (const userns of process.getuid?.() === 0 ? ['0', '1'] : ['1']) {
      const seen = spawnSync(launch.executablePath, ['/etc/chromium/policies/managed/fg-unit.json'], {
        env: { ...process.env, ...launch.env, FG_PRIVATE_USERNS: userns, FG_PRIVATE_BROWSER: 'cat' },
        encoding: 'utf8',
      });
      expect(seen.stderr).toBe('');
      expect(seen.stdout).toBe('{"synthetic":true}');
    }
    expect(existsSync('/etc/chromium/policies/managed/fg-unit.json')).toBe(false);
  });

  it('keeps the rest of the policy root (e.g. master_preferences) in the private view', () => {
    const launch = withPrivatePolicy('/usr/bin/chromium', mkdtempSync(path.join(tmp, 'policy-')), mkdtempSync(path.join(tmp, 'work-')));
    const listed = (env: NodeJS.ProcessEnv) =>
      spawnSync(launch.executablePath, ['/etc/chromium'], { env, encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
    const outside = spawnSync('ls', ['/etc/chromium'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(listed({ ...process.env, ...launch.env, FG_PRIVATE_BROWSER: 'ls' })).toEqual([...new Set([...outside, 'policies'])].sort());
  });
});

describe('policyRootOf', () => {
  it('knows where Debian Chromium, Ubuntu chromium-browser and Google Chrome read policy', () => {
    expect(policyRootOf('/usr/bin/chromium')).toBe('/etc/chromium');
    expect(policyRootOf('/usr/bin/chromium-browser')).toBe('/etc/chromium-browser');
    expect(policyRootOf('/usr/bin/google-chrome-stable')).toBe('/etc/opt/chrome');
    expect(policyRootOf('/opt/google/chrome/chrome')).toBe('/etc/opt/chrome');
  });
});

describe('privateBrowser', () => {
  it('says what to install when unshare is missing', () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(tmp, 'empty-path');
    try {
      expect(() => privateBrowser('/usr/bin/chromium', [])).toThrow(/install them \(sudo apt-get install util-linux\)/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
