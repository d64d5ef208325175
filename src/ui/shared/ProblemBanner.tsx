/** The worker's 'auditProblem' (e.g. the log is full): shown prominently on every page that reads the log. */
import { AUDIT_PROBLEM_KEY, type AuditProblem } from '../../shared/storage-keys';
import { useStorageValue } from './storage';
import { formatTime } from './format';

export function ProblemBanner() {
  const problem = useStorageValue<AuditProblem>('local', AUDIT_PROBLEM_KEY);
  if (!problem || typeof problem.message !== 'string') return null;
  return (
    <div class="fg-problem" role="alert" data-testid="audit-problem">
      <strong>The audit log has a problem: </strong>
      <span>{problem.message}</span>
      {typeof problem.at === 'string' && <span class="fg-problem-at"> (since {formatTime(problem.at)})</span>}
    </div>
  );
}
