// Browser test of the admin screen, run by AdminBrowserTest with a real server behind BASE_URL. Each step prints
// "PASS <step>" or "FAIL <step> <reason>"; the Java side asserts every step passed. When a step needs something done
// over gRPC it prints "ASK <n> <json>" and reads "<n> <json>" back on stdin.
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const BASE = process.env.BASE_URL;
const OUT = process.env.OUT_DIR;
const USER = process.env.ADMIN_USER;
const PASS = process.env.ADMIN_PASSWORD;

const pending = new Map();
let asked = 0;
readline.createInterface({ input: process.stdin }).on('line', line => {
  const space = line.indexOf(' ');
  const n = Number(line.slice(0, space));
  const p = pending.get(n);
  if (p) { pending.delete(n); p(JSON.parse(line.slice(space + 1))); }
});
function ask(what, args = {}) {
  const n = ++asked;
  return new Promise(resolve => { pending.set(n, resolve); console.log(`ASK ${n} ${JSON.stringify({ what, ...args })}`); });
}

let failures = 0;
async function step(name, fn) {
  try { await fn(); console.log(`PASS ${name}`); } catch (e) {
    failures++;
    console.log(`FAIL ${name} ${String(e && e.stack || e).replace(/\n/g, ' | ')}`);
    try { await page.screenshot({ path: `${OUT}/failed-${name}.png`, fullPage: true }); } catch { /* best effort */ }
  }
}
function check(cond, message) { if (!cond) throw new Error(message); }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(20000);
const alerts = [];
page.on('dialog', d => { if (d.type() === 'confirm') d.accept(); else { alerts.push(d.message()); d.dismiss(); } });
const consoleErrors = [];
page.on('pageerror', e => consoleErrors.push(String(e)));

const row = id => page.locator(`tr[data-job-id="${id}"]`);

await step('login-required-everywhere', async () => {
  for (const path of ['/', '/jobs', '/jobs/some-id', '/create', '/dashboard', '/locks', '/performers', '/maintenance']) {
    await page.goto(BASE + path);
    check(new URL(page.url()).pathname === '/login', `${path} ended at ${page.url()}`);
  }
});

await step('login', async () => {
  await page.fill('input[name=username]', USER);
  await page.fill('input[name=password]', 'wrong password');
  await page.click('button[type=submit]');
  await page.locator('#login-error').waitFor();
  await page.fill('input[name=username]', USER);
  await page.fill('input[name=password]', PASS);
  await page.click('button[type=submit]');
  await page.waitForURL(BASE + '/jobs');
  await page.locator('#who', { hasText: USER }).waitFor();
});

await step('job-appears-live', async () => {
  await page.goto(BASE + '/jobs');
  await page.locator('[data-testid=jobs-table]').waitFor();
  await page.evaluate(() => { window.__noReload = true; });
  const { jobId } = await ask('enqueue', { job: 'Echo', payload: { live: true }, delayMs: 3600000 });
  await row(jobId).waitFor();
  check(await page.evaluate(() => window.__noReload === true), 'the page reloaded');
});

let failedId;
await step('filter-by-performer-and-status', async () => {
  ({ jobId: failedId } = await ask('enqueue', { job: 'Script', payload: { key: 'retry-me', action: 'succeed', failTimes: 1 },
    maxAttempts: 1 }));
  await ask('await', { jobId: failedId, status: 'FAILED' });
  const { jobId: echo } = await ask('enqueue', { job: 'Echo', payload: { n: 1 } });
  await ask('await', { jobId: echo, status: 'COMPLETED' });
  await page.goto(BASE + '/jobs');
  await page.locator('[data-testid=filter-job] option[value=Script]').waitFor({ state: 'attached' });
  await page.selectOption('[data-testid=filter-job]', 'Script');
  await page.selectOption('[data-testid=filter-status]', 'FAILED');
  await page.click('[data-testid=apply-filters]');
  await row(failedId).waitFor();
  check(await row(echo).count() === 0, 'an Echo job passed the Script filter');
  const jobs = await page.locator('tbody td[data-col=job]').allTextContents();
  const statuses = await page.locator('tbody [data-status]').allTextContents();
  check(jobs.length > 0 && jobs.every(j => j === 'Script'), 'jobs column: ' + jobs);
  check(statuses.every(s => s === 'FAILED'), 'status column: ' + statuses);
  check(new URL(page.url()).searchParams.get('status') === 'FAILED', 'filters are not in the URL');
});

