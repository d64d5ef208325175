/**
 * The site-profile editor's logic, without the page: a profile as text, the text checked as a profile
 * (every problem at its line and column), and the draft with a profile put in or taken out. Only a valid
 * profile ever enters the draft. Pure.
 */
import type { ConfigBundle } from '../../../config/types';
import { parseJsonWithPositions, positionOf } from '../../../policy/json-source';
import { validateText, type LocatedProblem } from '../../../policy/validate-file';
import { engineProblem, engineRejection, profileSelectors } from '../../../sites/selector-check';
import type { SiteProfile } from '../../../sites/types';

export const siteText = (site: SiteProfile): string => `${JSON.stringify(site, null, 2)}\n`;

export interface SiteCheck {
  /** True when the text is a valid profile whose name no other profile in the draft has. */
  ok: boolean;
  profile: SiteProfile | null;
  problems: LocatedProblem[];
}

/** Why the browser's own selector engine refuses `selector`, or null (browserSelectorProblem in the console). */
export type SelectorEngine = (selector: string) => string | null;

/** The console's engine: the page's own document (sites/selector-check.ts). */
export const browserSelectorProblem: SelectorEngine = (selector) => engineProblem(document, selector);

/**
 * Checks the editor's text. `file` names it in messages ("demo-ehr.json"); `others` are the draft's other
 * profiles (the one being edited left out), whose names it must not take.
 */
export function checkSiteText(text: string, file: string, others: readonly SiteProfile[], engine?: SelectorEngine): SiteCheck {
  const report = validateText(file, text, 'site');
  const problems = [...report.problems];
  const value = report.value as SiteProfile | undefined;
  // The grammar refuses all that Chromium refuses in its corpus; the browser at hand has the last word on the rest.
  if (report.ok && value && engine) {
    const parsed = parseJsonWithPositions(text);
    for (const { path, selector } of profileSelectors(value)) {
      const refused = engine(selector);
      if (refused === null) continue;
      const at = positionOf(parsed, path) ?? { line: 1, column: 1 };
      problems.push({
        file,
        where: path.join('.'),
        path,
        line: at.line,
        column: at.column,
        severity: 'error',
        ...engineRejection(refused),
      });
    }
  }
  if (report.ok && value && others.some((s) => s.name === value.name)) {
    const named = positionOf(parseJsonWithPositions(text), ['name']) ?? { line: 1, column: 1 };
    problems.push({
      file,
      where: 'name',
      path: ['name'],
      line: named.line,
      column: named.column,
      severity: 'error',
      message: `Another site profile in the draft is already named '${value.name}'`,
      hint: 'Give this profile its own name, or edit the other one.',
    });
  }
  const ok = !problems.some((p) => p.severity === 'error');
  return { ok, profile: ok ? (value as SiteProfile) : null, problems };
}

/** "12:7 error facts.userId[0].selector: The selector has an unclosed '['. Write a plain CSS selector…" */
export function problemText(p: LocatedProblem): string {
  return `${p.line}:${p.column} ${p.severity} ${p.where}: ${p.message}. ${p.hint}`;
}

/** The draft with `profile` in place of the one named `replacing` (or added at the end when none is). */
export function withSite(draft: ConfigBundle, replacing: string | null, profile: SiteProfile): ConfigBundle {
  const index = replacing === null ? -1 : draft.sites.findIndex((s) => s.name === replacing);
  const sites = index < 0 ? [...draft.sites, profile] : draft.sites.map((s, i) => (i === index ? profile : s));
  return { ...draft, sites };
}

export function withoutSite(draft: ConfigBundle, name: string): ConfigBundle {
  return { ...draft, sites: draft.sites.filter((s) => s.name !== name) };
}

export type SiteOrigin = 'shipped' | 'changed' | 'added';

/** Whether a draft profile is the one Finalize Guard ships, a changed version of it, or one of the organisation's own. */
export function originOf(site: SiteProfile, shipped: readonly SiteProfile[]): SiteOrigin {
  const same = shipped.find((s) => s.name === site.name);
  if (!same) return 'added';
  return JSON.stringify(same) === JSON.stringify(site) ? 'shipped' : 'changed';
}

export const ORIGIN_TEXT: Record<SiteOrigin, string> = {
  shipped: 'as shipped',
  changed: 'changed from the shipped profile',
  added: "your organisation's own",
};

/** A new profile to start from: the first shipped one under a new name. */
export function newSiteTemplate(start: SiteProfile | undefined, taken: readonly string[]): SiteProfile {
  let name = 'my-ehr';
  for (let i = 2; taken.includes(name); i++) name = `my-ehr-${i}`;
  const base = start
    ? structuredClone(start)
    : {
        name,
        version: '1.0.0',
        urlPatterns: ['https://ehr.example.com/*'],
        noteScreen: 'main.note',
        finalizeControls: ["[data-action='finalize']"],
        facts: {},
      };
  const { $schema: _schema, description: _description, ...rest } = base as SiteProfile;
  return { ...rest, name, version: '1.0.0' };
}
