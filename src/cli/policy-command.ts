/**
 * `finalize-guard policy <bundle.json> [--out <file>] [--read-only] [--firefox]`: the Chrome policy JSON (or
 * Firefox's policies.json) that deploys a
 * configuration bundle (exported from the admin console) to managed browsers. The bundle is checked as the
 * console's import checks it; exit 2 with every problem when it is invalid.
 */
import { validateBundle } from '../config/bundle';
import { problemLine, readBundleText } from '../config/bundle-file';
import { SHIPPED_PROFILES } from '../sites/shipped';
import { readManaged } from '../config/managed';
import { chromePolicyOf, firefoxPolicyOf, managedBundleOf, managedValueOf } from '../config/policy-json';
import type { BundleProblem, ConfigBundle } from '../config/types';
import { EXTENSION_ID, GECKO_ID } from '../shared/extension-id';
import type { Args } from './args';
import { readInput, UsageError, writeOutput, type Io } from './io';

/** The shipped site profiles' names, as the bundle checks take them. */
const bundledSites = SHIPPED_PROFILES.map((s) => s.name);

export const POLICY_HELP = `finalize-guard policy <bundle.json> [--out <file>] [--read-only] [--extension-id <id>] [--firefox]

Turns a configuration bundle (admin console → Import/export → Export) into the Chrome policy that sets it on
every managed browser: rule packs (those turned on), the directory and changed site profiles, for extension
${EXTENSION_ID} (or --extension-id: the id of a build you packed with your own key).
--read-only also makes the admin console read-only there.

How IT uses it:
  Linux    copy the file into /etc/opt/chrome/policies/managed/ (Google Chrome) or
           /etc/chromium/policies/managed/ (Chromium), readable by everyone; restart the browser.
  Windows  the same keys and text values under (GPO or Intune)
           HKLM\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${EXTENSION_ID}\\policy
  macOS    the same keys in a configuration profile for com.google.Chrome (3rdparty → extensions → the id).
Check it on a managed browser at chrome://policy (Finalize Guard's values) and in the admin console.

--firefox writes Firefox's policies.json instead ("policies" → "3rdparty" → "Extensions" → ${GECKO_ID}):
  put it in distribution/ of the Firefox installation (e.g. /usr/lib/firefox-esr/distribution/policies.json),
  or merge its "3rdparty" into the policies.json you already deploy; Firefox reads it at start.
  Check it at about:policies.`;

export function policyCommand(io: Io, args: Args): number {
  if (args.options.has('help')) {
    io.out(POLICY_HELP);
    return 0;
  }
  if (args.positional.length !== 1) throw new UsageError('policy needs one bundle file: finalize-guard policy <bundle.json> [--out <file>]');
  const file = args.positional[0];
  const bundle = managedBundle(io, file);
  if (!bundle) return 2;
  const firefox = args.options.has('firefox');
  const extensionId = args.options.get('extension-id') ?? (firefox ? GECKO_ID : EXTENSION_ID);
  if (firefox ? !GECKO_ID_SHAPE.test(extensionId) : !EXTENSION_ID_SHAPE.test(extensionId))
    throw new UsageError(
      `--extension-id ${JSON.stringify(extensionId)} is not ${firefox ? 'a Firefox add-on id (name@domain or a {GUID})' : 'an extension id (32 letters a to p, as chrome://extensions shows it)'}`,
    );
  const items = managedValueOf(bundle, { shippedSites: SHIPPED_PROFILES, readOnly: args.options.has('read-only') });
  if (!workerAccepts(io, file, items)) return 2;
  const policy = firefox ? firefoxPolicyOf(extensionId, items) : chromePolicyOf(extensionId, items);
  const text = `${JSON.stringify(policy, null, 2)}\n`;
  const out = args.options.get('out');
  if (!out) {
    io.out(text.trimEnd());
    return 0;
  }
  writeOutput(io, out, text);
  io.err(`Wrote ${out}: ${items.packs.length} rule pack(s), the directory and ${items.sites.length} site profile(s) for extension ${extensionId}.`);
  return 0;
}

/**
 * The bundle in `file`, checked as the console's import checks it, or null (every problem said). Packs set by
 * policy are always on, so turned-off packs are left out, and nothing may still need them: a problem that this makes
 * an error (a clinic using a turned-off pack) is said once, as that error, where the file has it.
 */
function managedBundle(io: Io, file: string): ConfigBundle | null {
  const { bundle, problems } = readBundleText(readInput(io, file), bundledSites);
  const unfit = bundle ? validateBundle(managedBundleOf(bundle, SHIPPED_PROFILES), { bundledSites }).filter((p) => p.severity === 'error') : [];
  // The warning that leaving the pack out turns into this error (a clinic using a turned-off pack).
  const spotOf = (e: BundleProblem) => problems.find((p) => p.severity === 'warning' && p.where === e.where && p.path === e.path);
  for (const p of problems) if (!unfit.some((e) => spotOf(e) === p)) io.err(problemLine(file, p));
  if (!bundle) {
    refuse(io, `${file} is not a valid configuration bundle: nothing was written.`);
    return null;
  }
  const off = bundle.packs.filter((e) => !e.enabled).map((e) => e.pack.name);
  if (off.length) io.err(`Left out (turned off in ${file}; packs set by policy are always on): ${off.join(', ')}.`);
  for (const e of unfit) io.err(problemLine(file, { ...e, line: spotOf(e)?.line, column: spotOf(e)?.column }));
  if (unfit.length) refuse(io, 'Without its turned-off packs the configuration is invalid: turn them on, or remove them and their uses. Nothing was written.');
  return unfit.length ? null : bundle;
}

/** Read back as the service worker reads storage.managed: what it would refuse is never written. */
function workerAccepts(io: Io, file: string, items: unknown): boolean {
  const state = readManaged(items, { bundledSites });
  for (const p of state.problems) io.err(problemLine(file, p));
  if (!state.items) refuse(io, 'Finalize Guard would refuse this policy (above), so nothing was written.');
  return state.items !== null;
}

/** Chrome's extension ids: 32 letters a–p (a SHA-256 of the public key, in base 16 written with a–p). */
const EXTENSION_ID_SHAPE = /^[a-p]{32}$/;
/** Firefox add-on ids: an email-like name or a GUID in braces (as addons.mozilla.org accepts them). */
const GECKO_ID_SHAPE = /^([\w.-]+@[\w.-]+|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$/;

function refuse(io: Io, message: string): number {
  io.err(`finalize-guard: ${message}`);
  return 2;
}