await step('failed-job-stack-trace', async () => {
  await row(failedId).locator('a').click();
  await page.waitForURL(BASE + '/jobs/' + failedId);
  await page.locator('[data-testid=summary] [data-status=FAILED]').waitFor();
  const trace = page.locator('[data-testid=stack-trace]').first();
  check(!(await trace.locator('pre').isVisible()), 'stack trace should start folded');
  await trace.locator('summary').click();
  await trace.locator('pre').waitFor({ state: 'visible' });
  const text = await trace.locator('pre').textContent();
  check(text.includes('IllegalStateException') && text.includes('scripted failure on attempt 1'), 'trace: ' + text.slice(0, 200));
  await page.screenshot({ path: `${OUT}/job-detail.png`, fullPage: true });
});

await step('retry-failed-job-completes', async () => {
  await page.click('[data-action=retry]');
  await page.locator('[data-testid=summary] [data-status=COMPLETED]').waitFor({ timeout: 30000 });
  check(await page.locator('[data-testid=attempts] tbody tr').count() === 2, 'expected two attempts');
});

await step('cancel-delayed-job', async () => {
  const { jobId } = await ask('enqueue', { job: 'Echo', payload: { later: true }, delayMs: 3600000 });
  await page.goto(BASE + '/jobs/' + jobId);
  await page.locator('[data-testid=summary] [data-status=PENDING]').waitFor();
  await page.click('[data-action=cancel]');
  await page.locator('[data-testid=summary] [data-status=CANCELLED]').waitFor();
  const { status } = await ask('status', { jobId });
  check(status === 'CANCELLED', 'server says ' + status);
});

await step('create-job-form', async () => {
  await page.goto(BASE + '/create');
  await page.locator('[data-testid=create-job] option[value=Echo]').waitFor({ state: 'attached' });
  await page.selectOption('[data-testid=create-job]', 'Echo');
  const before = (await ask('count')).count;
  await page.fill('[data-testid=create-payload]', '{"from": "form",');
  await page.locator('[data-testid=payload-error]', { hasText: 'not valid JSON' }).waitFor();
  check(await page.isDisabled('[data-testid=create-submit]'), 'submit should be disabled on bad JSON');
  await page.locator('[data-testid=create-form]').evaluate(f => f.requestSubmit());
  check((await ask('count')).count === before, 'bad JSON created a job');
  await page.fill('[data-testid=create-payload]', '{"from": "form"}');
  await page.fill('[data-testid=opt-tags]', 'origin=browser');
  check(!(await page.isDisabled('[data-testid=create-submit]')), 'submit should be enabled');
  await page.click('[data-testid=create-submit]');
  const link = page.locator('[data-testid=create-result] a');
  await link.waitFor();
  const id = (await link.textContent()).trim();
  await ask('await', { jobId: id, status: 'COMPLETED' });
  await link.click();
  await page.locator('[data-testid=summary] [data-status=COMPLETED]').waitFor();
  check((await page.locator('[data-testid=payload]').textContent()).includes('"from": "form"'), 'payload not shown');
});

await step('bulk-delete', async () => {
  const tag = 'bulk' + Date.now();
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await ask('enqueue', { job: 'Echo', payload: { i }, delayMs: 3600000, tags: { set: tag } })).jobId);
  await page.goto(BASE + '/jobs?tag=set:' + tag);
  for (const id of ids) await row(id).waitFor();
  await page.check('[data-testid=select-all]');
  await page.locator('[data-testid=selected]', { hasText: '3 selected' }).waitFor();
  await page.click('[data-bulk=delete]');
  await page.locator('[data-testid=message]', { hasText: '3 done' }).waitFor();
  for (const id of ids) {
    await row(id).waitFor({ state: 'detached' });
    check((await ask('status', { jobId: id })).status === 'GONE', 'job still stored: ' + id);
  }
});

