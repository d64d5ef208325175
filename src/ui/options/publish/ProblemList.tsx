/** Validation problems of a bundle: where, the JSON path, what is wrong and how to fix it. Text only. */
import type { BundleProblem } from '../../../config/types';

export function ProblemList({ problems, label }: { problems: readonly BundleProblem[]; label: string }) {
  if (problems.length === 0) return null;
  return (
    <ul class="problems" aria-label={label} data-testid="publish-problems">
      {problems.map((p, i) => (
        <li key={i} class={p.severity}>
          <strong>{p.severity === 'error' ? 'Error' : 'Warning'}</strong> in {p.where}, <span class="mono">{p.path}</span>: {p.message}
          {p.hint && <div class="hint">How to fix: {p.hint}</div>}
        </li>
      ))}
    </ul>
  );
}
