import { render } from 'preact';
import browser from 'webextension-polyfill';
import { CONFIG_KEY, type ActiveConfig } from '../../background/config';
import { PopupStatus } from './status';

async function start(): Promise<void> {
  const app = document.getElementById('app');
  if (!app) return;
  const stored = (await browser.storage.local.get(CONFIG_KEY))[CONFIG_KEY] as ActiveConfig | undefined;
  render(<PopupStatus config={stored ?? null} />, app);
}
void start();