await step('dashboard-chart-has-data', async () => {
  await page.goto(BASE + '/dashboard');
  await page.locator('#chart canvas').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('#chart').dataset.points) > 0);
  await page.locator('[data-testid=performer-stats] tr[data-performer=Echo]').waitFor();
  await page.locator('[data-testid=nodes] tbody tr').first().waitFor();
  await page.screenshot({ path: `${OUT}/dashboard.png`, fullPage: true });
});

await step('locks-show-holder-and-waiter', async () => {
  const key = 'lock-' + Date.now();
  const { jobId: holder } = await ask('enqueue', { job: 'Script', payload: { key, action: 'hang' }, exclusionKey: key });
  await ask('await', { jobId: holder, status: 'PROCESSING' });
  const { jobId: waiter } = await ask('enqueue', { job: 'Script', payload: { key, action: 'succeed' }, exclusionKey: key });
  await ask('await', { jobId: waiter, status: 'BLOCKED' });
  await page.goto(BASE + '/locks');
  const r = page.locator(`tr[data-key="${key}"]`);
  await r.waitFor();
  check((await r.locator('[data-testid=holders]').textContent()).includes(holder), 'holder missing');
  check((await r.locator('[data-testid=waiters]').textContent()).includes(waiter), 'waiter missing');
});

await step('hostile-data-renders-as-text', async () => {
  const payload = { x: '<script>alert(1)</script>', y: '<img src=x onerror=alert(2)>' };
  const { jobId } = await ask('enqueue', { job: 'Echo', payload, tags: { t: '<b>bold</b>' } });
  await ask('await', { jobId, status: 'COMPLETED' });
  const { jobId: bad } = await ask('enqueue', { job: 'Script', payload: { key: '<a>hello</a>', action: 'throw' }, maxAttempts: 1 });
  await ask('await', { jobId: bad, status: 'FAILED' });
  await page.goto(BASE + '/jobs/' + jobId);
  await page.locator('[data-testid=payload]', { hasText: '<script>alert(1)</script>' }).waitFor();
  check(await page.locator('[data-testid=payload] img, [data-testid=payload] script, [data-testid=summary] b').count() === 0,
    'payload or tag markup became elements');
  await page.goto(BASE + '/jobs/' + bad);
  await page.locator('[data-testid=last-error]', { hasText: '<a>hello</a>' }).waitFor();
  check(await page.locator('[data-testid=last-error] a').count() === 0, 'error message markup became a link');
  await page.goto(BASE + '/jobs?q=' + bad);
  await row(bad).locator('td.error', { hasText: '<a>hello</a>' }).waitFor();
  check(await row(bad).locator('td.error a').count() === 0, 'error markup in the list became a link');
  await page.goto(BASE + '/jobs');
  await page.locator('[data-testid=jobs-table] tbody tr').first().waitFor();
  await page.screenshot({ path: `${OUT}/jobs-list.png`, fullPage: true });
  check(alerts.length === 0, 'a script ran: ' + alerts.join(', '));
});

await step('request-without-csrf-token-refused', async () => {
  const res = await page.evaluate(async () => {
    const r = await fetch('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ job: 'Echo', payload: {} }) });
    return { status: r.status, body: await r.text() };
  });
  check(res.status === 403 && res.body.includes('CSRF'), JSON.stringify(res));
});

await step('logout', async () => {
  await page.click('#logout');
  await page.waitForURL(BASE + '/login');
  await page.goto(BASE + '/jobs');
  check(new URL(page.url()).pathname === '/login', 'still logged in after logout');
});

await step('no-script-errors', async () => {
  check(consoleErrors.length === 0, consoleErrors.join(' | '));
});

await browser.close();
console.log(`DONE ${failures}`);
process.exit(failures ? 1 : 0);
