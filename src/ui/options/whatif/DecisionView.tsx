/** A decision explained: outcome, each failing gate with its message, remedy, source and rule, warnings, packs, and the trace. */
import type { Decision, Finding } from '../../../policy/types';

const OUTCOME_TEXT: Record<Decision['outcome'], string> = {
  allowed: 'Finalize is allowed',
  blocked: 'Finalize is locked',
  'would-block': 'Finalize would be locked (monitor mode: it is not)',
};

function FindingItem({ f }: { f: Finding }) {
  return (
    <li data-rule={f.rule}>
      <span class="gate-badge">{f.gate}</span> <span class="message">{f.message}</span>
      <div class="remedy">
        <span class="label">How to fix:</span> {f.remedy}
      </div>
      {f.source && <div class="hint">Source: {f.source}</div>}
      <div class="hint mono">
        {f.pack ? `${f.pack} · ` : ''}
        {f.rule}
      </div>
    </li>
  );
}

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

export function DecisionView({ decision, title, testId }: { decision: Decision; title: string; testId: string }) {
  const forDocumenter = decision.warnings.filter((w) => w.audience !== 'admin');
  const forAdmin = decision.warnings.filter((w) => w.audience === 'admin');
  return (
    <div class="decision" data-testid={testId} data-outcome={decision.outcome}>
      <h4>{title}</h4>
      <p class={`outcome ${decision.outcome}`} data-testid={`${testId}-outcome`}>
        {OUTCOME_TEXT[decision.outcome]}
      </p>
      {decision.failures.length > 0 && (
        <>
          <p class="label">Why ({decision.failures.length})</p>
          <ul class="findings">
            {decision.failures.map((f) => (
              <FindingItem key={`${f.rule}-${f.message}`} f={f} />
            ))}
          </ul>
        </>
      )}
      {forDocumenter.length > 0 && (
        <>
          <p class="label">Warnings</p>
          <ul class="findings">
            {forDocumenter.map((f) => (
              <FindingItem key={f.rule} f={f} />
            ))}
          </ul>
        </>
      )}
      {forAdmin.length > 0 && (
        <>
          <p class="label">For admins</p>
          <ul class="findings">
            {forAdmin.map((f) => (
              <FindingItem key={f.rule} f={f} />
            ))}
          </ul>
        </>
      )}
      {decision.infos.length > 0 && (
        <>
          <p class="label">Notes</p>
          <ul class="findings">
            {decision.infos.map((f) => (
              <FindingItem key={f.rule} f={f} />
            ))}
          </ul>
        </>
      )}
      {decision.initials && (
        <p class="hint">
          Chart initials: {decision.initials.assistant} / {decision.initials.supervisor}
        </p>
      )}
      {decision.packs.length > 0 && (
        <>
          <p class="label">Rule packs applied</p>
          <ul class="packs-applied">
            {decision.packs
              .filter((p) => p.applied)
              .map((p) => (
                <li key={p.name}>
                  {p.name} {p.version} ({p.mode})
                </li>
              ))}
            {!decision.packs.some((p) => p.applied) && <li>none</li>}
          </ul>
          {decision.packs.some((p) => !p.applied) && (
            <details class="packs-skipped">
              <summary>Not applied ({decision.packs.filter((p) => !p.applied).length})</summary>
              <ul>
                {decision.packs
                  .filter((p) => !p.applied)
                  .map((p) => (
                    <li key={p.name}>
                      {p.name} {p.version}: {p.why ?? 'not applied'}
                    </li>
                  ))}
              </ul>
            </details>
          )}
        </>
      )}
      {decision.trace.length > 0 && (
        <details class="trace">
          <summary>
            Trace: {decision.trace.length} conditions, {decision.rules.filter((r) => r.fired).length} of {decision.rules.length} rules fired
          </summary>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Where</th>
                  <th scope="col">Fact</th>
                  <th scope="col">Test</th>
                  <th scope="col">Seen</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {decision.trace.map((t, i) => (
                  <tr key={i}>
                    <td class="mono">{t.rule}</td>
                    <td class="mono">{t.at}</td>
                    <td class="mono">
                      {t.fact}
                      {t.path ? `.${t.path}` : ''}
                    </td>
                    <td class="mono">
                      {t.operator} {show(t.expected)}
                    </td>
                    <td class="mono">{show(t.seen)}</td>
                    <td>{t.passed === null ? 'skipped' : t.passed ? 'passed' : 'failed'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </div>
  );
}
