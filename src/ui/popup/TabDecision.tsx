/** The current tab's decision in one sentence (activeTab-free: tabs.query gives the id without "tabs"). */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { describeTab, NOT_A_NOTE, type TabState } from './tab-decision';

export function TabDecision() {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let key = '';
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && key && key in changes) setText(describeTab(changes[key].newValue as TabState | undefined));
    };
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (typeof tab?.id !== 'number') return setText(NOT_A_NOTE);
      key = `tab:${tab.id}`;
      const stored = (await browser.storage.session.get(key))[key] as TabState | undefined;
      setText(describeTab(stored));
    })().catch(() => setText(NOT_A_NOTE));
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
  return (
    <p class="tab-decision" data-testid="tab-decision">
      {text ?? 'Reading this tab…'}
    </p>
  );
}
