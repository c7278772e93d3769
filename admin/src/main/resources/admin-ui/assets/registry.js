// Locks (exclusion keys with holders and waiters, unique keys in use) and registered performers.
import { api, h, time, jobLink, every, errorBox } from './core.js';

export function locksView(main) {
  const keys = h('table', { 'data-testid': 'exclusion-keys' });
  const uniques = h('table', { 'data-testid': 'unique-keys' });
  const msg = h('div');
  main.append(h('h2', {}, 'Locks'), msg, h('h3', {}, 'Exclusion keys (held or waited for)'), keys,
    h('h3', {}, 'Unique keys that count now'), uniques);
  return every(2000, async () => {
    let l;
    try { l = await api('/api/locks'); } catch (e) { msg.replaceChildren(errorBox(e.message)); return; }
    keys.replaceChildren(h('thead', {}, h('tr', {}, ['Key', 'Holders (job, node, lease until, fencing token)', 'Waiters in order']
      .map(t => h('th', {}, t)))), h('tbody', {}, l.exclusionKeys.map(k => h('tr', { 'data-key': k.key },
      h('td', { class: 'mono' }, k.key),
      h('td', { 'data-testid': 'holders' }, k.holders.map(x => h('div', {}, jobLink(x.jobId), ' ', x.name, ' on ',
        h('span', { class: 'mono' }, x.node || ''), ' until ', time(x.leaseUntil), ' #', x.fence))),
      h('td', { 'data-testid': 'waiters' }, h('ol', {}, k.waiters.map(id => h('li', {}, jobLink(id)))))))));
    if (!l.exclusionKeys.length) keys.append(h('tr', {}, h('td', { colspan: 3, class: 'muted' }, 'No key is held.')));
    uniques.replaceChildren(h('thead', {}, h('tr', {}, ['Job', 'Unique key', 'Held by', 'Counts until'].map(t => h('th', {}, t)))),
      h('tbody', {}, l.uniqueKeys.map(u => h('tr', {}, h('td', {}, u.name), h('td', { class: 'mono' }, u.uniqueKey),
        h('td', {}, jobLink(u.jobId)), h('td', {}, u.countedUntil ? time(u.countedUntil) : 'while active')))));
  });
}

export function performersView(main) {
  const table = h('table', { 'data-testid': 'performers' });
  main.append(h('h2', {}, 'Performers'), table);
  return every(5000, async () => {
    const list = await api('/api/performers');
    table.replaceChildren(h('thead', {}, h('tr', {}, ['Job', 'Payload type', 'Nodes (concurrency)', 'Defaults'].map(t => h('th', {}, t)))),
      h('tbody', {}, list.map(p => h('tr', { 'data-performer': p.job }, h('td', {}, p.job), h('td', { class: 'mono' }, p.payloadType),
        h('td', {}, p.nodes.map(n => h('div', { class: 'mono' }, n.node + ' (' + n.concurrency + ')'))),
        h('td', {}, h('pre', {}, JSON.stringify(p.defaults, null, 2)))))));
  });
}
