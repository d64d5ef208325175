import { render } from 'preact';
import browser from 'webextension-polyfill';
import type { ActiveConfig } from '../../background/config';
import { CONFIG_KEY } from '../../shared/storage-keys';
import { ProblemBanner } from '../shared/ProblemBanner';
import { Links } from './Links';
import { PopupStatus } from './status';
import { TabDecision } from './TabDecision';

async function start(): Promise<void> {
  const app = document.getElementById('app');
  if (!app) return;
  const stored = (await browser.storage.local.get(CONFIG_KEY))[CONFIG_KEY] as ActiveConfig | undefined;
  render(
    <>
      <h1>Finalize Guard</h1>
      <TabDecision />
      <ProblemBanner />
      <Links />
      <PopupStatus config={stored ?? null} />
    </>,
    app,
  );
}
void start();
