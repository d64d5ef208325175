import { describe, expect, it } from 'vitest';
import { describeTab, NOT_A_NOTE } from './tab-decision';

describe("the popup's one sentence about the current tab", () => {
  it.each([
    [undefined, NOT_A_NOTE],
    [{ foo: 1 }, NOT_A_NOTE],
    [{ locked: false, outcome: 'allowed' }, 'Finalize is allowed on this note.'],
    [
      {
        locked: true,
        outcome: 'blocked',
        reasons: ['South Clinic does not allow therapist assistants to finalize notes.', { gate: 'user', message: 'You do not have the permission' }],
      },
      'Finalize is locked on this note. South Clinic does not allow therapist assistants to finalize notes. You do not have the permission.',
    ],
    [{ locked: true }, 'Finalize is locked on this note while permissions are checked.'],
    [{ locked: false, outcome: 'would-block', reasons: ['x'] }, 'Finalize is allowed (monitor mode), but the rules would have locked it. x.'],
  ])('%j → %s', (state, text) => {
    expect(describeTab(state as never)).toBe(text);
  });
});
