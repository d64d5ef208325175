/**
 * The active tab's latest decision, as the worker keeps it in storage.session under `tab:<tabId>`,
 * said in one sentence. The value is read defensively: it is written by another part of the extension.
 */
export interface TabState {
  locked?: unknown;
  outcome?: unknown;
  reasons?: unknown;
}

export const NOT_A_NOTE = 'This tab is not a note screen Finalize Guard knows.';

function reasonText(r: unknown): string {
  if (typeof r === 'string') return r;
  if (typeof r === 'object' && r !== null) {
    const o = r as Record<string, unknown>;
    if (typeof o.message === 'string') return o.message;
    if (typeof o.gate === 'string') return o.gate;
  }
  return '';
}

const sentenceEnd = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

export function describeTab(state: TabState | null | undefined): string {
  if (!state || typeof state !== 'object' || typeof state.locked !== 'boolean') return NOT_A_NOTE;
  const reasons = Array.isArray(state.reasons) ? state.reasons.map(reasonText).filter(Boolean) : [];
  const why = reasons.length ? ` ${reasons.map(sentenceEnd).join(' ')}` : '';
  if (state.outcome === 'allowed' && !state.locked) return 'Finalize is allowed on this note.';
  if (state.outcome === 'would-block') return `Finalize is allowed (monitor mode), but the rules would have locked it.${why}`;
  if (state.locked && state.outcome === 'blocked') return `Finalize is locked on this note.${why}`;
  if (state.locked) return `Finalize is locked on this note while permissions are checked.${why}`;
  return 'Finalize is allowed on this note.';
}
