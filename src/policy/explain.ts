/** A decision in plain words, for the CLI and anything else that prints text. */
import type { Decision, Finding } from './types';

const HEADLINE: Record<Decision['outcome'], string> = {
  allowed: 'Finalize is allowed.',
  blocked: 'Finalize is locked.',
  'would-block': 'Finalize would be locked (monitor mode: it is not).',
};

function finding(f: Finding): string[] {
  return [`  - [${f.gate}] ${f.message}${f.pack ? ` (${f.pack})` : ''}`, `    How to fix: ${f.remedy}`, ...(f.source ? [`    Source: ${f.source}`] : [])];
}

export function explainDecision(d: Decision): string {
  const lines = [HEADLINE[d.outcome]];
  if (d.failures.length) lines.push(`Why (${d.failures.length}):`, ...d.failures.flatMap(finding));
  const forDocumenter = d.warnings.filter((w) => w.audience !== 'admin');
  const forAdmin = d.warnings.filter((w) => w.audience === 'admin');
  if (forDocumenter.length) lines.push('Warnings:', ...forDocumenter.flatMap(finding));
  if (forAdmin.length) lines.push('For admins:', ...forAdmin.flatMap(finding));
  if (d.infos.length) lines.push('Notes:', ...d.infos.flatMap(finding));
  if (d.initials) lines.push(`Chart initials: ${d.initials.assistant} / ${d.initials.supervisor}`);
  const skipped = d.packs.filter((p) => !p.applied);
  if (d.packs.length > 1 || skipped.length) {
    lines.push(
      'Rule packs:',
      ...d.packs.map((p) => `  - ${p.name} ${p.version} (${p.mode}) #${p.hash.slice(0, 12)}: ${p.applied ? 'applied' : `not applied, ${p.why}`}`),
    );
  } else if (d.pack) lines.push(`Rule pack: ${d.pack.name} ${d.pack.version} (${d.pack.mode}) #${d.pack.hash.slice(0, 12)}`);
  return lines.join('\n');
}
