// The job list: filters kept in the URL, keyset pages, sort on time columns, selection with bulk actions, live refresh.
import { api, h, time, duration, badge, jobLink, every, errorBox, go, STATUSES } from './core.js';

const SORTS = [['created_at', 'Created'], ['run_at', 'Run at'], ['started_at', 'Started'], ['finished_at', 'Finished'],
  ['duration', 'Duration']];
const FILTERS = ['job', 'status', 'tag', 'from', 'to', 'q', 'sort', 'order'];

export function jobsView(main) {
  const params = new URLSearchParams(location.search);
  const state = { cursors: [null], page: 0, selected: new Set(), live: true, rows: [] };
  const msg = h('div', { 'data-testid': 'message' });
  const table = h('table', { 'data-testid': 'jobs-table' });
  const pager = h('div', { class: 'toolbar' });
  const liveBox = h('input', { type: 'checkbox', checked: true, 'data-testid': 'live',
    onchange: e => { state.live = e.target.checked; } });

  const form = filterForm(params);
  const bulk = h('div', { class: 'toolbar' },
    ...['cancel', 'retry', 'delete'].map(a => h('button', { type: 'button', class: a === 'delete' ? 'danger' : '',
      'data-bulk': a, onclick: () => bulkAction(a) }, 'Bulk ' + a)),
    h('span', { class: 'muted', 'data-testid': 'selected' }, ''),
    h('label', { class: 'muted' }, liveBox, ' live refresh'));
  main.append(h('h2', {}, 'Jobs'), form, bulk, msg, table, pager);

  async function load() {
    const q = new URLSearchParams(location.search);
    const cursor = state.cursors[state.page];
    if (cursor) q.set('after', cursor);
    q.set('limit', '50');
    q.set('counts', 'false');
    const seq = state.seq = (state.seq || 0) + 1;
    const data = await api('/api/jobs?' + q);
    if (seq !== state.seq) return; // a newer load started meanwhile (hazard: a stale refresh redrawing deleted rows)
    state.rows = data.jobs;
    state.next = data.next;
    draw();
  }

  function draw() {
    const sort = params.get('sort') || 'created_at';
    const order = params.get('order') || 'desc';
    const th = (key, label) => h('th', { class: 'sortable', 'data-sort': key, onclick: () => {
      const p = new URLSearchParams(location.search);
      p.set('sort', key);
      p.set('order', sort === key && order === 'desc' ? 'asc' : 'desc');
      go('/jobs?' + p);
    } }, label + (sort === key ? (order === 'desc' ? ' ▼' : ' ▲') : ''));
    const allSelected = state.rows.length > 0 && state.rows.every(r => state.selected.has(r.id));
    const all = h('input', { type: 'checkbox', 'data-testid': 'select-all', checked: allSelected, onchange: e => {
      for (const r of state.rows) e.target.checked ? state.selected.add(r.id) : state.selected.delete(r.id);
      draw();
    } });
    table.replaceChildren(
      h('thead', {}, h('tr', {}, h('th', {}, all), h('th', {}, 'Id'), h('th', {}, 'Job'), h('th', {}, 'Status'),
        h('th', {}, 'Attempts'), th('created_at', 'Created'), th('run_at', 'Run at'), th('started_at', 'Started'),
        th('finished_at', 'Finished'), th('duration', 'Duration'), h('th', {}, 'Tags'), h('th', {}, 'Last error'))),
      h('tbody', {}, state.rows.map(r => h('tr', { 'data-job-id': r.id },
        h('td', {}, h('input', { type: 'checkbox', 'data-select': r.id, checked: state.selected.has(r.id),
          onchange: e => { e.target.checked ? state.selected.add(r.id) : state.selected.delete(r.id); count(); } })),
        h('td', {}, jobLink(r.id)), h('td', { 'data-col': 'job' }, r.job), h('td', {}, badge(r.status)),
        h('td', {}, r.attempts + '/' + r.maxAttempts), h('td', {}, time(r.createdAt)), h('td', {}, time(r.runAt)),
        h('td', {}, time(r.startedAt)), h('td', {}, time(r.finishedAt)), h('td', {}, duration(r.durationMs)),
        h('td', { class: 'mono' }, Object.entries(r.tags || {}).map(([k, v]) => k + '=' + v).join(' ')),
        h('td', { class: 'error' }, r.lastError || '')))));
    if (!state.rows.length) table.append(h('tr', {}, h('td', { colspan: 12, class: 'muted' }, 'No jobs match.')));
    pager.replaceChildren(
      h('button', { type: 'button', disabled: state.page === 0, onclick: () => { state.page = 0; load(); } }, 'First'),
      h('button', { type: 'button', disabled: state.page === 0, onclick: () => { state.page--; load(); } }, 'Previous'),
      h('span', { class: 'muted' }, 'page ' + (state.page + 1)),
      h('button', { type: 'button', 'data-testid': 'next-page', disabled: !state.next, onclick: () => {
        state.cursors[state.page + 1] = state.next; state.page++; load();
      } }, 'Next'));
    count();
  }

  function count() { bulk.querySelector('[data-testid=selected]').textContent = state.selected.size + ' selected'; }

  async function bulkAction(action) {
    const ids = [...state.selected];
    if (!ids.length) { msg.replaceChildren(errorBox('Select jobs first.')); return; }
    if (!confirm(`${action} ${ids.length} job(s)?`)) return;
    try {
      const res = await api('/api/jobs/bulk', { method: 'POST', body: { action, ids } });
      const refused = res.results.filter(r => r.outcome !== 'ok');
      msg.replaceChildren(h('p', { class: 'notice' }, `${action}: ${res.done} done` +
        (refused.length ? `, ${refused.length} refused (${refused[0].message})` : '')));
      state.selected.clear();
      await load();
    } catch (e) { msg.replaceChildren(errorBox(e.message)); }
  }

  const stop = every(2000, async () => {
    if (state.live) {
      try { await load(); } catch (e) { msg.replaceChildren(errorBox(e.message)); }
    }
  });
  return stop;
}

