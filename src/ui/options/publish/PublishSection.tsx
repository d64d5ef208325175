/** Publish the draft (validated first) and the history of published versions, each with its changes and a rollback. */
import type { Change, ConfigBundle, PublishedVersion } from '../../../config/types';
import type { SectionProps } from '../section';

export interface PublishProps extends SectionProps {
  inForce: ConfigBundle;
  changes: Change[];
  history: PublishedVersion[];
  onDiscard(): void;
}

export function PublishSection({ changes, history }: PublishProps) {
  return (
    <section aria-labelledby="fg-publish-title" data-testid="publish-section">
      <h2 id="fg-publish-title">Publish and history</h2>
      <p>{changes.length} changes; {history.length} versions.</p>
    </section>
  );
}
