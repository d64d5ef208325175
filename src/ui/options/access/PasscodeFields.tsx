/** A new passcode typed twice; `newPasscodeProblem` says what is wrong before anything is sent (the worker checks again). */
import { MIN_PASSCODE_LENGTH, passcodeProblem } from '../../../config/passcode';

export function newPasscodeProblem(next: string, repeat: string): string | null {
  if (next.length === 0) return 'Type a passcode.';
  if (next !== repeat) return 'The two new passcodes are not the same.';
  return passcodeProblem(next);
}

interface Props {
  next: string;
  repeat: string;
  onNext(v: string): void;
  onRepeat(v: string): void;
}

export function NewPasscodeFields({ next, repeat, onNext, onRepeat }: Props) {
  return (
    <>
      <label class="field">
        <span class="label">New passcode</span>
        <input
          type="password"
          autocomplete="new-password"
          maxLength={256}
          placeholder={`at least ${MIN_PASSCODE_LENGTH} characters`}
          value={next}
          onInput={(e) => onNext(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span class="label">Repeat the new passcode</span>
        <input type="password" autocomplete="new-password" maxLength={256} value={repeat} onInput={(e) => onRepeat(e.currentTarget.value)} />
      </label>
    </>
  );
}
