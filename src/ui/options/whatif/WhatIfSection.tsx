/** The admin console's what-if panel (a first placeholder; the panel and replay follow). */
import type { SectionProps } from '../section';

export function WhatIfSection({ draft }: SectionProps) {
  return (
    <section class="fg-whatif" aria-labelledby="fg-whatif-title">
      <h2 id="fg-whatif-title">What-if and replay</h2>
      <p class="hint">{draft.directory.users.length} users in the draft's directory.</p>
    </section>
  );
}
