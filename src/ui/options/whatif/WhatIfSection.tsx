/**
 * What-if and replay: the draft tried on one note (beside the configuration in force), and on the newest
 * blocked attempts of the audit log. The draft is validated first, as publishing would; an invalid draft
 * is never decided with.
 */
import { useMemo } from 'preact/hooks';
import type { AuditEntry } from '../../../audit/types';
import type { SectionProps } from '../section';
import { installDraft } from './context';
import { ReplayPanel } from './ReplayPanel';
import { WhatIfPanel } from './WhatIfPanel';
import './whatif.css';

export function WhatIfSection({ draft, active, loadAudit }: SectionProps & { loadAudit?: (n: number) => Promise<AuditEntry[]> }) {
  const install = useMemo(() => installDraft(draft), [draft]);
  return (
    <section aria-labelledby="fg-whatif-title" data-testid="whatif-section" class="whatif-section">
      <h2 id="fg-whatif-title">What-if and replay</h2>
      <p class="hint">
        Try the draft before publishing it: on a note you describe, and on the attempts already in the audit log. Nothing here changes the draft or what is in
        force.
      </p>
      <WhatIfPanel directory={draft.directory} install={install} active={active} />
      <ReplayPanel directory={draft.directory} install={install} active={active} load={loadAudit} />
    </section>
  );
}
