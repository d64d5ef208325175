/** How a decision locks the guard: the overlay's headline follows the lock reason. */
import { describe, expect, it } from 'vitest';
import { ENGINE_FAILED, policyError } from '../policy/decision';
import { notSetUp } from '../policy/not-set-up';
import type { Decision, Finding, TraceEntry } from '../policy/types';
import { isAttemptRecord } from '../shared/messages';
import { attemptRecord, MORE_RULES, notBilled, stateFor } from './decision-state';

describe('stateFor', () => {
  it('locks a clinic that is not set up yet as a plain lock, not as "could not check"', () => {
    expect(stateFor(notSetUp())).toEqual({ locked: true, reason: 'blocked' });
  });

  it('locks as an error when something went wrong', () => {
    expect(stateFor(policyError(...ENGINE_FAILED))).toEqual({ locked: true, reason: 'error' });
  });
});

describe('attemptRecord', () => {
  const attempt = { kind: 'click' as const, control: null, stopped: true, repeat: false, at: Date.parse('2026-11-27T10:00:00.000Z') };
  const blockedBy = (n: number) =>
    ({
      outcome: 'blocked',
      failures: Array.from({ length: n }, (_, i) => ({ gate: i % 2 ? 'user' : 'clinic', rule: `rule-${i}`, message: 'm', remedy: 'r' })),
      pack: { name: 'p', version: '1', hash: 'ab' },
    }) as unknown as Decision;
  const id = '2a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

  it('keeps a record within the limits as it is', () => {
    const r = attemptRecord(attempt, blockedBy(3), {}, 'demo-ehr', id);
    expect(r.rules).toEqual(['rule-0', 'rule-1', 'rule-2']);
    expect(r.gates).toEqual(['clinic', 'user', 'clinic']);
  });

  it('fits a decision with more than 50 gates and 200 rules into what the worker accepts, saying more rules stopped it', () => {
    const r = attemptRecord(attempt, blockedBy(250), {}, 'demo-ehr', id);
    expect(isAttemptRecord(r)).toBe(true);
    expect(r.gates).toEqual(['clinic', 'user']);
    expect(r.rules).toHaveLength(200);
    expect(r.rules.at(-1)).toBe(MORE_RULES);
    expect(r.rules[198]).toBe('rule-198');
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
