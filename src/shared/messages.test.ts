import { describe, expect, it } from 'vitest';
import { parseContentMessage, type AttemptRecord } from './messages';

const attempt: AttemptRecord = {
  id: '0b7f2a4e-7c1d-4b8e-9f3a-2d5c6e7f8a9b', at: '2026-11-27T10:00:00.000Z', kind: 'click', outcome: 'blocked',
  profile: 'demo-ehr', userId: 'u-pta-riley', clinicId: 'clinic-south', insuranceIds: ['ins-summit-wc'], noteType: 'daily',
  noteId: 'note-20001', gates: ['clinic', 'insurance', 'user'], rules: ['clinic-allows-assistants'],
  pack: { name: 'webpt-default', version: '1.0.0', hash: 'ab12' },
};

describe('parseContentMessage', () => {
  it('accepts a well-formed attempt and lock state', () => {
    expect(parseContentMessage({ type: 'attempt', attempt })).not.toBeNull();
    expect(parseContentMessage({ type: 'lock-state', locked: true, endpoint: '/api/notes/*/finalize' })).not.toBeNull();
  });

  it.each([
    ['an unknown type', { type: 'unlock' }],
    ['an extra top-level key', { type: 'lock-state', locked: true, tabId: 3 }],
    ['a patient name smuggled into an attempt', { type: 'attempt', attempt: { ...attempt, patientName: 'Jane Doe' } }],
    ['a note text in place of an id', { type: 'attempt', attempt: { ...attempt, noteId: 'Patient reports knee pain' } }],
    ['an id that is not a UUID', { type: 'attempt', attempt: { ...attempt, id: '1' } }],
    ['a string "false" for locked', { type: 'lock-state', locked: 'false' }],
    ['an endpoint with spaces', { type: 'lock-state', locked: true, endpoint: '/api/ notes' }],
    ['an outcome of allowed', { type: 'attempt', attempt: { ...attempt, outcome: 'allowed' } }],
    ['not an object', 'attempt'],
  ])('rejects %s', (_, message) => {
    expect(parseContentMessage(message)).toBeNull();
  });
});
