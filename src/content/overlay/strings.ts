/** Every text the note screen's overlay shows or announces, written once. Rule and page text is only ever passed in as text. */
import type { Decision } from '../../policy/types';
import type { GuardState, LockReason } from '../guard-api';

/** The explanation's headline while no decision can be explained ('blocked' counts its reasons: lockedHeadline). */
const HEADLINES: Record<Exclude<LockReason, 'blocked'>, string> = {
  loading: 'Checking permissions…',
  orphaned: 'Finalize Guard was updated. Reload this page to finalize.',
  error: 'Finalize Guard could not check this note, so Finalize stays locked.',
};

/** "Finalize is locked — 3 reasons": how many there are is said first, so that none is missed. */
function lockedHeadline(reasons: number): string {
  if (reasons === 0) return 'Finalize is locked';
  return `Finalize is locked — ${reasons} ${reasons === 1 ? 'reason' : 'reasons'}`;
}

export const TEXT = {
  badge: 'Finalize is locked. Show why.',
  panel: 'Why Finalize is locked',
  howToFix: 'How to fix',
  source: 'Source: ',
  billingTitle: 'Billing warning',
  warningTitle: 'Before you finalize',
  dismiss: 'Dismiss',
  showDetails: 'Show',
  hideDetails: 'Hide',
  monitor: 'Monitor mode: this would be locked',
  available: 'Finalize is available.',
  billingConfirmTitle: 'This note will not reach billing',
  billingConfirmAsk: 'Finalize it anyway? It will be finalized, but not sent to billing.',
  finalizeAnyway: 'Finalize anyway',
  cancel: 'Cancel',
  monitorAnnounce: 'Monitor mode: Finalize would be locked, but is not.',
} as const;

/** The explanation's offer when the site profile names the EHR's Forward control. */
export const forwardTo = (supervisor: string) => `Forward to ${supervisor}`;

export const finalizedBy = (i: { assistant: string; supervisor: string }) => `Finalized by ${i.assistant} · supervised by ${i.supervisor}`;

/** The headline of the explanation for this state and decision. */
export function headline(state: GuardState, decision: Decision | null): string {
  if (!state.locked) return '';
  return state.reason === 'blocked' ? lockedHeadline(decision?.failures.length ?? 0) : HEADLINES[state.reason];
}

/** What a screen reader hears on a locked control (its aria-description): the headline and every reason. */
export function lockDescription(state: GuardState, decision: Decision | null): string {
  if (!state.locked) return '';
  const head = headline(state, decision);
  const reasons = decision?.failures.map((f) => f.message) ?? [];
  return reasons.length > 0 ? `${head.replace(/\.$/, '')}: ${reasons.join(' ')}` : head;
}

/** What the aria-live region says when the decision changes. */
export function announcement(decision: Decision): string {
  if (decision.outcome === 'allowed') return TEXT.available;
  if (decision.outcome === 'would-block') return TEXT.monitorAnnounce;
  return `Finalize is locked: ${decision.failures.map((f) => f.message).join(' ')}`;
}
