/**
 * What every section of the admin console receives from the shell (App.tsx): the draft being edited,
 * the configuration in force, and whether this person may change anything. Sections never publish
 * themselves: they edit the draft; the shell publishes it (validated, atomic) through the worker.
 */
import type { ActiveConfig, ConfigBundle } from '../../config/types';

export interface SectionProps {
  /** The draft: starts as a copy of what is in force; edits change only the draft. */
  draft: ConfigBundle;
  onChange(next: ConfigBundle): void;
  /** What note tabs decide with now (null while loading or when none is installed). */
  active: ActiveConfig | null;
  /** True when the console is locked, has no passcode yet, or browser policy makes it read-only. */
  readOnly: boolean;
  /** Items set by browser policy: shown locked, with their source. */
  managed: NonNullable<ActiveConfig['managed']>;
}
