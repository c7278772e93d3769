// One job: everything about it, its attempts with folded stack traces, actions, and links to related jobs.
import { api, h, time, duration, badge, jobLink, every, errorBox, go } from './core.js';

export function jobView(main, id) {
  const msg = h('div', { 'data-testid': 'message' });
  const body = h('div');
  main.append(h('h2', {}, 'Job ', h('span', { class: 'mono' }, id)), msg, body);
  let last = null;

  async function load() {
    let j;
    try { j = await api('/api/jobs/' + encodeURIComponent(id)); } catch (e) {
      body.replaceChildren(errorBox(e.message)); return;
    }
    const key = JSON.stringify(j);
    if (key === last) return; // unchanged: leave the page (and any open stack trace) alone
    last = key;
    body.replaceChildren(actions(j), summary(j),
      h('h3', {}, 'Payload'), h('pre', { 'data-testid': 'payload' }, JSON.stringify(j.payload, null, 2)),
      h('h3', {}, 'Result'), h('pre', { 'data-testid': 'result' }, j.result === null ? '(none)' : JSON.stringify(j.result, null, 2)),
      h('h3', {}, 'Options'), h('pre', { 'data-testid': 'options' }, JSON.stringify(j.options, null, 2)),
      h('h3', {}, 'Attempts'), attempts(j.attemptHistory), related(j));
  }

  function actions(j) {
    const act = (label, testid, enabled, run, cls = '') => h('button', { type: 'button', class: cls, 'data-action': testid,
      disabled: !enabled || document.body.dataset.role !== 'operator', onclick: async () => {
        if (!confirm(label + ' job ' + id + '?')) return;
        try { await run(); } catch (e) { msg.replaceChildren(errorBox(e.message)); }
      } }, label);
    const waiting = ['PENDING', 'BLOCKED', 'RETRY_PENDING'].includes(j.status);
    const post = path => api('/api/jobs/' + encodeURIComponent(id) + path, { method: 'POST' });
    return h('div', { class: 'toolbar' },
      act('Cancel', 'cancel', waiting, async () => { await post('/cancel'); msg.replaceChildren(h('p', { class: 'notice' }, 'Cancelled.')); await load(); }),
      act('Retry now', 'retry', ['FAILED', 'CANCELLED', 'PENDING', 'RETRY_PENDING'].includes(j.status),
        async () => { await post('/retry'); msg.replaceChildren(h('p', { class: 'notice' }, 'Queued to run now.')); await load(); }),
      act('Delete', 'delete', j.status !== 'PROCESSING', async () => {
        await api('/api/jobs/' + encodeURIComponent(id), { method: 'DELETE' }); go('/jobs');
      }, 'danger'),
      act('Enqueue a copy', 'copy', true, async () => {
        const r = await post('/copy');
        msg.replaceChildren(h('p', { class: 'notice' }, r.duplicate ? 'Duplicate of ' : 'Copy enqueued: ', jobLink(r.jobId)));
      }));
  }

  function summary(j) {
    const row = (k, v) => [h('dt', {}, k), h('dd', {}, v ?? '')];
    const keyLink = v => v ? h('a', { href: '/jobs?q=' + encodeURIComponent(v), 'data-nav': true, class: 'mono' }, v) : '';
    return h('dl', { class: 'kv', 'data-testid': 'summary' },
      row('Job', h('span', { 'data-testid': 'job-name' }, j.job)), row('Status', badge(j.status)),
      row('Attempts', j.attempts + ' of ' + j.maxAttempts), row('Priority', j.priority),
      row('Created', time(j.createdAt)), row('Run at', time(j.runAt)), row('Started', time(j.startedAt)),
      row('Finished', time(j.finishedAt)), row('Duration', duration(j.durationMs)), row('Node', j.node),
      row('Lease until', time(j.leaseUntil)), row('Fencing token', j.fence),
      row('Unique key', keyLink(j.uniqueKey)), row('Exclusion key', keyLink(j.exclusionKey)),
      row('Tags', h('span', { class: 'mono' }, Object.entries(j.tags || {}).map(([k, v]) => k + '=' + v).join(', '))),
      row('Last error', h('span', { class: 'error', 'data-testid': 'last-error' }, j.lastError || '')));
  }

  function attempts(list) {
    if (!list.length) return h('p', { class: 'muted' }, 'Not run yet.');
    return h('table', { 'data-testid': 'attempts' },
      h('thead', {}, h('tr', {}, ['#', 'Node', 'Started', 'Finished', 'Duration', 'Outcome', 'Error'].map(t => h('th', {}, t)))),
      h('tbody', {}, list.map(a => h('tr', {},
        h('td', {}, a.number), h('td', { class: 'mono' }, a.node), h('td', {}, time(a.startedAt)),
        h('td', {}, time(a.finishedAt)), h('td', {}, duration(a.durationMs)), h('td', {}, badge(a.outcome)),
        h('td', { class: 'error' }, a.errorClass ? h('div', {}, h('b', {}, a.errorClass), ': ', a.errorMessage || '') : '',
          a.stackTrace ? h('details', { 'data-testid': 'stack-trace' }, h('summary', {}, 'stack trace'),
            h('pre', {}, a.stackTrace)) : '')))));
  }

  function related(j) {
    const list = (label, ids) => ids.length ? [h('h3', {}, label), h('ul', {}, ids.map(i => h('li', {}, jobLink(i))))] : [];
    return h('div', { 'data-testid': 'related' }, list('Other jobs with this unique key', j.related.uniqueKey),
      list('Other jobs with this exclusion key', j.related.exclusionKey));
  }

  return every(2000, load);
}
