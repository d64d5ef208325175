import { describe, expect, it } from 'vitest';
import { attemptRecord } from '../audit/fixtures';
import { MAX_IMPORT_ENTRIES, parseContentMessage, parsePageMessage } from './messages';

const attempt = attemptRecord({ gates: ['clinic', 'insurance', 'user'] });

describe('parseContentMessage', () => {
  it('accepts a well-formed attempt and lock state', () => {
    expect(parseContentMessage({ type: 'attempt', attempt })).not.toBeNull();
    expect(parseContentMessage({ type: 'lock-state', locked: true, endpoints: ['/api/notes/*/finalize'] })).not.toBeNull();
    expect(parseContentMessage({ type: 'lock-state', locked: true, page: 0.25 })).not.toBeNull();
  });

  it.each([
    ['an unknown type', { type: 'unlock' }],
    ['an extra top-level key', { type: 'lock-state', locked: true, tabId: 3 }],
    ['a patient name smuggled into an attempt', { type: 'attempt', attempt: { ...attempt, patientName: 'Jane Doe' } }],
    ['a note text in place of an id', { type: 'attempt', attempt: { ...attempt, noteId: 'Patient reports knee pain' } }],
    ['an id that is not a UUID', { type: 'attempt', attempt: { ...attempt, id: '1' } }],
    ['a string "false" for locked', { type: 'lock-state', locked: 'false' }],
    ['endpoints that are not a list', { type: 'lock-state', locked: true, endpoints: '/api/notes' }],
    ['too many endpoints', { type: 'lock-state', locked: true, endpoints: Array.from({ length: 9 }, (_, i) => `/e${i}`) }],
    ['an endpoint with spaces', { type: 'lock-state', locked: true, endpoints: ['/api/ notes'] }],
    ['a page mark that is not a number', { type: 'lock-state', locked: true, page: 'page 1' }],
    ['a page mark that is not finite', { type: 'lock-state', locked: true, page: Number.NaN }],
    ['an outcome of allowed', { type: 'attempt', attempt: { ...attempt, outcome: 'allowed' } }],
    ['not an object', 'attempt'],
  ])('rejects %s', (_, message) => {
    expect(parseContentMessage(message)).toBeNull();
  });
});

describe('parseContentMessage: lock state for the popup', () => {
  it('accepts an outcome and the failing reasons', () => {
    expect(
      parseContentMessage({
        type: 'lock-state',
        locked: true,
        outcome: 'blocked',
        reasons: ['South Clinic does not allow therapist assistants to finalize notes.'],
      }),
    ).not.toBeNull();
    expect(parseContentMessage({ type: 'lock-state', locked: false, outcome: 'would-block', reasons: [] })).not.toBeNull();
    expect(parseContentMessage({ type: 'lock-state', locked: false, outcome: 'allowed' })).not.toBeNull();
  });

  it.each([
    ['an unknown outcome', { outcome: 'maybe' }],
    ['reasons that are not a list', { reasons: 'all of them' }],
    ['a reason that is not text', { reasons: [{ message: 'x' }] }],
    ['more than 10 reasons', { reasons: Array.from({ length: 11 }, () => 'why') }],
    ['a reason over 300 characters', { reasons: ['x'.repeat(301)] }],
  ])('rejects %s', (_, extra) => {
    expect(parseContentMessage({ type: 'lock-state', locked: true, ...extra })).toBeNull();
  });
});

describe('parsePageMessage', () => {
  const reviewOf = '0b7f2a4e-7c1d-4b8e-9f3a-2d5c6e7f8a9b';
  it('accepts well-formed audit requests', () => {
    expect(parsePageMessage({ type: 'audit:review', reviewOf, reviewer: 'u-pt-avery', note: '' })).not.toBeNull();
    expect(parsePageMessage({ type: 'audit:review', reviewOf, reviewer: 'avery@clinic.example', note: 'x'.repeat(500) })).not.toBeNull();
    expect(parsePageMessage({ type: 'audit:set-retention', days: 1 })).not.toBeNull();
    expect(parsePageMessage({ type: 'audit:set-retention', days: 3650 })).not.toBeNull();
  });

  it.each([
    ['a content-script message', { type: 'lock-state', locked: true }],
    ['an unknown audit request', { type: 'audit:clear' }],
    ['a review of something that is not a UUID', { type: 'audit:review', reviewOf: 'all', reviewer: 'u-pt-avery', note: '' }],
    ['a reviewer with spaces', { type: 'audit:review', reviewOf, reviewer: 'Avery Kim', note: '' }],
    ['a reviewer starting with punctuation', { type: 'audit:review', reviewOf, reviewer: '-avery', note: '' }],
    ['a reviewer over 64 characters', { type: 'audit:review', reviewOf, reviewer: 'a'.repeat(65), note: '' }],
    ['a note over 500 characters', { type: 'audit:review', reviewOf, reviewer: 'u-pt-avery', note: 'x'.repeat(501) }],
    ['a note that is not text', { type: 'audit:review', reviewOf, reviewer: 'u-pt-avery', note: null }],
    ['an extra key on a review', { type: 'audit:review', reviewOf, reviewer: 'u-pt-avery', note: '', at: 'now' }],
    ['the old whole-file import', { type: 'audit:import', fileName: 'log.json', text: '{}' }],
    ['a retention of 0 days', { type: 'audit:set-retention', days: 0 }],
    ['a retention of 3651 days', { type: 'audit:set-retention', days: 3651 }],
    ['a fractional retention', { type: 'audit:set-retention', days: 1.5 }],
    ['a retention as text', { type: 'audit:set-retention', days: '30' }],
    ['not an object', 'audit:review'],
  ])('rejects %s', (_, message) => {
    expect(parsePageMessage(message)).toBeNull();
  });
});

describe('parsePageMessage: a part of an imported file', () => {
  const entry = { id: '0b7f2a4e-7c1d-4b8e-9f3a-2d5c6e7f8a9b', type: 'attempt' };
  const part = (over: Record<string, unknown> = {}) => ({
    type: 'audit:import-entries',
    fileName: 'audit-2026-11-27.json',
    entries: [entry],
    last: true,
    ...over,
  });

  it('accepts 1 to 5,000 entries, as the first, a middle or the last part', () => {
    expect(MAX_IMPORT_ENTRIES).toBe(5000);
    expect(parsePageMessage(part())).toEqual(part());
    expect(parsePageMessage(part({ entries: Array(5000).fill(entry), last: false }))).not.toBeNull();
    expect(parsePageMessage(part({ fileName: 'f'.repeat(200) }))).not.toBeNull();
  });

  it('leaves the entries themselves to the worker, which names the bad one', () => {
    expect(parsePageMessage(part({ entries: [entry, 'not an entry'] }))).not.toBeNull();
  });

  it.each([
    ['no entries', { entries: [] }],
    ['5,001 entries', { entries: Array(5001).fill(entry) }],
    ['entries that are not a list', { entries: { 0: entry, length: 1 } }],
    ['a whole file as text', { entries: '{"format":"finalize-guard-audit"}' }],
    ['no last flag', { last: undefined }],
    ['a last flag as text', { last: 'true' }],
    ['a file name over 200 characters', { fileName: 'f'.repeat(201) }],
    ['no file name', { fileName: undefined }],
    ['an extra key', { offset: 5000 }],
  ])('rejects %s', (_, over) => {
    const m: Record<string, unknown> = part(over);
    for (const k of Object.keys(m)) if (m[k] === undefined) delete m[k];
    expect(parsePageMessage(m)).toBeNull();
  });
});
