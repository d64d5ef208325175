window.addEventListener(
  'keydown',
  (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      finalize('shortcut');
    }
  },
  true,
);
// ^ First statement on purpose: the EHR's own finalize hotkey, capture phase, registered before anything else.

/*
 * Demo EHR note screen for Finalize Guard — the untrusted PAGE side. Synthetic data only, no real people.
 * It behaves like a real single-page EHR: renders late, re-renders whole subtrees (new button nodes),
 * handles clicks and submits with delegated listeners on #app, and has its own Ctrl+Enter shortcut.
 * Test hooks: window.__finalizeCalls, __finalizeLog, __forwardCalls, __renderCount, __rerender(), __setScenario({...}).
 * A scenario (URL query or __setScenario) may set: user, clinic, insurance (ids, comma-separated), noteType,
 * caseTherapist, supervisor ("Supervised by"; defaults to the case therapist), treatmentDay, services
 * ("97110:25:0,97140:8:7": code, assistant minutes, therapist minutes per row; "none" for no services), or
 * preset (one of PRESETS, then the other fields on top). `render=at-once`: the note is drawn at DOMContentLoaded,
 * not 300 ms later.
 */
window.__finalizeCalls = 0;
window.__finalizeLog = [];
window.__renderCount = 0;
window.__forwardCalls = 0;

// Mirrors rules/directory.example.json (same ids and names).
const USERS = [
  { id: 'u-admin-pat', name: 'Pat Morgan', credential: 'PT', label: 'Pat Morgan — PT (clinic admin)' },
  { id: 'u-pt-avery', name: 'Avery Kim', credential: 'PT', label: 'Avery Kim — PT' },
  { id: 'u-pt-blake', name: 'Blake Osei', credential: 'PT', label: 'Blake Osei — PT' },
  { id: 'u-ot-dana', name: 'Dana Whitfield', credential: 'OT', label: 'Dana Whitfield — OT' },
  { id: 'u-pta-jamie', name: 'Jamie Rivera', credential: 'PTA', label: 'Jamie Rivera — PTA, Finish SOAP Notes on' },
  { id: 'u-pta-quinn', name: 'Quinn Alvarez', credential: 'PTA', label: 'Quinn Alvarez — PTA, Finish SOAP Notes on' },
  { id: 'u-pta-morgan', name: 'Morgan Lee', credential: 'PTA', label: 'Morgan Lee — PTA, on but not confirmed' },
  { id: 'u-pta-riley', name: 'Riley Chen', credential: 'PTA', label: 'Riley Chen — PTA, Finish SOAP Notes off' },
  { id: 'u-cota-sam', name: 'Sam Okafor', credential: 'COTA', label: 'Sam Okafor — COTA' },
  { id: 'u-slpa-kai', name: 'Kai Nakamura', credential: 'SLPA', label: 'Kai Nakamura — SLPA' },
  { id: 'u-spt-alex', name: 'Alex Brandt', credential: 'SPT', label: 'Alex Brandt — SPT (student)' },
];
const CLINICS = [
  { id: 'clinic-north', name: 'North Clinic', label: 'North Clinic — assistants allowed' },
  { id: 'clinic-south', name: 'South Clinic', label: 'South Clinic — assistants not allowed' },
  { id: 'clinic-lakeside', name: 'Lakeside Clinic', label: 'Lakeside Clinic (Ohio) — Medicare, Ohio, supervision, CQ/CO packs' },
];
const INSURANCES = [
  { id: 'ins-acme-ppo', name: 'Acme Health PPO' },
  { id: 'ins-medicare-b', name: 'Medicare Part B' },
  { id: 'ins-summit-wc', name: "Summit Workers' Comp" },
  { id: 'ins-uhc-choice', name: 'UnitedHealthcare Choice Plus' },
];
const INSURANCE_CHOICES = [['ins-acme-ppo'], ['ins-medicare-b'], ['ins-summit-wc'], ['ins-acme-ppo', 'ins-summit-wc'], ['ins-uhc-choice']];
const NOTE_TYPES = [
  ['evaluation', 'Initial Evaluation'],
  ['re-evaluation', 'Re-Evaluation'],
  ['daily', 'Daily Note'],
  ['progress', 'Progress Report'],
  ['discharge', 'Discharge Summary'],
  ['recertification', 'Recertification'],
];
const THERAPIST_CREDENTIALS = new Set(['PT', 'OT', 'SLP']);
const NOTE_ID = 'note-20001';
const CPT = {
  97110: 'Therapeutic exercise',
  97112: 'Neuromuscular re-education',
  97116: 'Gait training',
  97140: 'Manual therapy',
  97530: 'Therapeutic activities',
  97535: 'Self-care / home management training',
  97161: 'PT evaluation, low complexity',
  97162: 'PT evaluation, moderate complexity',
  97163: 'PT evaluation, high complexity',
  97164: 'PT re-evaluation',
};
/** The therapist furnished nearly all the minutes: no CQ modifier (2 of 30 minutes is under 10%). */
const DEFAULT_SERVICES = '97110:2:28,97140:0:15';
const SERVICE_CHOICES = [
  [DEFAULT_SERVICES, 'Therapist furnished (assistant ≤ 10%: no CQ/CO)'],
  ['97110:25:0,97140:8:7', 'Assistant furnished > 10% (CQ/CO applies)'],
  ['97161:20:10', 'Evaluation code 97161 with assistant minutes'],
  ['none', 'No services billed'],
];
/** Named scenarios for the demo controls and the landing page (the Lakeside ones need its regulation packs). */
const PRESETS = {
  'north-pta-daily': {
    label: 'North Clinic: PTA daily note',
    user: 'u-pta-jamie',
    clinic: 'clinic-north',
    insurance: ['ins-acme-ppo'],
    noteType: 'daily',
    caseTherapist: 'u-pt-avery',
    treatmentDay: '8',
    services: DEFAULT_SERVICES,
  },
  'lakeside-pta-medicare-progress': {
    label: 'Lakeside: PTA on a Medicare Part B progress report',
    user: 'u-pta-jamie',
    clinic: 'clinic-lakeside',
    insurance: ['ins-medicare-b'],
    noteType: 'progress',
    caseTherapist: 'u-pt-avery',
    treatmentDay: '10',
    services: DEFAULT_SERVICES,
  },
  'lakeside-pta-medicare-daily-cq': {
    label: 'Lakeside: PTA daily note, day 10, CQ minutes',
    user: 'u-pta-jamie',
    clinic: 'clinic-lakeside',
    insurance: ['ins-medicare-b'],
    noteType: 'daily',
    caseTherapist: 'u-pt-avery',
    treatmentDay: '10',
    services: '97110:25:0,97140:8:7',
  },
};

