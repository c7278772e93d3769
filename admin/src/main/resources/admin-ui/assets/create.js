// Create a job: a registered performer, a JSON payload checked as you type (bad JSON is shown and nothing is sent),
// and options in the same names as gRPC EnqueueOptions.
import { api, h, jobLink, errorBox } from './core.js';

export function createView(main) {
  const performer = h('select', { name: 'job', required: true, 'data-testid': 'create-job' });
  api('/api/performers').then(list => {
    performer.replaceChildren(...list.map(p => h('option', { value: p.job }, p.job + ' (' + p.payloadType + ')')));
  });
  const payload = h('textarea', { name: 'payload', 'data-testid': 'create-payload' }, '{}');
  const payloadError = h('p', { class: 'error', 'data-testid': 'payload-error' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'create-submit' }, 'Enqueue');
  const result = h('div', { 'data-testid': 'create-result' });
  const num = (name, label) => h('label', {}, label, h('input', { name, type: 'number', 'data-testid': 'opt-' + name }));
  const text = (name, label, placeholder = '') => h('label', {}, label, h('input', { name, placeholder, 'data-testid': 'opt-' + name }));

  function check() {
    try { JSON.parse(payload.value); payloadError.textContent = ''; submit.disabled = false; return true; } catch (e) {
      payloadError.textContent = 'Payload is not valid JSON: ' + e.message; submit.disabled = true; return false;
    }
  }
  payload.addEventListener('input', check);

  const form = h('form', { class: 'stack', 'data-testid': 'create-form', onsubmit: async e => {
    e.preventDefault();
    if (!check()) return;
    const f = form.elements;
    const options = {};
    const n = name => f[name].value.trim() === '' ? undefined : Number(f[name].value);
    const s = name => f[name].value.trim() || undefined;
    options.maxAttempts = n('maxAttempts');
    options.priority = n('priority');
    options.exclusionLimit = n('exclusionLimit');
    if (s('delay')) options.delay = s('delay') + 's';
    if (s('timeout')) options.timeout = s('timeout') + 's';
    options.uniqueKey = s('uniqueKey');
    options.exclusionKey = s('exclusionKey');
    const tags = s('tags');
    if (tags) options.tags = Object.fromEntries(tags.split(',').map(t => t.split('=').map(x => x.trim())));
    try {
      const r = await api('/api/jobs', { method: 'POST',
        body: { job: performer.value, payload: JSON.parse(payload.value), options } });
      result.replaceChildren(h('p', { class: 'notice' }, r.duplicate ? 'Duplicate of existing job ' : 'Created job ', jobLink(r.jobId)));
    } catch (err) { result.replaceChildren(errorBox(err.message)); }
  } },
  h('label', {}, 'Performer', performer),
  num('maxAttempts', 'Max attempts'), num('priority', 'Priority'), text('delay', 'Delay (seconds)', '0'),
  text('timeout', 'Timeout (seconds)'), text('uniqueKey', 'Unique key'), text('exclusionKey', 'Exclusion key'),
  num('exclusionLimit', 'Exclusion limit'), text('tags', 'Tags (k=v, k2=v2)'),
  h('label', { class: 'wide' }, 'Payload (JSON)', payload), h('div', { class: 'wide' }, payloadError, submit));
  main.append(h('h2', {}, 'Create job'), form, result);
  check();
}
