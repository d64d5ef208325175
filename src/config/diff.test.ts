import { describe, expect, it } from 'vitest';
import { diffBundles } from './diff';
import { clinicPack, clone, defaultBundle } from './fixtures';

describe('diffBundles', () => {
  it('finds nothing between equal bundles', () => {
    expect(diffBundles(defaultBundle(), defaultBundle())).toEqual([]);
  });

  it('names directory settings the way the EHR does', () => {
    const before = defaultBundle();
    const after = clone(before);
    after.directory.insurances[1].assistantFinalization = true;
    after.directory.clinics[1].assistantFinalization = undefined;
    expect(diffBundles(before, after)).toEqual([
      { area: 'directory', what: "Clinic 'South Clinic' › Allow assistants to finalize notes", before: 'off', after: 'on' },
      { area: 'directory', what: "Insurance 'Summit Workers' Comp' › Allow therapist assistants to finalize notes", before: 'off', after: 'on' },
    ]);
  });

  it("describes a user's Finish SOAP Notes with its confirmation, and users added or removed", () => {
    const before = defaultBundle();
    const after = clone(before);
    after.directory.users[3].finishSoapNotes = { enabled: true };
    after.directory.users[2].finishSoapNotes = { enabled: true, confirmedBy: 'u-pt-avery', confirmedAt: '2026-11-27T10:00:00Z' };
    after.directory.users.splice(0, 1);
    after.directory.users.push({ id: 'u-ot-dana', name: 'Dana Whitfield', credential: 'OT' });
    after.directory.users[1].finishSoapNotes!.confirmedBy = 'u-pt-avery';
    expect(diffBundles(before, after)).toEqual([
      { area: 'directory', what: "User 'Pat Morgan'", before: 'PT, Finish SOAP Notes off', after: 'removed' },
      {
        area: 'directory',
        what: "User 'Jamie Rivera' › Finish SOAP Notes",
        before: 'on, confirmed by Pat Morgan on 2026-01-05',
        after: 'on, confirmed by Avery Kim on 2026-11-27',
      },
      { area: 'directory', what: "User 'Riley Chen' › Finish SOAP Notes", before: 'off', after: 'on, not confirmed (does not count)' },
      { area: 'directory', what: "User 'Dana Whitfield'", before: 'not in the directory', after: 'added: OT, Finish SOAP Notes off' },
    ]);
  });

  it('describes billing changes: licenses, the integration, providers', () => {
    const before = defaultBundle();
    const after = clone(before);
    after.directory.billing!.licenses = 4;
    after.directory.billing!.providers = after.directory.billing!.providers.filter((p) => p.userId !== 'u-pta-jamie');
    expect(diffBundles(before, after)).toEqual([
      { area: 'directory', what: 'Billing › Provider licenses', before: '3', after: '4' },
      { area: 'directory', what: "Billing › User 'Jamie Rivera' is a billing provider", before: 'yes (TB-1004)', after: 'no' },
    ]);
    delete after.directory.billing;
    expect(diffBundles(before, after)).toEqual([
      { area: 'directory', what: 'Billing integration', before: 'Therabill, on, 3 provider licenses', after: 'no billing integration' },
    ]);
  });

  it('lists packs added, removed, turned on or off, their mode and version, and rules added, removed or changed', () => {
    const before = defaultBundle();
    before.packs.push({ pack: clinicPack('state-tx'), enabled: true });
    const after = clone(before);
    after.packs.splice(1, 1);
    after.packs.push({ pack: clinicPack('state-oh'), enabled: false });
    const pack = after.packs[0].pack;
    after.packs[0].enabled = false;
    pack.mode = 'monitor';
    pack.version = '1.1.0';
    pack.rules[0].event.params.message = 'Changed.';
    pack.rules.splice(1, 1);
    pack.rules.push({ ...clone(pack.rules[0]), name: 'new-rule' });
    const changes = diffBundles(before, after);
    expect(changes).toEqual([
      { area: 'pack', what: "Rule pack 'state-tx'", before: 'installed: version 1.0.0, enforced, on', after: 'removed' },
      { area: 'pack', what: "Rule pack 'webpt-default' › Turned on", before: 'on', after: 'off' },
      { area: 'pack', what: "Rule pack 'webpt-default' › Mode", before: 'enforce (locks Finalize)', after: 'monitor (only records what would be blocked)' },
      { area: 'pack', what: "Rule pack 'webpt-default' › Version", before: '1.0.0', after: '1.1.0' },
      { area: 'pack', what: "Rule pack 'webpt-default' › Rule 'insurance-allows-assistants'", before: expect.stringContaining('insurance'), after: 'removed' },
      {
        area: 'pack',
        what: "Rule pack 'webpt-default' › Rule 'clinic-allows-assistants' › Message",
        before: '{{clinic.name}} does not allow therapist assistants to finalize notes.',
        after: 'Changed.',
      },
      { area: 'pack', what: "Rule pack 'webpt-default' › Rule 'new-rule'", before: 'not in the pack', after: 'added: Changed.' },
      { area: 'pack', what: "Rule pack 'state-oh'", before: 'not installed', after: 'installed: version 1.0.0, enforced, off' },
    ]);
  });

  it('shows a changed condition as compact JSON', () => {
    const before = defaultBundle();
    const after = clone(before);
    const c = after.packs[0].pack.rules[0].conditions as { all: Array<{ value: unknown }> };
    c.all[0].value = false;
    const [change] = diffBundles(before, after);
    expect(change.what).toBe("Rule pack 'webpt-default' › Rule 'clinic-allows-assistants' › Conditions");
    expect(change.before).toContain('"value":true');
    expect(change.after).toContain('"value":false');
  });

  it('lists site profile changes in plain words', () => {
    const before = defaultBundle();
    const after = clone(before);
    after.sites[0].finalizeControls = ["[data-action='finalize']", 'button.finalize'];
    after.sites[0].version = '1.2.0';
    after.sites[0].facts.insuranceIds = [{ selector: '.ins', attribute: 'data-id', all: true }];
    after.sites.splice(1, 1);
    const changes = diffBundles(before, after);
    expect(changes).toEqual([
      { area: 'site', what: "Site profile 'webpt'", before: expect.stringMatching(/^version /), after: expect.stringMatching(/^removed/) },
      { area: 'site', what: "Site profile 'demo-ehr' › Version", before: before.sites[0].version, after: '1.2.0' },
      {
        area: 'site',
        what: "Site profile 'demo-ehr' › Finalize controls",
        before: "[data-action='finalize']",
        after: "[data-action='finalize'], button.finalize",
      },
      {
        area: 'site',
        what: "Site profile 'demo-ehr' › How it reads the patient's insurance",
        before: expect.any(String),
        after: '[{"all":true,"attribute":"data-id","selector":".ins"}]',
      },
    ]);
  });
});