const query = new URLSearchParams(location.search);
const listParam = (v) =>
  String(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const preset = PRESETS[query.get('preset')] || {};
const state = {
  preset: PRESETS[query.get('preset')] ? query.get('preset') : '',
  user: query.get('user') || preset.user || 'u-pta-jamie',
  clinic: query.get('clinic') || preset.clinic || 'clinic-north',
  insurance: query.get('insurance') ? listParam(query.get('insurance')) : preset.insurance || ['ins-acme-ppo'],
  noteType: query.get('noteType') || preset.noteType || 'daily',
  caseTherapist: query.get('caseTherapist') || preset.caseTherapist || 'u-pt-avery',
  supervisor: '',
  treatmentDay: query.get('treatmentDay') || preset.treatmentDay || '8',
  services: query.get('services') || preset.services || DEFAULT_SERVICES,
  fields: {
    subjective: 'Patient reports less knee pain on stairs. Sleeping through the night since last visit.',
    objective: 'R knee flexion AROM 0–118° (was 0–105°). Step-ups 6 in. x 15 with rail, no pain behaviours.',
    assessment: 'Progressing toward goals; improved ROM and stair tolerance. Quad lag resolved.',
    plan: 'Continue plan of care 2x/week. Progress to 8 in. step-ups and single-leg balance.',
    'pain-score': '3',
  },
  status: '',
};
// "Supervised by" defaults to the case therapist and can be changed (e.g. the case therapist is on leave).
state.supervisor = query.get('supervisor') || state.caseTherapist;
let loaded = false;
if (query.get('embedded') === '1') document.documentElement.classList.add('embedded');

const esc = (v) => String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const userOf = (id) => USERS.find((u) => u.id === id) || { id, name: id, credential: '?', label: `${id} (not in directory)` };
const clinicOf = (id) => CLINICS.find((c) => c.id === id) || { id, name: id, label: `${id} (not in directory)` };
const insuranceOf = (id) => INSURANCES.find((i) => i.id === id) || { id, name: id };
const noteLabel = (type) => (NOTE_TYPES.find(([t]) => t === type) || [type, type])[1];
const initials = (name) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase())
    .join('');
