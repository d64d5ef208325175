/** The organisation directory in plain forms, as WebPT shows them: clinics, insurances, users, billing. */
import type { SectionProps } from '../section';

export function DirectorySection({ draft }: SectionProps) {
  return (
    <section aria-labelledby="fg-directory-title" data-testid="directory-section">
      <h2 id="fg-directory-title">Directory</h2>
      <p>{draft.directory.clinics.length} clinics, {draft.directory.insurances.length} insurances, {draft.directory.users.length} users.</p>
    </section>
  );
}
