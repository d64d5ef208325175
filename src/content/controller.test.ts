// @vitest-environment happy-dom
/**
 * The controller with the configuration's status and published site profiles: a fake extension storage,
 * the real lock, the demo EHR's note markup in happy-dom.
 */
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { activeOf } from '../config/bundle';
import { defaultBundle } from '../config/fixtures';
import { NOT_SET_UP } from '../policy/not-set-up';
import { SHIPPED_PROFILES } from '../sites/shipped';
import type { ConfigStatus } from '../config/status';
import type { ActiveConfig } from '../config/types';
import type { SiteProfile } from '../sites/types';

type Listener = (changes: Record<string, unknown>, area: string) => void;
const storage = { data: new Map<string, unknown>(), listeners: [] as Listener[] };
/** The extension API as Chrome gives it to a content script (src/content/ext.ts reads the global). */
const fakeChrome = () => ({
  runtime: { id: 'ext', sendMessage: async (_m: unknown): Promise<unknown> => ({ ok: true }) },
  storage: {
    local: {
      get: async (keys: string[]) => Object.fromEntries(keys.filter((k) => storage.data.has(k)).map((k) => [k, structuredClone(storage.data.get(k))])),
      set: async () => undefined,
      remove: async () => undefined,
    },
    onChanged: { addListener: (l: Listener) => storage.listeners.push(l) },
  },
});

const { runController } = await import('./controller');
const { startGuard } = await import('./lock');

const shipped = SHIPPED_PROFILES.find((s) => s.name === 'demo-ehr')!;
const chromeGlobal = globalThis as unknown as { chrome?: ReturnType<typeof fakeChrome> };
// A state the test expects to *stay* (still loading, still the shipped profile) has no event to wait for: give the
// controller time to have changed it. States it expects to *reach* are awaited with vi.waitFor instead.
const frame = () => new Promise((r) => setTimeout(r, 40));
/** Waits (up to a generous 15 s) until the assertion holds. */
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 5 });
/** Clicks el: how many clicks reached the page's own handler on <main> (0 when the lock stopped it). */
function clicksReachingPage(el: Element): number {
  let calls = 0;
  const count = () => calls++;
  const main = document.querySelector('main')!;
  main.addEventListener('click', count);
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  main.removeEventListener('click', count);
  return calls;
}
/** The messages the controller sends to the worker from now on (each answered { ok: true }). */
function messagesSent(): Array<Record<string, unknown>> {
  const sent: Array<Record<string, unknown>> = [];
  chromeGlobal.chrome!.runtime.sendMessage = async (m) => {
    sent.push(m as Record<string, unknown>);
    return { ok: true };
  };
  return sent;
}
const NOTE = `<main data-screen="soap-note" data-note-id="note-1">
  <span class="current-user" data-user-id="u-pta-jamie">Jamie Rivera, PTA</span>
  <span class="clinic" data-clinic-id="clinic-north">North Clinic</span>
  <ul class="insurances"><li class="insurance" data-insurance-id="ins-acme-ppo">Acme Health PPO</li></ul>
  <span class="note-type" data-note-type="daily">Daily Note</span>
  <select id="supervised-by"><option value="u-pt-avery" selected>Avery Kim</option></select>
  <button type="button" data-action="finalize">Finalize</button>
  <button type="button" class="sign-off">Sign off</button>
</main>`;

async function put(values: { config?: ActiveConfig; status?: ConfigStatus }) {
  const changes: Record<string, unknown> = {};
  if (values.config) {
    storage.data.set('activeConfig', values.config);
    changes.activeConfig = { newValue: values.config };
  }
  if (values.status) {
    storage.data.set('configStatus', values.status);
    changes.configStatus = { newValue: values.status };
  }
  storage.listeners.forEach((l) => l(changes, 'local'));
  await frame();
}

