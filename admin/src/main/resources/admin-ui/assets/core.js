// Shared helpers. Every string reaches the page through text nodes or setAttribute, never innerHTML: job data is
// hostile (payloads, errors and tags come from callers) and must render as text.

export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

let csrf = '';
export function setCsrf(token) { csrf = token; }

/** JSON API call; throws an Error carrying the server's message (which names the field). */
export async function api(path, options = {}) {
  const init = { method: options.method || 'GET', headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (init.method !== 'GET') init.headers['X-CSRF-Token'] = csrf;
  if (options.body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const res = await fetch(path, init);
  if (res.status === 401) { location.assign('/login'); throw new Error('login required'); }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = new Error((data && data.error) || ('HTTP ' + res.status));
    err.status = res.status;
    throw err;
  }
  return data;
}

export function time(ms) {
  if (ms === null || ms === undefined) return '';
  const d = new Date(ms);
  const p = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(2) + ' s';
  if (ms < 3600000) return (ms / 60000).toFixed(1) + ' min';
  return (ms / 3600000).toFixed(1) + ' h';
}

export function badge(status) { return h('span', { class: 'badge ' + status, 'data-status': status }, status); }

export function jobLink(id) { return h('a', { href: '/jobs/' + encodeURIComponent(id), 'data-nav': true, class: 'mono' }, id); }

/** Runs fn now and every ms while live; returns a stop function. */
export function every(ms, fn) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    try { await fn(); } catch (e) { console.warn(e); }
    if (!stopped) timer = setTimeout(tick, ms);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}

export function errorBox(message) { return h('p', { class: 'error', 'data-testid': 'error' }, message); }

export const STATUSES = ['PENDING', 'BLOCKED', 'PROCESSING', 'RETRY_PENDING', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** Client-side navigation (the app listens); views use it instead of importing the app (no import cycle). */
export function go(url) { window.dispatchEvent(new CustomEvent('jp-navigate', { detail: url })); }
