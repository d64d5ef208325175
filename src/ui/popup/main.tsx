import { render } from 'preact';
import browser from 'webextension-polyfill';
import type { ActiveConfig } from '../../background/config';
import { STATUS_KEY } from '../../config/status';
import { CONFIG_KEY } from '../../shared/storage-keys';
import { ProblemBanner } from '../shared/ProblemBanner';
import { Links } from './Links';
import { PopupStatus } from './status';
import { TabDecision } from './TabDecision';

async function start(): Promise<void> {
  const app = document.getElementById('app');
  if (!app) return;
  const { [CONFIG_KEY]: stored, [STATUS_KEY]: status } = (await browser.storage.local.get([CONFIG_KEY, STATUS_KEY])) as {
    [CONFIG_KEY]?: ActiveConfig;
    [STATUS_KEY]?: unknown;
  };
  render(
    <>
      <h1>Finalize Guard</h1>
      <TabDecision />
      <ProblemBanner />
      <Links />
      <PopupStatus config={stored ?? null} status={status} />
    </>,
    app,
  );
}
void start();
