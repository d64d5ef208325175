/**
 * `npm run demo`: the extension on the demo EHR note screen. With a display it opens Chromium with the
 * extension loaded and leaves it to you; without one (or with --headless) it walks the scenarios,
 * prints what the overlay says for each, and saves screenshots to demo-output/.
 */
import { mkdirSync } from 'node:fs';
import { findChrome, launchWithExtension } from './chromium';
import { startDemoServer } from './demo-server';
import { lockState, openNote, overlayLines, type Scenario } from './ehr-page';
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

async function main(): Promise<void> {
  try {
    findChrome();
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
    return;
  }
  const headed = Boolean(process.env.DISPLAY) && !process.env.CI && !process.argv.includes('--headless');
  const server = await startDemoServer();
  const ext = await launchWithExtension('dist/extension', { headed });
  await seedExampleConfig(ext); // a fresh install is not set up: publish the example people
  if (headed) {
    const page = await ext.context.newPage();
    await page.goto(`${server.url}/index.html`);
    console.log(
      `Demo EHR at ${server.url}/ (Chromium window). Switch user, clinic, insurance, note type, case therapist, treatment day and services in "Demo controls", or pick a scenario there (the Lakeside ones show the Medicare, Ohio, supervision and CQ/CO packs). Close the window to stop.`,
    );
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
    const file = `demo-output/${String(i + 1).padStart(2, '0')}-${s.slug}.png`;
    await page.screenshot({ path: file });
    const lines = await overlayLines(page);
    console.log(`\n── ${s.title}\nFinalize: ${state === 'locked' ? 'LOCKED' : 'open'}\n${lines.join('\n') || '(no overlay)'}\nScreenshot: ${file}`);
    await page.close();
  }
  await ext.close();
  await server.close();
}

void main();
