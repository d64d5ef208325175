/** How many blocked attempts nobody has reviewed yet (attempt entries without a review entry). */
import { useEffect, useState } from 'preact/hooks';
import { reviewsByAttempt } from '../../audit/filter';
import { readAllEntries } from '../shared/audit-db';
import { plural } from '../shared/format';

function unreviewedCount(entries: Awaited<ReturnType<typeof readAllEntries>>): number {
  const reviews = reviewsByAttempt(entries);
  let n = 0;
  for (const e of entries) if (e.type === 'attempt' && !reviews.has(e.id)) n++;
  return n;
}

export function Unreviewed() {
  const [text, setText] = useState('counting…');
  useEffect(() => {
    readAllEntries({ sorted: false }).then(
      (entries) => setText(`${plural(unreviewedCount(entries), 'unreviewed blocked attempt')}`),
      () => setText('the audit log could not be read'),
    );
  }, []);
  return <span data-testid="unreviewed">{text}</span>;
}
