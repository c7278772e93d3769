// Health at a glance: finished jobs per minute (uPlot chart), per-performer throughput, failure rate and processing
// times, waiting work and dispatcher nodes. Refreshed every 5 s from /api/stats.
import { api, h, time, duration, every, errorBox } from './core.js';

export function dashboardView(main) {
  let windowName = 'hour';
  let chart = null;
  const chartBox = h('div', { id: 'chart', 'data-testid': 'chart' });
  const cards = h('div', { class: 'grid', 'data-testid': 'queue' });
  const perf = h('table', { 'data-testid': 'performer-stats' });
  const nodes = h('table', { 'data-testid': 'nodes' });
  const msg = h('div');
  const pick = name => h('button', { type: 'button', 'data-window': name, onclick: () => {
    windowName = name; if (chart) { chart.destroy(); chart = null; } refresh();
  } }, 'Last ' + name);
  main.append(h('h2', {}, 'Dashboard'), h('div', { class: 'toolbar' }, pick('hour'), pick('day')), msg, cards,
    h('h3', {}, 'Finished jobs per minute'), chartBox, h('h3', {}, 'Performers (last hour)'), perf,
    h('h3', {}, 'Dispatcher nodes'), nodes);

  async function refresh() {
    let s;
    try { s = await api('/api/stats?window=' + windowName); } catch (e) { msg.replaceChildren(errorBox(e.message)); return; }
    const q = s.queue;
    const card = (label, value, testid) => h('div', { class: 'card', 'data-testid': testid }, h('div', { class: 'muted' }, label),
      h('div', { class: 'big' }, value));
    cards.replaceChildren(card('Due now', q.due, 'due'), card('Processing', q.processing, 'processing'),
      card('Blocked on locks', q.blocked, 'blocked'), card('Scheduled', q.scheduled, 'scheduled'),
      card('Oldest due job waiting', q.oldestDueRunAt ? duration(s.now - q.oldestDueRunAt) : '—', 'oldest'));
    drawChart(s);
    perf.replaceChildren(h('thead', {}, h('tr', {}, ['Job', 'Completed', 'Failed', 'Failure rate', 'p50', 'p95', 'max']
      .map(t => h('th', {}, t)))), h('tbody', {}, s.performers.map(p => h('tr', { 'data-performer': p.job },
      h('td', {}, p.job), h('td', {}, p.completed), h('td', {}, p.failed),
      h('td', {}, (p.failureRate * 100).toFixed(1) + ' %'), h('td', {}, duration(p.p50Ms)), h('td', {}, duration(p.p95Ms)),
      h('td', {}, duration(p.maxMs))))));
    nodes.replaceChildren(h('thead', {}, h('tr', {}, ['Node', 'Roles', 'Started', 'Last heartbeat', 'Alive'].map(t => h('th', {}, t)))),
      h('tbody', {}, s.nodes.map(n => h('tr', {}, h('td', { class: 'mono' }, n.node), h('td', {}, n.roles),
        h('td', {}, time(n.startedAt)), h('td', {}, time(n.heartbeatAt)), h('td', {}, n.alive ? 'yes' : 'NO')))));
  }

  function drawChart(s) {
    const xs = s.finished.map(b => b.bucketStart / 1000);
    const data = [xs, s.finished.map(b => b.completed), s.finished.map(b => b.failed)];
    chartBox.dataset.points = String(s.finished.reduce((n, b) => n + b.completed + b.failed, 0));
    if (typeof uPlot === 'undefined') { chartBox.textContent = 'chart library not loaded'; return; }
    if (chart) { chart.setData(data); return; }
    // bars for the hour (60 buckets), lines for the day (1 440 buckets would be hairlines)
    const bars = windowName === 'hour' ? uPlot.paths.bars({ size: [0.8, 40] }) : undefined;
    chart = new uPlot({
      width: Math.max(400, chartBox.clientWidth - 20), height: 240,
      series: [{}, { label: 'completed', stroke: '#13795b', fill: 'rgba(19,121,91,0.25)', paths: bars },
        { label: 'failed', stroke: '#c0262d', fill: 'rgba(192,38,45,0.35)', paths: bars }],
      axes: [{}, { label: 'jobs' }],
    }, data, chartBox);
  }

  const stop = every(5000, refresh);
  return () => { stop(); if (chart) chart.destroy(); };
}
