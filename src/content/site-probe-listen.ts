/// <reference types="@crxjs/vite-plugin/client" />
/**
 * The admin console's "test against the current tab", as every EHR page pays for it: a listener of a few
 * hundred bytes. It answers only this extension's own pages, and loads the handler (site-probe.ts, with the
 * site-profile validator) from the extension when a request arrives. The handler gets the extraction
 * functions from here, so they stay in this chunk instead of being split out for it.
 */
import type { Runtime } from 'webextension-polyfill';
import { fromExtensionPage } from '../shared/senders';
import { extractContext, findControls, isNoteScreen } from '../sites/extract';
import { ext, onRequest } from './ext';
import handlerFile from './site-probe?script&module';
import type { SiteProbeRequest, SiteProbeResult } from './site-probe';

/** The request's type (site-probe.ts is imported for types only: it must stay out of this chunk). */
const SITE_PROBE: SiteProbeRequest['type'] = 'site:probe';

/** Messages from this extension's own pages only: not from content scripts (they have a tab), not from others. */
export function fromOurPage(sender: Runtime.MessageSender, ownId: string, ownOrigin: string): boolean {
  return !sender.tab && fromExtensionPage({ id: ownId, origin: ownOrigin }, sender);
}

export function listenForSiteProbes(doc: Document = document, win: Window = window): void {
  onRequest((message, sender): Promise<SiteProbeResult> | undefined => {
    const m = message as { type?: unknown; profile?: unknown } | null;
    if (m?.type !== SITE_PROBE || !fromOurPage(sender, ext().runtime.id, ext().runtime.getURL(''))) return undefined;
    // The console hears the first frame that answers: the tab's page, or a frame inside it that shows the note
    // screen (isNoteScreen only queries, and never throws on a malformed profile). Other frames stay silent.
    if (win !== win.top && !isNoteScreen(doc, m.profile as never)) return undefined;
    return import(/* @vite-ignore */ ext().runtime.getURL(handlerFile)).then((h: typeof import('./site-probe')) =>
      h.answerProbe(m, doc, win, { extractContext, findControls, isNoteScreen }),
    );
  });
}
