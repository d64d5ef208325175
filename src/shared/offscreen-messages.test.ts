import { describe, expect, it } from 'vitest';
import { SHIPPED_PROFILES } from '../sites/shipped';
import { isForOffscreen, OFFSCREEN_TARGET, parseSelectorCheckReply, parseSelectorCheckRequest, selectorCheckRequest } from './offscreen-messages';

const problem = { where: 'site x', path: 'noteScreen', message: 'm', hint: 'h', severity: 'error' };

describe('selector check messages', () => {
  it('a request carries its target and every shipped profile passes the request check', () => {
    const request = selectorCheckRequest(SHIPPED_PROFILES);
    expect(request.target).toBe(OFFSCREEN_TARGET);
    expect(isForOffscreen(request)).toBe(true);
    expect(isForOffscreen({ type: request.type, sites: [] })).toBe(false);
    expect(parseSelectorCheckRequest(structuredClone(request))).toEqual(request);
  });

  it.each([
    ['no target', { type: 'offscreen:check-selectors', sites: [] }],
    ['another type', { target: OFFSCREEN_TARGET, type: 'config:publish', sites: [] }],
    ['a profile without a name', { ...selectorCheckRequest([]), sites: [{ ...SHIPPED_PROFILES[0], name: undefined }] }],
    ['a selector list of numbers', { ...selectorCheckRequest([]), sites: [{ ...SHIPPED_PROFILES[0], finalizeControls: [1] }] }],
  ])('rejects a request with %s', (_, m) => {
    expect(parseSelectorCheckRequest(m)).toBeNull();
  });

  it('accepts well-formed replies only: anything else counts as a check that did not run', () => {
    expect(parseSelectorCheckReply({ ok: true, problems: [problem] })).toEqual({ ok: true, problems: [problem] });
    expect(parseSelectorCheckReply({ ok: false, reason: 'r' })).toEqual({ ok: false, reason: 'r' });
    for (const bad of [undefined, {}, { ok: true }, { ok: true, problems: [{ ...problem, severity: 'fatal' }] }, { ok: false }, { ok: 'true', problems: [] }])
      expect(parseSelectorCheckReply(bad)).toBeNull();
  });
});
