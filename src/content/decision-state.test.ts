/** How a decision locks the guard: the overlay's headline follows the lock reason. */
import { describe, expect, it } from 'vitest';
import { ENGINE_FAILED, policyError } from '../policy/decision';
import { notSetUp } from '../policy/not-set-up';
import type { Decision, Finding, TraceEntry } from '../policy/types';
import { notBilled, stateFor } from './decision-state';

describe('stateFor', () => {
  it('locks a clinic that is not set up yet as a plain lock, not as "could not check"', () => {
    expect(stateFor(notSetUp())).toEqual({ locked: true, reason: 'blocked' });
  });

  it('locks as an error when something went wrong', () => {
    expect(stateFor(policyError(...ENGINE_FAILED))).toEqual({ locked: true, reason: 'error' });
  });
});

describe('notBilled', () => {
  const warn = (rule: string, gate: Finding['gate'] = 'billing'): Finding => ({ gate, rule, type: 'warn', message: rule, remedy: 'r', audience: 'documenter' });
  const tested = (rule: string, path: string): TraceEntry => ({
    rule,
    at: 'all[1]',
    fact: 'supervisor',
    path,
    operator: 'notEqual',
    expected: true,
    seen: false,
    passed: true,
  });
  const allowed = (warnings: Finding[], trace: TraceEntry[]): Decision => ({
    ...policyError('x', 'y'),
    outcome: 'allowed',
    failures: [],
    warnings,
    trace,
  });

  it("holds Finalize only for billing warnings whose rule tests a billing provider (not a CQ modifier's), and only when allowed", () => {
    const provider = warn('billing-supervisor-is-provider');
    const cq = warn('cq-modifier');
    const d = allowed([provider, cq, warn('progress-due', 'note-type')], [tested(provider.rule, 'isBillingProvider'), tested(cq.rule, 'assistantOver10')]);
    expect(notBilled(d)).toEqual([provider]);
    expect(notBilled({ ...d, outcome: 'blocked' })).toEqual([]);
    expect(notBilled(null)).toEqual([]);
  });
});
