/** How much storage the extension uses (the audit log is most of it), from navigator.storage.estimate(). */
import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '../shared/format';

export function StorageUsed({ version }: { version: unknown }) {
  const [text, setText] = useState('measuring…');
  useEffect(() => {
    if (!navigator.storage?.estimate) return setText('not available in this browser');
    void navigator.storage.estimate().then(
      ({ usage, quota }) => setText(usage === undefined ? 'unknown' : `${formatBytes(usage)}${quota ? ` of ${formatBytes(quota)} available` : ''}`),
      () => setText('unknown'),
    );
  }, [version]);
  return (
    <p class="storage-used">
      <span class="label">Storage used: </span>
      <span data-testid="storage-used">{text}</span>
    </p>
  );
}
