/**
 * Page objects for the real-Firefox tests and demo (puppeteer-core over WebDriver BiDi): the Firefox side of
 * ehr-page.ts and seed-example.ts, whose browser-neutral parts (addresses, the functions evaluated in the page or
 * the extension, the overlay's pierced tree) they reuse.
 */
import type { Frame, Page } from 'puppeteer-core';
import { CONFIG_KEY } from '../src/shared/storage-keys';
import {
  controlMarks,
  controlsSay,
  countFinalizeCalls,
  everyControlMarked,
  explanationOpenIn,
  noteUrl,
  openAllFixesWith,
  overlayLinesIn,
  overlayTextIn,
  type PiercedNode,
  type Scenario,
} from './ehr-page';
import { bidiOf, contextOf, type LaunchedFirefox } from './firefox';
import { configInstalled, EXAMPLE, NO_CONFIG, publishExample } from './seed-example';

/** Publishes the example people into the fresh profile, as seedExampleConfig does in Chromium. */
export async function seedFirefox(ff: LaunchedFirefox): Promise<void> {
  if (!(await ff.extensionPage.evaluate(configInstalled, CONFIG_KEY))) throw new Error(NO_CONFIG.replace('chrome://extensions', 'about:debugging'));
  const reply = await ff.extensionPage.evaluate(publishExample, EXAMPLE);
  if (!reply.ok) throw new Error(`Could not publish the example configuration: ${reply.reason}`);
}

/** Opens the demo note screen for a scenario and waits for its Finalize control. */
export async function openNoteIn(ff: LaunchedFirefox, base: string, s: Scenario = {}, path?: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await page.goto(noteUrl(base, s, path));
  // The iframe variant holds the note screen in its first child frame.
  const frame = path?.includes('frame') ? await (await page.waitForSelector('#ehr-frame'))?.contentFrame() : page.mainFrame();
  await frame?.waitForSelector('[data-action=finalize]');
  return page;
}

/**
 * Whether Finalize is locked once the guard marked every control. Firefox does not expose content scripts' worlds
 * to WebDriver BiDi, so the guard's own "loading" cannot be read as in Chromium: an "open" mark is a decision; a
 * locked note's tests also wait for its reasons in the overlay (lockedWith).
 */
export async function marksSay(page: Page): Promise<'locked' | 'open'> {
  await page.waitForFunction(everyControlMarked);
  return controlsSay(await page.evaluate(controlMarks));
}

/**
 * The overlays in the page and its frames, with their shadow roots, closed ones too (WebDriver BiDi serializes
 * them on request), under a document node: what ehr-page.ts's overlayTextIn and overlayLinesIn read.
 */
async function piercedOverlaysIn(page: Page): Promise<PiercedNode> {
  const hosts: PiercedNode[] = [];
  for (const frame of page.frames()) {
    const { result } = await bidiOf(page).send('script.callFunction', {
      functionDeclaration: "() => [...document.querySelectorAll('finalize-guard-overlay')]",
      target: { context: contextOf(frame) },
      awaitPromise: false,
      serializationOptions: { maxDomDepth: OVERLAY_DEPTH, includeShadowTree: 'all' },
      resultOwnership: 'none',
    });
    hosts.push(...((result as { result?: { value?: BidiNode[] } }).result?.value ?? []).map(toPierced));
  }
  return { nodeType: 9, nodeName: '#document', children: hosts };
}

/** Deeper than the overlay's markup nests (host, shadow root, panel, list, item, text). */
const OVERLAY_DEPTH = 30;

interface BidiNode {
  value?: {
    nodeType: number;
    localName?: string;
    nodeValue?: string;
    attributes?: Record<string, string>;
    children?: BidiNode[];
    shadowRoot?: BidiNode | null;
  };
}

/** BiDi's node serialization, in the shape the DevTools protocol gives (what ehr-page.ts reads). */
function toPierced(node: BidiNode): PiercedNode {
  const v = node.value ?? { nodeType: 0 };
  const nodeName = v.nodeType === 1 ? (v.localName ?? '').toUpperCase() : v.nodeType === 3 ? '#text' : '#fragment';
  return {
    nodeType: v.nodeType,
    nodeName,
    ...(v.nodeValue !== undefined ? { nodeValue: v.nodeValue } : {}),
    attributes: Object.entries(v.attributes ?? {}).flat(),
    children: (v.children ?? []).map(toPierced),
    shadowRoots: v.shadowRoot ? [toPierced(v.shadowRoot)] : [],
  };
}

/** All text in the overlay (empty without one), as overlayText reads it in Chromium. */
export const overlayTextOf = async (page: Page) => overlayTextIn(await piercedOverlaysIn(page));

/** The overlay as a person reads it, as overlayLines does in Chromium. */
export const overlayLinesOf = async (page: Page) => overlayLinesIn(await piercedOverlaysIn(page));

/** openAllFixes (ehr-page.ts) in Firefox: the explanation of the top Finalize and every reason's fix, from the keyboard. */
export const openAllFixesIn = (page: Page, reasons: number): Promise<void> =>
  openAllFixesWith(
    {
      focus: (selector) => page.focus(selector),
      press: (key) => page.keyboard.press(key as Parameters<Page['keyboard']['press']>[0]),
      opened: async () => explanationOpenIn(await piercedOverlaysIn(page)),
    },
    reasons,
  );

/** A real (trusted) mouse click a third of the way into the element (in the page or one of its frames), as a person would click it. */
export async function trustedClick(page: Page, selector: string, frame: Frame = page.mainFrame()): Promise<void> {
  const element = await frame.waitForSelector(selector);
  await element?.scrollIntoView(); // WebDriver BiDi refuses to click outside the viewport
  const box = await element?.boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  await page.mouse.click(box.x + box.width / 3, box.y + box.height / 2);
}

/** How often the demo EHR's own finalize handler ran. */
export const finalizeCallsIn = (page: Page) => page.evaluate(countFinalizeCalls);

/**
 * Which of `texts` the overlay's explanation lacks; while some are missing it clicks Finalize again, as a person
 * would: a click while the guard is still deciding ("loading" looks locked) shows no reasons yet. Poll it until [].
 */
export async function missingFromExplanation(page: Page, texts: Array<string | RegExp>): Promise<string[]> {
  const shown = await overlayTextOf(page);
  const missing = texts.filter((t) => (typeof t === 'string' ? !shown.includes(t) : !t.test(shown)));
  if (missing.length > 0) await trustedClick(page, 'button.finalize.top');
  return missing.map(String);
}