const option = (value, label, selected) => `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
/** "97110:25:0,97140:8:7" -> rows; minutes stay as given, so a test can put unreadable text in a cell. */
const servicesOf = (spec) =>
  spec === 'none'
    ? []
    : listParam(spec).map((row) => {
        const [code = '', assistant = '', therapist = ''] = row.split(':');
        return { code, description: CPT[code] || 'Other service', assistant, therapist };
      });
const minutesCell = (cls, v) => `<td class="${cls}">${esc(/^\d+$/.test(v) ? `${v} min` : v)}</td>`;

const setStatus = (text) => {
  state.status = text;
  const el = document.getElementById('status');
  if (el) el.textContent = text; // in place, so the live region announces it
};

const finalize = (source) => {
  window.__finalizeCalls += 1;
  window.__finalizeLog.push(source);
  const who = initials(userOf(state.user).name);
  setStatus('Finalizing…');
  fetch(`/api/notes/${encodeURIComponent(NOTE_ID)}/finalize`, { method: 'POST' })
    .then((res) => setStatus(res.ok ? `Finalized by ${who}` : 'Finalize request failed'))
    .catch(() => setStatus('Finalize request failed'));
};

const render = () => {
  const app = document.getElementById('app');
  if (!app) return;
  const user = userOf(state.user);
  const clinic = clinicOf(state.clinic);
  const therapists = USERS.filter((u) => THERAPIST_CREDENTIALS.has(u.credential));
  if (!therapists.some((u) => u.id === state.supervisor)) therapists.push(userOf(state.supervisor));
  const caseTherapist = userOf(state.caseTherapist);
  const noteTypes = NOTE_TYPES.some(([t]) => t === state.noteType) ? NOTE_TYPES : [...NOTE_TYPES, [state.noteType, `${state.noteType} (custom)`]];
  const supervisor = THERAPIST_CREDENTIALS.has(user.credential)
    ? ''
    : `
        <div class="meta-item">
          <dt>Supervision</dt>
          <dd><label>Supervised by <select id="supervised-by" name="supervisedBy">${therapists
            .map((u) => option(u.id, `${u.name}, ${u.credential}`, u.id === state.supervisor))
            .join('')}</select></label></dd>
        </div>`;
  const services = servicesOf(state.services);
  const serviceRows = services.length
    ? services
        .map(
          (s) => `
            <tr class="service" data-code="${esc(s.code)}">
              <td class="code">${esc(s.code)}</td><td class="description">${esc(s.description)}</td>
              ${minutesCell('assistant-minutes', s.assistant)}${minutesCell('therapist-minutes', s.therapist)}
            </tr>`,
        )
        .join('')
    : `
            <tr class="no-services"><td colspan="4">No services billed on this note yet.</td></tr>`;
  const field = (name, label) => `
      <section class="soap-section">
        <label for="f-${name}">${esc(label)}</label>
        <textarea id="f-${name}" name="${name}" rows="3">${esc(state.fields[name])}</textarea>
      </section>`;
  app.innerHTML = `
    <main class="soap-note" data-screen="soap-note" data-note-id="${esc(NOTE_ID)}">
      <header class="note-header">
        <div class="note-heading">
          <h1>SOAP note · <span class="note-type" data-note-type="${esc(state.noteType)}">${esc(noteLabel(state.noteType))}</span></h1>
          <p class="patient">Patient: Test Patient A (synthetic) · MRN SYN-0001 · R knee TKA rehab</p>
          <p class="treatment-day">Treatment day ${esc(state.treatmentDay)} since last progress report</p>
        </div>
        <dl class="note-meta">
          <div class="meta-item"><dt>Documenting</dt>
            <dd><span class="current-user" data-user-id="${esc(user.id)}">${esc(user.name)}, ${esc(user.credential)}</span></dd></div>
          <div class="meta-item"><dt>Clinic</dt>
            <dd><span class="clinic" data-clinic-id="${esc(clinic.id)}">${esc(clinic.name)}</span></dd></div>
          <div class="meta-item"><dt>Insurance</dt>
            <dd><ul class="insurances">${state.insurance
              .map((id) => `<li class="insurance" data-insurance-id="${esc(id)}">${esc(insuranceOf(id).name)}</li>`)
              .join('')}</ul></dd></div>
          <div class="meta-item"><dt>Date of service</dt>
            <dd><span class="dos" data-date="2026-11-27">11/27/2026</span></dd></div>
          <div class="meta-item"><dt>Note</dt>
            <dd><label>Note type <select id="note-type-select" name="noteType">${noteTypes
              .map(([value, label]) => option(value, label, value === state.noteType))
              .join('')}</select></label></dd></div>
          <div class="meta-item"><dt>Case therapist</dt>
            <dd><span class="case-therapist" data-case-therapist-id="${esc(caseTherapist.id)}">${esc(caseTherapist.name)}, ${esc(caseTherapist.credential)}</span></dd></div>${supervisor}
        </dl>
        <div class="toolbar">
          <button type="button" class="finalize top" data-action="finalize">Finalize</button>
          <button type="button" data-action="save-draft">Save draft</button>
          <button type="button" data-action="forward">Forward</button>
          <button type="button" class="quiet" data-action="rerender">Re-render</button>
        </div>
      </header>
      <form id="note-form" class="note-body">
        ${field('subjective', 'Subjective')}
        ${field('objective', 'Objective')}
        ${field('assessment', 'Assessment')}
        ${field('plan', 'Plan')}
        <section class="soap-section services" aria-labelledby="services-title">
          <h2 id="services-title">Services</h2>
          <table class="services-table">
            <thead><tr><th scope="col">Code</th><th scope="col">Description</th><th scope="col">Assistant minutes</th><th scope="col">Therapist minutes</th></tr></thead>
            <tbody>${serviceRows}
            </tbody>
          </table>
        </section>
        <section class="soap-section pain">
          <label for="f-pain-score">Pain score (0–10)</label>
          <input id="f-pain-score" type="text" name="pain-score" inputmode="numeric" value="${esc(state.fields['pain-score'])}">
        </section>
        <div class="form-actions">
          <button type="submit" class="finalize bottom" data-action="finalize">Finalize</button>
        </div>
      </form>
      <p id="status" aria-live="polite">${esc(state.status)}</p>
    </main>`;
  window.__renderCount += 1;
};

const fillSelect = (select, choices, current) => {
  if (!select) return;
  const list = choices.slice();
  if (!list.some(([value]) => value === current)) list.push([current, `${current} (custom)`]);
  select.innerHTML = list.map(([value, label]) => option(value, label, value === current)).join('');
};
const sameSet = (a, b) => a.length === b.length && a.every((x) => b.includes(x));

const syncControls = () => {
  const byId = (id) => document.getElementById(id);
  fillSelect(
    byId('demo-user'),
    USERS.map((u) => [u.id, u.label]),
    state.user,
  );
  fillSelect(
    byId('demo-clinic'),
    CLINICS.map((c) => [c.id, c.label]),
    state.clinic,
  );
  const ins = INSURANCE_CHOICES.find((ids) => sameSet(ids, state.insurance)) || state.insurance;
  fillSelect(
    byId('demo-insurance'),
    INSURANCE_CHOICES.map((ids) => [ids.join(','), ids.map((id) => insuranceOf(id).name).join(' + ')]),
    ins.join(','),
  );
  fillSelect(byId('demo-note-type'), NOTE_TYPES, state.noteType);
  const therapists = USERS.filter((u) => THERAPIST_CREDENTIALS.has(u.credential)).map((u) => [u.id, `${u.name}, ${u.credential}`]);
  fillSelect(byId('demo-case-therapist'), therapists, state.caseTherapist);
  fillSelect(
    byId('demo-treatment-day'),
    Array.from({ length: 12 }, (_, i) => [String(i + 1), `Day ${i + 1}`]),
    state.treatmentDay,
  );
  fillSelect(byId('demo-services'), SERVICE_CHOICES, state.services);
  fillSelect(byId('demo-preset'), [['', 'Choose a scenario…'], ...Object.entries(PRESETS).map(([k, p]) => [k, p.label])], state.preset);
};

const applyScenario = (given) => {
  const s = given.preset != null && PRESETS[given.preset] ? { ...PRESETS[given.preset], ...given } : given;
  state.preset = given.preset != null && PRESETS[given.preset] ? String(given.preset) : '';
  if (s.user != null) state.user = String(s.user);
  if (s.clinic != null) state.clinic = String(s.clinic);
  if (s.insurance != null) state.insurance = Array.isArray(s.insurance) ? s.insurance.map(String) : listParam(s.insurance);
  if (s.noteType != null) state.noteType = String(s.noteType);
  // A new case therapist resets "Supervised by" to them, unless the scenario names the supervisor too.
  if (s.caseTherapist != null) {
    state.caseTherapist = String(s.caseTherapist);
    state.supervisor = state.caseTherapist;
  }
  if (s.supervisor != null) state.supervisor = String(s.supervisor);
  if (s.treatmentDay != null) state.treatmentDay = String(s.treatmentDay);
  if (s.services != null) state.services = String(s.services);
  state.status = '';
  const q = new URLSearchParams(location.search);
  q.delete('preset');
  q.set('user', state.user);
  q.set('clinic', state.clinic);
  q.set('insurance', state.insurance.join(','));
  q.set('noteType', state.noteType);
  q.set('caseTherapist', state.caseTherapist);
  q.set('supervisor', state.supervisor);
  q.set('treatmentDay', state.treatmentDay);
  q.set('services', state.services);
  history.replaceState(null, '', `?${q.toString()}`); // SPA: the URL changes, the page does not reload
  syncControls();
  if (loaded) render();
};

window.__rerender = () => render();
window.__setScenario = (s) => applyScenario(s || {});

document.addEventListener('DOMContentLoaded', () => {
  const app = document.getElementById('app');
  app.innerHTML = '<p class="loading" role="status">Loading note…</p>';

  app.addEventListener('click', (e) => {
    const el = e.target instanceof Element ? e.target.closest('[data-action]') : null;
    if (!el || !app.contains(el)) return;
    switch (el.dataset.action) {
      case 'finalize':
        // The bottom button is type=submit: its default action submits the form, and the submit listener finalizes.
        if (el.type === 'submit' && el.form) return;
        finalize('click');
        break;
      case 'save-draft':
        state.status = `Draft saved at ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
        render();
        break;
      case 'rerender':
        render();
        break;
      case 'forward':
        // WebPT's answer for an assistant who may not finalize: forward the note to the supervising therapist.
        window.__forwardCalls += 1;
        state.status = `Forwarded to ${userOf(state.supervisor).name} for co-signature.`;
        render();
        break;
    }
  });
  app.addEventListener(
    'submit',
    (e) => {
      if (!(e.target instanceof HTMLFormElement) || e.target.id !== 'note-form') return;
      e.preventDefault();
      finalize('submit');
    },
    true,
  );
  app.addEventListener('input', (e) => {
    const t = e.target;
    if (t.form && t.form.id === 'note-form' && t.name in state.fields) state.fields[t.name] = t.value;
  });
  app.addEventListener('change', (e) => {
    if (e.target.id === 'supervised-by') {
      state.supervisor = e.target.value;
      render();
    } else if (e.target.id === 'note-type-select') {
      applyScenario({ noteType: e.target.value }); // the note type changes on screen and in the URL
    }
  });

  syncControls();
  const controls = [
    ['demo-user', 'user'],
    ['demo-clinic', 'clinic'],
    ['demo-insurance', 'insurance'],
    ['demo-note-type', 'noteType'],
    ['demo-case-therapist', 'caseTherapist'],
    ['demo-treatment-day', 'treatmentDay'],
    ['demo-services', 'services'],
    ['demo-preset', 'preset'],
  ];
  for (const [id, key] of controls) {
    const select = document.getElementById(id);
    if (select) select.addEventListener('change', () => applyScenario({ [key]: select.value }));
  }

  // Like an SPA that fetches the note first; `render=at-once` draws it at DOMContentLoaded (the note's data inline).
  const show = () => {
    loaded = true;
    render();
  };
  if (query.get('render') === 'at-once') show();
  else setTimeout(show, 300);
});
