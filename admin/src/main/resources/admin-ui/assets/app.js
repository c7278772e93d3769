// The admin UI: a small client over /api. Each page is a view function that fills <main> and returns a cleanup
// (timers of live refresh); navigation swaps views without a page reload.
import { api, h, setCsrf, every, STATUSES } from './core.js';
import { jobsView } from './jobs.js';
import { jobView } from './job.js';
import { createView } from './create.js';
import { dashboardView } from './dashboard.js';
import { locksView, performersView } from './registry.js';
import { maintenanceView } from './maintenance.js';

const routes = [
  [/^\/jobs\/?$/, jobsView],
  [/^\/jobs\/([^/]+)$/, jobView],
  [/^\/create$/, createView],
  [/^\/dashboard$/, dashboardView],
  [/^\/locks$/, locksView],
  [/^\/performers$/, performersView],
  [/^\/maintenance$/, maintenanceView],
];

let cleanup = null;

export function navigate(url) {
  history.pushState(null, '', url);
  render();
}

function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  const main = document.getElementById('view');
  main.replaceChildren();
  for (const a of document.querySelectorAll('header nav a')) {
    a.classList.toggle('active', location.pathname.startsWith(a.getAttribute('href')));
  }
  for (const [re, view] of routes) {
    const m = location.pathname.match(re);
    if (m) { cleanup = view(main, ...m.slice(1).map(decodeURIComponent)) || null; return; }
  }
  main.append(h('p', {}, 'No such page.'));
}

function counts() {
  const box = document.getElementById('counts');
  return every(3000, async () => {
    const data = await api('/api/jobs?limit=1');
    box.replaceChildren(...STATUSES.map(s => h('button', {
      class: 'count', type: 'button', 'data-count': s,
      onclick: () => navigate('/jobs?status=' + s),
    }, s + ' ' + (data.counts[s] || 0))));
  });
}

document.addEventListener('click', e => {
  const a = e.target.closest('a[data-nav]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', render);
window.addEventListener('jp-navigate', e => navigate(e.detail));

const me = await api('/api/session');
setCsrf(me.csrf);
document.body.dataset.role = me.role;
document.getElementById('who').textContent = me.user + ' (' + me.role + ')';
document.getElementById('logout').addEventListener('click', async () => {
  await fetch('/logout', { method: 'POST', headers: { 'X-CSRF-Token': me.csrf }, credentials: 'same-origin' });
  location.assign('/login');
});
counts();
render();
