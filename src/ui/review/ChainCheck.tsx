/** "Verify chain": every entry's hash and link, over the whole log (not only the filtered rows). */
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { verifyChain } from '../../audit/chain';
import type { AuditEntry } from '../../audit/types';
import { checkHead } from '../shared/worker';
import { judgeChain, type ChainVerdict } from './chain-result';

async function ownChainId(): Promise<string | null> {
  const stored = (await browser.storage.local.get('auditIdentity')).auditIdentity as { chainId?: unknown } | undefined;
  return typeof stored?.chainId === 'string' ? stored.chainId : null;
}

/** `disabled` while the whole log is loading (a partial log would verify as if it were everything). */
export function ChainCheck({ entries, disabled = false }: { entries: AuditEntry[]; disabled?: boolean }) {
  const [verdict, setVerdict] = useState<ChainVerdict | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setVerdict(null);
    try {
      // In chain order (by chain, then seq): the page holds the log in time order, which is not always commit order.
      const inChainOrder = [...entries].sort((a, b) => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : a.seq - b.seq));
      const [report, own, head] = await Promise.all([verifyChain(inChainOrder, { allowGaps: true }), ownChainId(), checkHead()]);
      setVerdict(judgeChain(entries, report, own, head));
    } catch (e) {
      setVerdict({ ok: false, headline: `Verification could not run: ${(e as Error).message}`, details: [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="chain-check">
      <button type="button" onClick={run} disabled={busy || disabled}>
        {busy ? 'Verifying…' : 'Verify chain'}
      </button>
      <div role="status" class="chain-result" data-testid="chain-result">
        {verdict && (
          <>
            <p class={verdict.ok ? 'ok' : 'bad'}>{verdict.headline}</p>
            {verdict.details.length > 0 && (
              <ul>
                {verdict.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  );
}
