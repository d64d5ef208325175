/** Admin console: the draft's site profiles (list, edit as JSON, test against open note tabs). */
import type { SectionProps } from '../section';

export function SitesSection({ draft }: SectionProps) {
  return (
    <section aria-labelledby="fg-sites-title" data-testid="sites-section">
      <h2 id="fg-sites-title">Site profiles</h2>
      <ul>
        {draft.sites.map((s) => <li key={s.name}>{s.name} {s.version}</li>)}
      </ul>
    </section>
  );
}
