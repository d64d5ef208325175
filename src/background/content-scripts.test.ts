/** Run-time content scripts: registered for granted hosts that profiles name beyond the manifest's, and only those. */
import { describe, expect, it } from 'vitest';
import { manifestHosts } from '../sites/select';
import { SHIPPED_PROFILES } from '../sites/shipped';
import type { SiteProfile } from '../sites/types';
import { type ContentScriptDeps, contentScriptSyncer, extensionPath, manifestScripts, REGISTRATION_ID, syncContentScripts } from './content-scripts';

type Registration = Awaited<ReturnType<ContentScriptDeps['scripting']['getRegisteredContentScripts']>>[number];

const manifest = {
  content_scripts: [
    { js: ['src/content/guard.iife.js'], matches: ['http://127.0.0.1/*', 'http://localhost/*', 'https://*.webpt.com/*', 'https://app.webpt.com/*'] },
  ],
};
const own: SiteProfile = { ...SHIPPED_PROFILES[0], name: 'clinic-ehr', urlPatterns: ['http://ehr.test/notes/*', 'https://ehr.example/*'] };

function fakeBrowser(granted: string[]) {
  const registered = new Map<string, Registration>();
  const calls: string[] = [];
  const deps: ContentScriptDeps = {
    manifest,
    permissions: { contains: async ({ origins }) => origins.every((o) => granted.includes(o)) },
    scripting: {
      getRegisteredContentScripts: async (filter) =>
        [...registered.values()].filter((r) => !filter?.ids || filter.ids.includes(r.id)).map((r) => structuredClone(r)),
      registerContentScripts: async (scripts) => {
        calls.push('register');
        for (const s of scripts) {
          if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
          registered.set(s.id, structuredClone(s));
        }
      },
      updateContentScripts: async (scripts) => {
        calls.push('update');
        for (const s of scripts) registered.set(s.id, { ...registered.get(s.id)!, ...structuredClone(s) });
      },
      unregisterContentScripts: async (filter) => {
        calls.push('unregister');
        for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
      },
    },
  };
  return { deps, registered, calls, granted };
}

