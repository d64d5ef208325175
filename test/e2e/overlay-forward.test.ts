/**
 * WebPT's answer for an assistant who may not finalize is to forward the note to the supervising therapist. The
 * demo EHR's profile names its Forward button (forwardControl): the explanation offers "Forward to <supervising
 * therapist>", and that activates the EHR's own Forward — keyboard only here.
 */
import { describe, expect, it } from 'vitest';
import { explanationOpened, finalizeCalls, focused, lockState, openNote } from '../../scripts/ehr-page';
import { useDemoExtension } from './setup';

/** Riley (PTA) at South with Summit workers' comp, supervised by Blake Osei: locked. */
const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc', supervisor: 'u-pt-blake' };

describe('forward to the supervising therapist', () => {
  const env = useDemoExtension();

  it('the explanation offers "Forward to Blake Osei", which presses the EHR\'s own Forward', async () => {
    const page = await openNote(env.ext.context, env.server.url, BLOCKED);
    expect(await lockState(page)).toBe('locked');
    await page.focus('button.finalize.top');
    await page.keyboard.press('Enter'); // opens the explanation (drawn in the next frame: Tab waits for it, as a person would)
    await expect.poll(async () => (await explanationOpened(page)).explanation).toBe(true);
    await page.keyboard.press('Tab'); // the badge
    let name = '';
    for (let stops = 0; stops < 8 && !name.startsWith('Forward to'); stops++) {
      await page.keyboard.press('Tab');
      name = (await focused(page))?.name ?? '';
    }
    expect(name).toBe('Forward to Blake Osei');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __forwardCalls: number }).__forwardCalls)).toBe(1);
    expect(await page.locator('#status').textContent()).toBe('Forwarded to Blake Osei for co-signature.');
    expect(await finalizeCalls(page)).toBe(0);
    expect(await lockState(page)).toBe('locked');
    await page.close();
  });
});
