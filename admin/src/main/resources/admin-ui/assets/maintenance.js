// Maintenance: sweep old finished jobs (retention) and re-send stuck ones, each after a confirmation.
import { api, h, errorBox } from './core.js';

export function maintenanceView(main) {
  const out = h('div', { 'data-testid': 'maintenance-result' });
  const age = h('input', { name: 'olderThan', value: '7d', 'data-testid': 'sweep-age' });
  const statuses = ['COMPLETED', 'FAILED', 'CANCELLED'].map(s => h('label', {},
    h('input', { type: 'checkbox', value: s, checked: s !== 'FAILED' }), ' ' + s));
  const run = async (what, path, body) => {
    if (!confirm(what + '?')) return;
    try {
      const r = await api(path, { method: 'POST', body });
      out.replaceChildren(h('p', { class: 'notice' }, what + ': ' + JSON.stringify(r)));
    } catch (e) { out.replaceChildren(errorBox(e.message)); }
  };
  main.append(h('h2', {}, 'Maintenance'),
    h('h3', {}, 'Sweep finished jobs'),
    h('p', { class: 'muted' }, 'Deletes finished jobs older than the given age. Unique keys keep their own expiry.'),
    h('div', { class: 'toolbar' }, h('label', {}, 'Older than ', age), ...statuses,
      h('button', { type: 'button', class: 'danger', 'data-testid': 'sweep', onclick: () => run('Sweep finished jobs', '/api/maintenance/sweep', {
        olderThan: age.value.trim(),
        statuses: statuses.map(l => l.querySelector('input')).filter(i => i.checked).map(i => i.value),
      }) }, 'Sweep')),
    h('h3', {}, 'Re-send stuck jobs'),
    h('p', { class: 'muted' }, 'Re-sends the message of every ready job overdue by more than 30 s. Safe: a job runs once.'),
    h('button', { type: 'button', 'data-testid': 'recover', onclick: () => run('Re-send stuck jobs', '/api/maintenance/recover', {}) }, 'Re-send'),
    out);
}
