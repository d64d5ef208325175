/**
 * What the worker says about the audit log, shown prominently on every page that reads the log: the problem while
 * writes fail ('auditProblem', e.g. the log is full; gone after the next good write), and what the log lost
 * ('auditNotice'; it stays, whatever is written next, until it is dismissed on the review page).
 */
import { useState } from 'preact/hooks';
import { AUDIT_NOTICE_KEY, AUDIT_PROBLEM_KEY, type AuditProblem } from '../../shared/storage-keys';
import { formatTime } from './format';
import { useStorageValue } from './storage';
import { askWorker } from './ask-worker';

const isProblem = (p: AuditProblem | null | undefined): p is AuditProblem => typeof p?.message === 'string';

/** `canDismiss`: the review page, the one page that takes down what the log lost (the worker refuses it from the others). */
export function ProblemBanner({ canDismiss = false }: { canDismiss?: boolean }) {
  const problem = useStorageValue<AuditProblem>('local', AUDIT_PROBLEM_KEY);
  const notice = useStorageValue<AuditProblem>('local', AUDIT_NOTICE_KEY);
  const [refused, setRefused] = useState('');
  // Someone has seen it: the worker takes it down (the pages never write storage themselves).
  const dismiss = async () => {
    const r = await askWorker({ type: 'audit:dismiss-notice' });
    setRefused(r.ok === true ? '' : String(r.reason));
  };
  return (
    <>
      {isProblem(problem) && (
        <div class="fg-problem" role="alert" data-testid="audit-problem">
          <strong>The audit log has a problem: </strong>
          <span>{problem.message}</span>
          {typeof problem.at === 'string' && <span class="fg-problem-at"> (since {formatTime(problem.at)})</span>}
        </div>
      )}
      {isProblem(notice) && (
        <div class="fg-problem" role="alert" data-testid="audit-notice">
          <strong>The audit log lost something: </strong>
          <span>{notice.message}</span>
          {typeof notice.at === 'string' && <span class="fg-problem-at"> ({formatTime(notice.at)})</span>}{' '}
          {canDismiss ? (
            <button type="button" onClick={dismiss}>
              Dismiss
            </button>
          ) : (
            <span>A supervisor dismisses it on the review page.</span>
          )}
          {refused && <span> {refused}</span>}
        </div>
      )}
    </>
  );
}
