/** The admin console's rule packs: what the draft holds (a first, read-only list; the editor follows). */
import type { SectionProps } from '../section';

export function PacksSection({ draft }: SectionProps) {
  return (
    <section class="fg-packs" aria-labelledby="fg-packs-title">
      <h2 id="fg-packs-title">Rule packs</h2>
      <ul>
        {draft.packs.map(({ pack, enabled }) => (
          <li key={pack.name}>
            <strong>{pack.name}</strong> {pack.version} · {enabled ? (pack.mode === 'monitor' ? 'monitor' : 'enabled') : 'disabled'}
          </li>
        ))}
      </ul>
    </section>
  );
}