describe('content scripts registered at run time', () => {
  it("registers the manifest's scripts, in its order, for granted hosts no manifest entry covers", async () => {
    const b = fakeBrowser(['http://ehr.test/*']);
    expect(await syncContentScripts(b.deps, [...SHIPPED_PROFILES, own])).toEqual(['http://ehr.test/*']);
    expect(b.registered.get(REGISTRATION_ID)).toEqual({
      id: REGISTRATION_ID,
      js: ['src/content/guard.iife.js'],
      matches: ['http://ehr.test/*'],
      runAt: 'document_start',
      allFrames: true,
      matchOriginAsFallback: true,
      persistAcrossSessions: true,
    });
    expect(manifestScripts(manifest)).toEqual(['src/content/guard.iife.js']);
    expect(manifestHosts(manifest)).toEqual(['http://127.0.0.1/*', 'http://localhost/*', 'https://*.webpt.com/*', 'https://app.webpt.com/*']);
  });

  it('follows grants and profiles: another grant updates, nothing left unregisters, no change writes nothing', async () => {
    const b = fakeBrowser(['http://ehr.test/*']);
    await syncContentScripts(b.deps, [own]);
    await syncContentScripts(b.deps, [own]);
    expect(b.calls).toEqual(['register']);
    b.granted.push('https://ehr.example/*');
    await syncContentScripts(b.deps, [own]);
    expect(b.registered.get(REGISTRATION_ID)?.matches).toEqual(['http://ehr.test/*', 'https://ehr.example/*']);
    b.granted.length = 0; // revoked
    expect(await syncContentScripts(b.deps, [own])).toEqual([]);
    expect(b.registered.size).toBe(0);
    b.granted.push('http://ehr.test/*');
    await syncContentScripts(b.deps, [own]);
    expect(b.registered.size).toBe(1);
    await syncContentScripts(b.deps, SHIPPED_PROFILES); // unpublished: granted, but no profile names it
    expect(b.registered.size).toBe(0);
    expect(b.calls).toEqual(['register', 'update', 'unregister', 'register', 'unregister']);
  });

  it('never registers a host no profile names, granted or not', async () => {
    const b = fakeBrowser(['http://elsewhere.test/*', 'http://ehr.test/*']);
    expect(await syncContentScripts(b.deps, SHIPPED_PROFILES)).toEqual([]);
    expect(b.registered.size).toBe(0);
  });

  it('a burst of triggers runs one sync at a time, the last with the newest profiles', async () => {
    const b = fakeBrowser(['http://ehr.test/*']);
    let profiles: SiteProfile[] = [own];
    let reads = 0;
    const sync = contentScriptSyncer(
      b.deps,
      async () => {
        reads++;
        return profiles;
      },
      async () => undefined,
    );
    const first = sync();
    sync();
    profiles = [];
    await Promise.all([first, sync()]);
    expect(reads).toBe(2);
    expect(b.registered.size).toBe(0);
  });

  it('reports a registration the browser refuses (never swallowed), and clears the report once one succeeds', async () => {
    const b = fakeBrowser(['http://ehr.test/*']);
    const reports: Array<string | null> = [];
    let refuse = true;
    const register = b.deps.scripting.registerContentScripts;
    b.deps.scripting.registerContentScripts = async (scripts) => {
      if (refuse) throw new Error("Invalid url pattern 'http://ehr.test/*'");
      return register(scripts);
    };
    const sync = contentScriptSyncer(
      b.deps,
      async () => [own],
      async (error) => {
        reports.push(error);
      },
    );
    await sync();
    expect(reports).toEqual(["Invalid url pattern 'http://ehr.test/*'"]);
    expect(b.registered.size).toBe(0);
    refuse = false;
    await sync();
    expect(reports.at(-1)).toBeNull();
    expect(b.registered.size).toBe(1);
  });

  it('in Firefox: registers paths from the extension root though its manifest names the scripts by moz-extension:// URL', async () => {
    // What Firefox 153 does (seen in test/e2e/firefox/firefox-runtime-host.test.ts): getManifest() gives full URLs,
    // registerContentScripts refuses them, and getRegisteredContentScripts gives the paths back with more keys.
    const origin = 'moz-extension://0b7c6a52-3d1e-4f39-9a55-2f0e3c7d9a11';
    const b = fakeBrowser(['http://ehr.test/*']);
    b.deps.manifest = { content_scripts: [{ js: [`${origin}/src/content/guard.iife.js`], matches: manifest.content_scripts[0].matches }] };
    const register = b.deps.scripting.registerContentScripts;
    b.deps.scripting.registerContentScripts = async (scripts) => {
      for (const file of scripts.flatMap((s) => s.js ?? []))
        if (URL.canParse(file)) throw new Error(`Type error for parameter scripts (String "${file}" must be a relative URL)`);
      return register(scripts);
    };
    const get = b.deps.scripting.getRegisteredContentScripts;
    b.deps.scripting.getRegisteredContentScripts = async (filter) => (await get(filter)).map((r) => ({ ...r, world: 'ISOLATED', cssOrigin: 'author' }));
    expect(await syncContentScripts(b.deps, [own])).toEqual(['http://ehr.test/*']);
    expect(b.registered.get(REGISTRATION_ID)?.js).toEqual(['src/content/guard.iife.js']);
    await syncContentScripts(b.deps, [own]);
    expect(b.calls).toEqual(['register']); // Firefox's answer compares equal: nothing rewritten on every sync
  });

  it('a script path is the same from a URL, a rooted path or a plain path', () => {
    expect(extensionPath('moz-extension://0b7c6a52-3d1e-4f39-9a55-2f0e3c7d9a11/assets/guard.iife-abc.js')).toBe('assets/guard.iife-abc.js');
    expect(extensionPath('chrome-extension://cmdglhmfnkbhacgnclbkicikolhidgjb/assets/x.js')).toBe('assets/x.js');
    expect(extensionPath('/assets/x.js')).toBe('assets/x.js');
    expect(extensionPath('assets/x.js')).toBe('assets/x.js');
  });
});
