/**
 * `npm run demo`: the extension on the demo EHR note screen. With a display it opens Chromium with the
 * extension loaded and leaves it to you; without one (or with --headless) it walks the scenarios,
 * prints what the overlay says for each, and saves screenshots to demo-output/.
 * `npm run demo -- --firefox` does the same in Firefox (dist/firefox as a temporary add-on).
 */
import { mkdirSync } from 'node:fs';
import { findChrome, launchWithExtension } from './chromium';
import { type DemoServer, startDemoServer } from './demo-server';
import { TEXT } from '../src/content/overlay/strings';
import { lockState, openAllFixes, openNote, overlayLines, type Scenario } from './ehr-page';
import { findFirefox, launchFirefox } from './firefox';
import { marksSay, openAllFixesIn, openNoteIn, overlayLinesOf, seedFirefox, trustedClick } from './firefox-page';
import { seedExampleConfig } from './seed-example';

const SCENARIOS: Array<{ slug: string; title: string; scenario: Scenario; path?: string }> = [
  { slug: 'pta-allowed', title: 'PTA, clinic + insurance + confirmed permission on', scenario: {} },
  {
    slug: 'pta-all-three-off',
    title: 'PTA, clinic, insurance and permission all off',
    scenario: { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' },
  },
  { slug: 'pta-unconfirmed', title: "PTA, 'Finish SOAP Notes' on but never confirmed", scenario: { user: 'u-pta-morgan' } },
  { slug: 'pta-insurance-off', title: "PTA, patient's insurance does not allow assistants", scenario: { insurance: 'ins-summit-wc' } },
  { slug: 'pta-supervisor-not-provider', title: 'PTA, supervising therapist is not a billing provider', scenario: { supervisor: 'u-pt-blake' } },
  { slug: 'pt-clinic-off', title: 'PT in a clinic that does not allow assistants', scenario: { user: 'u-pt-avery', clinic: 'clinic-south' } },
  { slug: 'student', title: 'Student PT', scenario: { user: 'u-spt-alex' } },
  {
    slug: 'lakeside-pta-medicare-progress',
    title: 'Lakeside Clinic (Ohio), PTA on a Medicare Part B progress report, treatment day 10',
    scenario: { preset: 'lakeside-pta-medicare-progress' },
  },
  {
    slug: 'iframe-locked',
    title: 'Note screen inside an iframe, PTA with all three off',
    scenario: { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' },
    path: '/ehr/frame.html',
  },
];

const HINT =
  'Switch user, clinic, insurance, note type, case therapist, treatment day and services in "Demo controls", or pick a scenario there (the Lakeside ones show the Medicare, Ohio, supervision and CQ/CO packs). Close the window to stop.';

async function main(): Promise<void> {
  const firefox = process.argv.includes('--firefox');
  try {
    if (firefox) findFirefox();
    else findChrome();
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
    return;
  }
  const headed = Boolean(process.env.DISPLAY) && !process.env.CI && !process.argv.includes('--headless');
  const server = await startDemoServer();
  if (firefox) return inFirefox(server, headed);
  const ext = await launchWithExtension('dist/extension', { headed });
  await seedExampleConfig(ext); // a fresh install is not set up: publish the example people
  if (headed) {
    const page = await ext.context.newPage();
    await page.goto(`${server.url}/index.html`);
    console.log(`Demo EHR at ${server.url}/ (Chromium window). ${HINT}`);
    await new Promise((resolve) => ext.context.on('close', resolve));
    await server.close();
    return;
  }
  mkdirSync('demo-output', { recursive: true });
  for (const [i, s] of SCENARIOS.entries()) {
    const page = await openNote(ext.context, server.url, s.scenario, s.path);
    const frame = s.path ? page.frames()[1] : page.mainFrame();
    await frame.waitForSelector('[data-finalize-guard]');
    const state = s.path ? await frame.getAttribute('button.finalize.top', 'data-finalize-guard') : await lockState(page);
    // Click Finalize as the assistant would: a locked one explains itself, an open one finalizes.
    const box = (await frame.locator('button.finalize.top').boundingBox())!;
    await page.mouse.click(box.x + box.width / 3, box.y + box.height / 2);
    await page.waitForTimeout(400);
    // A locked one's reasons each have their fix on demand: open them all from the keyboard, as a person would.
    const reasons = reasonsWithFix(await overlayLines(page));
    if (state === 'locked' && !s.path && reasons > 0) {
      await page.keyboard.press('Escape');
      await openAllFixes(page, reasons);
    }
    const file = `demo-output/${String(i + 1).padStart(2, '0')}-${s.slug}.png`;
    await page.screenshot({ path: file });
    report(s.title, state, await overlayLines(page), file);
    await page.close();
  }
  await ext.close();
  await server.close();
}

/** How many reasons in the overlay's lines have a "How to fix" disclosure. */
const reasonsWithFix = (lines: string[]) => lines.filter((l) => l.split('\n').some((part) => part.trim() === TEXT.howToFix)).length;

/** The same demo in Firefox: dist/firefox installed as a temporary add-on (about:debugging does the same by hand). */
async function inFirefox(server: DemoServer, headed: boolean): Promise<void> {
  const ff = await launchFirefox('dist/firefox', { headed });
  await seedFirefox(ff); // a fresh install is not set up: publish the example people
  if (headed) {
    const page = await ff.browser.newPage();
    await page.goto(`${server.url}/index.html`);
    console.log(`Demo EHR at ${server.url}/ (Firefox window). ${HINT}`);
    await new Promise((resolve) => ff.browser.once('disconnected', resolve));
    await ff.close().catch(() => undefined);
    await server.close();
    return;
  }
  mkdirSync('demo-output', { recursive: true });
  for (const [i, s] of SCENARIOS.entries()) {
    const page = await openNoteIn(ff, server.url, s.scenario, s.path);
    const frame = s.path ? page.frames()[1] : page.mainFrame();
    await frame.waitForSelector('[data-finalize-guard]');
    const state = s.path ? await frame.$eval('button.finalize.top', (b) => b.getAttribute('data-finalize-guard')) : await marksSay(page);
    // Click Finalize as the assistant would: a locked one explains itself, an open one finalizes.
    await trustedClick(page, 'button.finalize.top', frame);
    await new Promise((r) => setTimeout(r, 400));
    const reasons = reasonsWithFix(await overlayLinesOf(page));
    if (state === 'locked' && !s.path && reasons > 0) {
      await page.keyboard.press('Escape');
      await openAllFixesIn(page, reasons);
    }
    const file = `demo-output/firefox-${String(i + 1).padStart(2, '0')}-${s.slug}.png`;
    await page.screenshot({ path: file });
    report(s.title, state, await overlayLinesOf(page), file);
    await page.close();
  }
  await ff.close();
  await server.close();
}

function report(title: string, state: string | null, lines: string[], file: string): void {
  console.log(`\n── ${title}\nFinalize: ${state === 'locked' ? 'LOCKED' : 'open'}\n${lines.join('\n') || '(no overlay)'}\nScreenshot: ${file}`);
}

void main();