function filterForm(params) {
  const performer = h('select', { name: 'job', 'data-testid': 'filter-job' }, h('option', { value: '' }, 'any job'));
  api('/api/performers').then(list => {
    for (const p of list) performer.append(h('option', { value: p.job }, p.job));
    performer.value = params.get('job') || '';
  });
  const status = h('select', { name: 'status', 'data-testid': 'filter-status' }, h('option', { value: '' }, 'any status'),
    STATUSES.map(s => h('option', { value: s }, s)));
  status.value = params.get('status') || '';
  const field = (name, label, attrs = {}) => h('label', {}, label,
    h('input', { name, value: params.get(name) || '', 'data-testid': 'filter-' + name, ...attrs }));
  const sort = h('select', { name: 'sort' }, SORTS.map(([k, l]) => h('option', { value: k }, l)));
  sort.value = params.get('sort') || 'created_at';
  const order = h('select', { name: 'order' }, h('option', { value: 'desc' }, 'newest first'),
    h('option', { value: 'asc' }, 'oldest first'));
  order.value = params.get('order') || 'desc';
  const form = h('form', { class: 'filters', 'data-testid': 'filters', onsubmit: e => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const name of FILTERS) {
      const el = form.elements[name];
      let v = el && el.value.trim();
      if (v && (name === 'from' || name === 'to')) v = new Date(v).toISOString();
      if (v) p.set(name, v);
    }
    go('/jobs?' + p);
  } },
  h('label', {}, 'Job', performer), h('label', {}, 'Status', status),
  field('tag', 'Tag key:value', { placeholder: 'tenant:acme' }),
  field('from', 'Created from', { type: 'datetime-local' }), field('to', 'Created before', { type: 'datetime-local' }),
  field('q', 'Id, key or error text', { placeholder: 'search' }),
  h('label', {}, 'Sort', sort), h('label', {}, 'Order', order),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'apply-filters' }, 'Apply'),
  h('button', { type: 'button', onclick: () => go('/jobs') }, 'Clear'));
  for (const name of ['from', 'to']) {
    const v = params.get(name);
    if (v) { const d = new Date(v); form.elements[name].value = new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); }
  }
  return form;
}
