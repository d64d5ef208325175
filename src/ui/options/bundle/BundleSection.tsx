/** Admin console: export the configuration as one bundle file, import one (validated, summarised, confirmed). */
import type { SectionProps } from '../section';

export function BundleSection({ draft }: SectionProps) {
  return (
    <section aria-labelledby="fg-bundle-title" data-testid="bundle-section">
      <h2 id="fg-bundle-title">Import and export</h2>
      <p>{draft.packs.length} packs, {draft.sites.length} site profiles in the draft.</p>
    </section>
  );
}
