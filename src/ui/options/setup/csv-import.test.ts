import { describe, expect, it } from 'vitest';
import example from '../../../../rules/directory.example.json';
import type { Directory } from '../../../policy/types';
import { validateDirectory } from '../../../policy/validate-directory';
import { EMPTY_DIRECTORY } from '../../../policy/not-set-up';
import { planInsuranceImport, planUserImport, USER_COLUMNS } from './csv-import';

const empty = () => structuredClone(EMPTY_DIRECTORY);
const dir = () => structuredClone(example) as unknown as Directory;

describe('importing users from CSV', () => {
  it('adds users with ids made from credential and first name, headers in any case and order', () => {
    const plan = planUserImport('\uFEFFCredential,Name,Initials\r\nPTA,Jamie Rivera,JR\r\nPT,"Kim, Avery",\r\n', empty());
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.rows.map((r) => [r.line, r.id, r.action])).toEqual([
      [2, 'u-pta-jamie', 'add'],
      [3, 'u-pt-kim', 'add'],
    ]);
    expect(plan.directory.users).toEqual([
      { id: 'u-pta-jamie', name: 'Jamie Rivera', credential: 'PTA', initials: 'JR' },
      { id: 'u-pt-kim', name: 'Kim, Avery', credential: 'PT' },
    ]);
  });

  it('turns "Finish SOAP Notes" on unconfirmed: a cell cannot give the "Yes, I understand" confirmation', () => {
    const plan = planUserImport('id,name,credential,finish_soap_notes\nu-pta-sam,Sam Lee,PTA,yes\nu-pt-jo,Jo Ames,PT,no\n', empty());
    if (!plan.ok) throw new Error('not ok');
    expect(plan.directory.users[0].finishSoapNotes).toEqual({ enabled: true });
    expect(plan.directory.users[1].finishSoapNotes).toEqual({ enabled: false });
    expect(plan.unconfirmed).toEqual(['u-pta-sam']);
    expect(USER_COLUMNS.find((c) => c.name === 'finish_soap_notes')?.meaning).toMatch(/unconfirmed/);
  });

  it('updates a user of the same id and keeps a confirmation already given', () => {
    const before = dir();
    const jamie = before.users.find((u) => u.id === 'u-pta-jamie')!;
    expect(jamie.finishSoapNotes?.confirmedBy).toBeTruthy();
    const plan = planUserImport('id,name,credential,finish_soap_notes\nu-pta-jamie,Jamie Rivera-Lopez,PTA,yes\n', before);
    if (!plan.ok) throw new Error('not ok');
    expect(plan.rows[0].action).toBe('update');
    const after = plan.directory.users.find((u) => u.id === 'u-pta-jamie')!;
    expect(after.name).toBe('Jamie Rivera-Lopez');
    expect(after.finishSoapNotes).toEqual(jamie.finishSoapNotes);
    expect(plan.unconfirmed).toEqual([]);
    expect(validateDirectory(plan.directory).hasErrors).toBe(false);
  });

  it('keeps what an existing record has where a cell is blank: a re-import without initials or payer erases neither', () => {
    const before = dir();
    const avery = before.users.find((u) => u.id === 'u-pt-avery')!;
    avery.initials = 'AK';
    const insurance = { ...before.insurances[0], payer: 'medicare-part-b' as const };
    before.insurances[0] = insurance;
    const users = planUserImport('id,name,credential,initials\nu-pt-avery,Avery Kim,PT,\n', before);
    if (!users.ok) throw new Error('not ok');
    expect(users.directory.users.find((u) => u.id === 'u-pt-avery')?.initials).toBe(avery.initials);
    const insurances = planInsuranceImport(`id,name,payer\n${insurance.id},${insurance.name},\n`, before);
    if (!insurances.ok) throw new Error('not ok');
    expect(insurances.directory.insurances.find((i) => i.id === insurance.id)?.payer).toBe('medicare-part-b');
  });

  it('keeps formula-looking names as plain text', () => {
    const plan = planUserImport('name,credential\n"=HYPERLINK(""http://evil"")",PT\n', empty());
    if (!plan.ok) throw new Error('not ok');
    expect(plan.directory.users[0].name).toBe('=HYPERLINK("http://evil")');
  });

  it('imports nothing when any row is invalid, and names every problem by line and column with a fix', () => {
    const text = 'name,credential,initials,id,finish_soap_notes\nJamie Rivera,PTA,JR,u-1,yes\n,PTX,jr,bad id,maybe\nAvery Kim,PT,,u-1,\n';
    const plan = planUserImport(text, empty());
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'name'],
      [3, 'credential'],
      [3, 'initials'],
      [3, 'finish_soap_notes'],
      [3, 'id'],
      [4, 'id'],
    ]);
    expect(plan.problems.every((p) => p.fix.length > 0)).toBe(true);
    expect(plan.problems[5].message).toBe('The id "u-1" is also on line 2');
  });

  it('names unknown and missing columns in the header, and a row with more cells than the header', () => {
    const plan = planUserImport('name,role\nJamie,PTA\n', empty());
    if (plan.ok) throw new Error('ok');
    expect(plan.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 'role', 'Unknown column "role"'],
      [1, 'credential', 'The required column "credential" is missing'],
    ]);
    const long = planUserImport('name,credential\nRivera, Jamie,PTA\n', empty());
    if (long.ok) throw new Error('ok');
    expect(long.problems[0]).toMatchObject({ line: 2, message: 'This row has 3 cells but the header has 2' });
    expect(long.problems[0].fix).toMatch(/double quotes/);
  });

  it('reports a CSV syntax error with its line', () => {
    const plan = planUserImport('name,credential\n"Jamie,PTA\n', empty());
    expect(plan).toEqual({ ok: false, problems: [expect.objectContaining({ line: 2, message: 'A quoted cell is never closed' })] });
    expect(planUserImport('', empty())).toEqual({ ok: false, problems: [expect.objectContaining({ line: 1, message: 'The file is empty' })] });
  });
});

describe('importing insurances from CSV', () => {
  it('adds insurances with the assistants setting (blank: no) and payer', () => {
    const plan = planInsuranceImport(
      'name,assistants_may_finalize,payer\nAcme Health PPO,yes,other\nMedicare Part B,Yes,Medicare-Part-B\nSummit WC,,\n',
      empty(),
    );
    if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
    expect(plan.directory.insurances).toEqual([
      { id: 'ins-acme-health-ppo', name: 'Acme Health PPO', assistantFinalization: true, payer: 'other' },
      { id: 'ins-medicare-part-b', name: 'Medicare Part B', assistantFinalization: true, payer: 'medicare-part-b' },
      { id: 'ins-summit-wc', name: 'Summit WC', assistantFinalization: false },
    ]);
  });

  it('names a payer it does not know, and a yes/no that is neither', () => {
    const plan = planInsuranceImport('name,assistants_may_finalize,payer\nAcme,sometimes,aetna\n', empty());
    if (plan.ok) throw new Error('ok');
    expect(plan.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'assistants_may_finalize'],
      [2, 'payer'],
    ]);
  });
});