describe('controller: configuration status and published site profiles', () => {
  let guard: ReturnType<typeof startGuard>;
  let config: ActiveConfig;

  beforeEach(async () => {
    chromeGlobal.chrome = fakeChrome();
    storage.data.clear();
    storage.listeners.length = 0;
    document.body.innerHTML = '';
    config = await activeOf(defaultBundle(), { installedAt: 'now', bundledSites: SHIPPED_PROFILES });
    // As at document_start: the guard runs before the note screen is in the document.
    guard = startGuard(document, window, [shipped]);
    document.body.innerHTML = NOTE;
    await new Promise((r) => setTimeout(r, 0));
  });
  afterEach(() => {
    guard.dispose();
    delete chromeGlobal.chrome;
    document.querySelector('finalize-guard-overlay')?.remove();
  });

  const finalize = () => document.querySelector<HTMLButtonElement>('[data-action=finalize]')!;
  const signOff = () => document.querySelector<HTMLButtonElement>('.sign-off')!;

  /** At /home of this host, showing body, with a published profile that reads only "/notes/*" and calls ".sign-off" Finalize. */
  function atHomeWithNotesProfile(body: string): void {
    const start = location.href;
    onTestFinished(() => history.replaceState(null, '', start));
    history.replaceState(null, '', '/home');
    document.body.innerHTML = body;
    const notesOnly: SiteProfile = {
      ...structuredClone(shipped),
      name: 'clinic-notes',
      urlPatterns: [`${location.origin}/notes/*`],
      finalizeControls: ['.sign-off'],
    };
    storage.data.set('activeConfig', { ...config, sites: [notesOnly] });
  }

  it('decides with the active configuration when no status is stored', async () => {
    storage.data.set('activeConfig', config);
    runController(guard, document, window);
    await eventually(() => expect(guard.state()).toEqual({ locked: false, monitor: false }));
    expect(finalize().getAttribute('aria-disabled') === 'true').toBe(false);
  });

  it('a fresh profile, before the worker has stored anything, says "not set up" at once (locked), then decides with what it stores', async () => {
    const sent: Array<{ type: string; reasons?: string[] }> = [];
    chromeGlobal.chrome!.runtime.sendMessage = async (m: unknown) => {
      sent.push(m as { type: string });
      return { ok: true };
    };
    runController(guard, document, window); // nothing stored
    await eventually(() => expect(sent).toContainEqual(expect.objectContaining({ type: 'lock-state', locked: true, reasons: [NOT_SET_UP.message] })));
    expect(guard.state()).toMatchObject({ locked: true });
    expect(guard.state()).not.toMatchObject({ reason: 'loading' });
    await put({ config, status: { state: 'ok' } });
    await eventually(() => expect(guard.state()).toEqual({ locked: false, monitor: false }));
  });

  it('stays locked with "checking" while browser policy is loading, then decides when it arrives', async () => {
    storage.data.set('activeConfig', config);
    storage.data.set('configStatus', { state: 'checking', since: Date.now(), reason: 'r', remedy: 'r' });
    runController(guard, document, window);
    await frame();
    expect(guard.state()).toMatchObject({ locked: true, reason: 'loading' });
    await put({ status: { state: 'ok' } });
    await eventually(() => expect(guard.state()).toEqual({ locked: false, monitor: false }));
  });

  it('after 30 s without managed configuration: locked, with a plain reason', async () => {
    storage.data.set('activeConfig', config);
    storage.data.set('configStatus', {
      state: 'checking',
      since: Date.now() - 31_000,
      reason: "Your organisation's Finalize Guard settings did not arrive on this computer, so Finalize stays locked.",
      remedy: 'Contact IT.',
    });
    const sent: unknown[] = [];
    chromeGlobal.chrome!.runtime.sendMessage = async (m) => {
      sent.push(m);
      return { ok: true };
    };
    runController(guard, document, window);
    await eventually(() => expect(guard.state()).toMatchObject({ locked: true, reason: 'error' }));
    expect(sent).toContainEqual(
      expect.objectContaining({ type: 'lock-state', locked: true, outcome: 'blocked', reasons: [expect.stringMatching(/did not arrive on this computer/)] }),
    );
  });

  it('an invalid managed configuration locks, never falling back to the local one', async () => {
    storage.data.set('activeConfig', config);
    runController(guard, document, window);
    await eventually(() => expect(guard.state().locked).toBe(false));
    await put({
      status: {
        state: 'invalid',
        reason: 'The configuration your organisation sets through browser policy is invalid (…), so it is not applied. Finalize stays locked.',
        remedy: 'Contact IT.',
      },
    });
    await eventually(() => expect(guard.state()).toMatchObject({ locked: true, reason: 'error' }));
  });

  it('a status it does not understand locks', async () => {
    storage.data.set('activeConfig', config);
    storage.data.set('configStatus', { state: 'maybe' });
    runController(guard, document, window);
    await frame();
    expect(guard.state().locked).toBe(true);
  });

  it('switches to a published profile of the same name once the configuration is loaded; the shipped one held the lock until then', async () => {
    const published: SiteProfile = { ...structuredClone(shipped), version: '9.0.0', finalizeControls: ['.sign-off'] };
    expect(finalize().getAttribute('aria-disabled') === 'true').toBe(true); // the shipped profile's lock, before any configuration
    runController(guard, document, window);
    await put({ config: { ...config, sites: [published] } });
    await eventually(() => expect(guard.profiles[0]?.version).toBe('9.0.0'));
    expect(guard.state()).toEqual({ locked: false, monitor: false });
    expect(signOff().getAttribute('data-finalize-guard')).toBe('open');
    expect(finalize().getAttribute('data-finalize-guard')).toBe('open'); // still guarded: the shipped profile names it
    // Unpublished again: back to the shipped profile.
    await put({ config });
    await eventually(() => expect(guard.profiles).toEqual([shipped]));
    expect(finalize().getAttribute('data-finalize-guard')).toBe('open');
    expect(signOff().hasAttribute('data-finalize-guard')).toBe(false);
  });

  it("re-decides when only an attribute the profile in use reads changes (the profile's extractors, not a list in code)", async () => {
    // A published profile that reads the user from an attribute no shipped profile reads.
    const published: SiteProfile = {
      ...structuredClone(shipped),
      version: '9.0.0',
      facts: { ...shipped.facts, userId: [{ selector: '.current-user', attribute: 'data-person' }] },
    };
    document.querySelector('.current-user')!.setAttribute('data-person', 'u-pta-jamie');
    storage.data.set('activeConfig', { ...config, sites: [published] });
    runController(guard, document, window);
    await eventually(() => expect(guard.state()).toEqual({ locked: false, monitor: false }));
    document.querySelector('.current-user')!.setAttribute('data-person', 'u-nobody');
    await eventually(() => expect(guard.state().locked).toBe(true));
    expect(finalize().getAttribute('aria-disabled') === 'true').toBe(true);
  });

  it('a frame without a URL of its own holds the finalize request only while it shows a Finalize control or a note screen', async () => {
    const happyDOM = (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM;
    const url = location.href;
    happyDOM.setURL('about:blank'); // like a frame written by script, which inherits its parent's origin
    Object.defineProperty(location, 'ancestorOrigins', { value: { length: 1, 0: new URL(url).origin }, configurable: true });
    onTestFinished(() => {
      happyDOM.setURL(url);
      Reflect.deleteProperty(location, 'ancestorOrigins');
    });
    document.body.innerHTML = '<p contenteditable="true">An editor frame</p>';
    storage.data.set('activeConfig', config);
    const sent = messagesSent();
    runController(guard, document, window);
    await eventually(() => expect(sent).toContainEqual(expect.objectContaining({ type: 'lock-state', locked: true })));
    expect(sent.some((m) => 'endpoints' in m)).toBe(false);
    document.body.insertAdjacentHTML('beforeend', '<button type="button" data-action="finalize">Finalize</button>');
    await eventually(() => expect(sent.at(-1)).toMatchObject({ type: 'lock-state', locked: true, endpoints: [shipped.finalizeEndpoint] }));
  });

  it('says its lock again when the page comes back from the back/forward cache (the worker dropped it meanwhile)', async () => {
    storage.data.set('activeConfig', config);
    const sent = messagesSent();
    runController(guard, document, window);
    await eventually(() => expect(sent).toContainEqual(expect.objectContaining({ type: 'lock-state' })));
    const reported = sent.length;
    const { page, ...said } = sent.at(-1)!;
    expect(page).toBe(window.performance.timeOrigin); // marked with when the page began
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false })); // a first load: nothing to say again
    await frame();
    expect(sent).toHaveLength(reported);
    // (Controllers of earlier tests share this window and answer too: look for this one's message among them.)
    const back = Date.now();
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    // Said again, marked with when it came back: the worker tells it from the page the tab showed meanwhile.
    const againSince = () =>
      sent
        .slice(reported)
        .filter((m) => (m.page as number) >= back)
        .map(({ page: _, ...m }) => m);
    await eventually(() => expect(againSince()).toContainEqual(said));
  });

  it('a frame with its own URL but no note screen and no Finalize control (a portal hosting the note in an iframe) never holds the finalize request', async () => {
    document.body.innerHTML = '<header>Rehab portal</header><div class="note-frame-placeholder"></div>';
    storage.data.set('activeConfig', config);
    const sent = messagesSent();
    runController(guard, document, window);
    await eventually(() => expect(sent).toContainEqual(expect.objectContaining({ type: 'lock-state', locked: true })));
    expect(sent.some((m) => 'endpoints' in m)).toBe(false);
    document.body.insertAdjacentHTML('beforeend', NOTE); // the note screen comes: now it holds it while locked
    await eventually(() => expect(sent.at(-1)).toMatchObject({ type: 'lock-state', endpoints: [shipped.finalizeEndpoint] }));
  });

  it('uses a published profile under its own name beside the shipped one, and ignores one whose URL patterns do not match', async () => {
    const own: SiteProfile = { ...structuredClone(shipped), name: 'clinic-ehr', finalizeControls: ['.sign-off'] };
    const elsewhere: SiteProfile = { ...structuredClone(own), name: 'elsewhere', urlPatterns: ['https://ehr.example/*'] };
    storage.data.set('configStatus', { state: 'checking', since: Date.now(), reason: 'r', remedy: 'r' });
    runController(guard, document, window);
    await put({ config: { ...config, sites: [own, elsewhere] } });
    await eventually(() => expect(guard.profiles.map((p) => p.name)).toEqual(['demo-ehr', 'clinic-ehr']));
    expect(signOff().getAttribute('aria-disabled')).toBe('true');
    expect(finalize().getAttribute('aria-disabled')).toBe('true');
  });

  it('an SPA navigating into a path-restricted profile (pushState) finds its controls locked, then decides with it', async () => {
    atHomeWithNotesProfile('<nav>Home</nav>');
    const sent = messagesSent();
    runController(guard, document, window);
    await eventually(() => expect(guard.profiles.map((p) => p.name)).toEqual(['demo-ehr', 'clinic-notes']));

    history.pushState(null, '', '/notes/1');
    // Only the published profile's control: nothing the shipped profile names comes with the note.
    document.body.innerHTML = NOTE.replace('<button type="button" data-action="finalize">Finalize</button>', '');
    await new Promise((r) => setTimeout(r, 0));
    expect(signOff().getAttribute('data-finalize-guard')).not.toBeNull(); // held from the moment it is in the document
    // The note is allowed: the decision with the profile of the new address opens it (the first click re-decides).
    await eventually(() => expect(signOff().getAttribute('data-finalize-guard')).toBe('open'));
    expect(clicksReachingPage(signOff())).toBe(1);
    expect(sent.at(-1)).toMatchObject({ type: 'lock-state', locked: false });
  });

  it('a path-restricted profile holds its controls on the other paths of its host, never releasing them undecided', async () => {
    atHomeWithNotesProfile('<main><button type="button" class="sign-off">Sign off</button></main>'); // no note screen: undecided
    runController(guard, document, window);
    await eventually(() => expect(guard.profiles.map((p) => p.name)).toEqual(['demo-ehr', 'clinic-notes']));
    expect(signOff().getAttribute('aria-disabled')).toBe('true');
    expect(clicksReachingPage(signOff())).toBe(0);
  });

  it("a published profile never releases the shipped profile's finalize endpoint (another one, or none)", async () => {
    const sent = messagesSent();
    const other: SiteProfile = { ...structuredClone(shipped), version: '9.0.0', finalizeEndpoint: '/api/v2/sign' };
    const none: SiteProfile = { ...structuredClone(shipped), name: 'clinic-ehr' };
    delete none.finalizeEndpoint;
    storage.data.set('configStatus', { state: 'checking', since: Date.now(), reason: 'r', remedy: 'r' });
    runController(guard, document, window);
    await put({ config: { ...config, sites: [other, none] } });
    await eventually(() => expect(guard.profiles.map((p) => p.version)).toContain('9.0.0'));
    await eventually(() => expect(sent.at(-1)?.endpoints).toEqual([shipped.finalizeEndpoint, '/api/v2/sign']));
  });

  it('a published profile locks its own controls while the decision is locked', async () => {
    const published: SiteProfile = { ...structuredClone(shipped), finalizeControls: ["[data-action='finalize']", '.sign-off'] };
    storage.data.set('configStatus', { state: 'checking', since: Date.now(), reason: 'r', remedy: 'r' });
    runController(guard, document, window);
    await put({ config: { ...config, sites: [published] } });
    expect(guard.state().locked).toBe(true);
    expect(signOff().getAttribute('aria-disabled')).toBe('true');
    expect(finalize().getAttribute('aria-disabled') === 'true').toBe(true);
  });

  it("a published profile whose Finalize selector is wrong never releases the shipped profile's control", async () => {
    const published: SiteProfile = { ...structuredClone(shipped), version: '9.0.0', finalizeControls: ["[data-action='finalise']"] };
    storage.data.set('configStatus', { state: 'checking', since: Date.now(), reason: 'r', remedy: 'r' });
    runController(guard, document, window);
    await put({ config: { ...config, sites: [published] } });
    await eventually(() => expect(guard.profiles[0]?.version).toBe('9.0.0'));
    expect(guard.state().locked).toBe(true);
    expect(finalize().getAttribute('aria-disabled') === 'true').toBe(true);
    expect(finalize().getAttribute('data-finalize-guard')).toBe('locked');
    expect(clicksReachingPage(finalize())).toBe(0);
  });

  it('an attempt made while the configuration is still loading records who and where the page shows', async () => {
    const sent: unknown[] = [];
    chromeGlobal.chrome!.runtime.sendMessage = async (m: unknown) => {
      sent.push(m);
      return { ok: true, id: (m as { attempt?: { id: string } }).attempt?.id };
    };
    storage.data.set('activeConfig', config);
    storage.data.set('configStatus', { state: 'checking', since: Date.now(), reason: 'r', remedy: 'r' }); // browser policy still loading
    runController(guard, document, window);
    await frame();
    expect(guard.state()).toMatchObject({ locked: true, reason: 'loading' });
    // A pointerdown: happy-dom does not dispatch a click on a disabled button (Chromium does; the e2e tests click).
    finalize().dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, cancelable: true, composed: true }));
    await eventually(() => expect(sent.map((m) => (m as { type: string }).type)).toContain('attempt'));
    const attempt = (sent.find((m) => (m as { type: string }).type === 'attempt') as { attempt: Record<string, unknown> }).attempt;
    expect(attempt).toMatchObject({
      userId: 'u-pta-jamie',
      clinicId: 'clinic-north',
      insuranceIds: ['ins-acme-ppo'],
      noteType: 'daily',
      noteId: 'note-1',
      gates: ['policy'],
      rules: ['finalize-guard:loading'],
    });
  });

  it('a page with a Finalize control but no note screen the profile recognises says so, instead of checking forever', async () => {
    const sent: Array<{ type: string; reasons?: string[] }> = [];
    chromeGlobal.chrome!.runtime.sendMessage = async (m: unknown) => {
      sent.push(m as { type: string });
      return { ok: true };
    };
    document.querySelector('main')!.removeAttribute('data-screen'); // the profile's noteScreen now matches nothing
    storage.data.set('activeConfig', config);
    runController(guard, document, window);
    await eventually(() => expect(guard.state()).toMatchObject({ locked: true, reason: 'error' }));
    await eventually(() => expect(sent.at(-1)?.reasons?.[0]).toMatch(/does not recognise this page as a note screen: the site profile "demo-ehr"/));
    expect(finalize().getAttribute('aria-disabled')).toBe('true');
  });
  describe('re-decides only when something the profile reads may have changed', () => {
    // Each window below checks that nothing happens: there is no event to wait for, so it gives the controller a frame.
    async function decidedAndQuiet() {
      storage.data.set('activeConfig', config);
      runController(guard, document, window);
      await eventually(() => expect(guard.state()).toEqual({ locked: false, monitor: false }));
      document.querySelector('main')!.insertAdjacentHTML('beforeend', '<textarea class="soap-text"></textarea><div class="soap-body" contenteditable>S:</div>');
      document.body.insertAdjacentHTML('beforeend', '<aside class="sidebar"><span class="count">1</span></aside>');
      await frame();
      return vi.spyOn(guard, 'setState');
    }

    it('typing in the note text, which no extractor reads, costs no decision', async () => {
      const setState = await decidedAndQuiet();
      const text = document.querySelector<HTMLTextAreaElement>('.soap-text')!;
      for (const ch of 'Patient tolerated') {
        text.value += ch;
        text.dispatchEvent(new Event('input', { bubbles: true }));
      }
      await frame();
      expect(setState).not.toHaveBeenCalled();
    });

    it('text changing outside the note screen, or in note text no extractor reads, costs no decision; in what one reads, the page is decided again', async () => {
      const setState = await decidedAndQuiet();
      document.querySelector('.sidebar .count')!.firstChild!.nodeValue = '2';
      document.querySelector('.soap-body')!.firstChild!.nodeValue = 'S: pain 3/10'; // the note's own text: no extractor reads it
      await frame();
      expect(setState).not.toHaveBeenCalled();
      document.querySelector('.clinic')!.firstChild!.nodeValue = 'North Clinic (main)';
      await eventually(() => expect(setState).toHaveBeenCalled());
    });

    it('a field the profile reads (Supervised by) re-decides on input, and its new value locks', async () => {
      const setState = await decidedAndQuiet();
      const select = document.querySelector<HTMLSelectElement>('#supervised-by')!;
      select.insertAdjacentHTML('beforeend', '<option value="u-pta-riley">Riley Chen</option>');
      await eventually(() => expect(setState).toHaveBeenCalled());
      setState.mockClear();
      select.value = 'u-pta-riley';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await eventually(() => expect(guard.state()).toMatchObject({ locked: true, reason: 'blocked' }));
    });
  });
});
