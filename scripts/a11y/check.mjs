// Accessibility and speed of fangkong's pages as browsers and their tools see
// them (issue 20, item 8): signs in as each demo account in Debian's headless
// Chromium, runs axe-core on every page that account starts on or reaches, and
// Lighthouse on the public page, the dashboard and the report form.
//
// Fails (exit 1) on any serious or critical axe violation, or a Lighthouse
// accessibility score under 0.95 or performance under 0.9. Reports go to
// OUT (JSON and HTML per Lighthouse run, one axe.json).
//
// Usage: node check.mjs BASE_URL OUT   (scripts/a11y.sh serves the demo and
// calls this; the demo password is public)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import lighthouse from 'lighthouse';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node check.mjs BASE_URL OUT');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const PASSWORD = 'fangkong2020';
const MIN_A11Y = 0.95;
const MIN_PERF = 0.9;

// Who reads what: each account, the pages it is given, and links followed
// from a page (a selector whose first match's href is read next).
// The guard's page of a pass issued on the demo (scripts/a11y.sh).
const passPath = process.env.FANGKONG_PASS_PATH;
const tours = [
  {
    who: null,
    pages: ['/public', '/public?lang=en', '/province', '/login',
      ...(passPath ? [passPath, `${passPath}?lang=en`] : [])],
  },
  {
    who: 'zhihuibu',
    pages: [
      '/', '/dashboard?lang=en', '/units/420102000000', '/units/420102002003',
      '/quality', '/reconcile/420100000000', '/completeness', '/burden', '/audit',
      '/alerts', '/compliance', '/facilities', '/people', '/followup', '/glass',
      '/appeals', '/appeals/dashboard', '/disputes', '/zones',
      '/movement?unit=420102002003', '/movement?unit=420102000000&lang=en',
      '/inspections?unit=420102000000', '/inspections/new?unit=420102002003-01&lang=en',
    ],
    follow: [
      ['/people', 'a[href^="/people/"]:not([href="/people/bulk"])'],
    ],
  },
  {
    who: 'jiangan',
    pages: ['/', '/staffing?unit=420102000000', '/staffing?unit=420102002003&lang=en'],
  },
  {
    who: 'wangfang',
    pages: ['/', '/report?lang=en', '/people/bulk', '/my/shifts', '/my/shifts?lang=en', '/staffing'],
    follow: [['/report', 'a[href^="/report/"]']],
  },
  {
    who: 'rexian',
    pages: ['/', '/appeals'],
    follow: [['/appeals', 'a[href^="/appeals/"]:not([href^="/appeals/new"]):not([href^="/appeals/dashboard"])']],
  },
];

// Lighthouse's pages, each as the account that uses it (my shifts and the
// pass: phone pages opened on a cheap phone, the pass by a guard at a gate).
const audited = [
  { name: 'public', who: null, url: '/public' },
  { name: 'dashboard', who: 'zhihuibu', url: '/dashboard' },
  { name: 'report-form', who: 'wangfang', follow: ['/report', 'a[href^="/report/"]'] },
  { name: 'my-shifts', who: 'wangfang', url: '/my/shifts' },
  ...(passPath ? [{ name: 'pass', who: null, url: passPath }] : []),
];

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-a11y-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  userDataDir: profile,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  ],
});

async function signIn(page, who) {
  const client = await page.createCDPSession();
  await client.send('Network.clearBrowserCookies');
  await client.detach();
  if (!who) return;
  await page.goto(`${base}/login`, { waitUntil: 'load' });
  await page.type('input[name=username]', who);
  await page.type('input[name=password]', PASSWORD);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#login button[type=submit]')]);
  if (new URL(page.url()).pathname === '/login') throw new Error(`${who} could not sign in`);
}

async function firstLink(page, from, selector) {
  await page.goto(`${base}${from}`, { waitUntil: 'load', timeout: 180000 });
  const href = await page.$eval(selector, (a) => a.getAttribute('href')).catch(() => null);
  if (!href) throw new Error(`no link ${selector} on ${from}`);
  return href;
}

async function axeOn(page, url) {
  const answer = await page.goto(`${base}${url}`, { waitUntil: 'load', timeout: 180000 });
  if (!answer || answer.status() >= 400) throw new Error(`${url}: HTTP ${answer && answer.status()}`);
  await page.evaluate(axeSource);
  return page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
        count: v.nodes.length,
      })),
    ),
  );
}

const failures = [];
const axeResults = {};
const page = await browser.newPage();
// Every page at a desk's width, then at a phone's (the menu collapses there).
const screens = [
  { name: 'desk', width: 1280, height: 900, isMobile: false },
  { name: 'phone', width: 375, height: 812, isMobile: true, hasTouch: true },
];
for (const screen of screens)
for (const tour of tours) {
  await page.setViewport({ ...screen, deviceScaleFactor: 1 });
  await signIn(page, tour.who);
  const urls = [...tour.pages];
  for (const [from, selector] of tour.follow || []) {
    // A list the demo leaves empty (its registry of people) has nothing to follow.
    const href = await firstLink(page, from, selector).catch((e) => console.log(`axe  ${e.message}: not followed`));
    if (href) urls.push(href);
  }
  for (const url of urls) {
    const key = `${screen.name} ${tour.who || 'public'} ${url}`;
    const violations = await axeOn(page, url);
    axeResults[key] = { landed: new URL(page.url()).pathname, violations };
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const line = violations.map((v) => `${v.id}(${v.impact}×${v.count})`).join(' ') || 'none';
    console.log(`axe  ${key} -> ${new URL(page.url()).pathname}: ${line}`);
    for (const v of bad) failures.push(`axe ${key}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
  }
}
fs.writeFileSync(path.join(out, 'axe.json'), JSON.stringify(axeResults, null, 1));

for (const one of audited) {
  // Lighthouse sets its own (mobile) screen.
  await signIn(page, one.who);
  const url = one.url || (await firstLink(page, ...one.follow));
  // Keep the session cookie: Lighthouse would otherwise clear storage first.
  const result = await lighthouse(
    `${base}${url}`,
    { output: ['json', 'html'], logLevel: 'error', onlyCategories: ['accessibility', 'performance'], disableStorageReset: true },
    undefined,
    page,
  );
  const [json, html] = result.report;
  fs.writeFileSync(path.join(out, `lighthouse-${one.name}.json`), json);
  fs.writeFileSync(path.join(out, `lighthouse-${one.name}.html`), html);
  const { accessibility, performance } = result.lhr.categories;
  console.log(`lighthouse ${one.name} ${url}: accessibility ${accessibility.score}, performance ${performance.score}`);
  const failed = (cat) =>
    Object.values(result.lhr.audits)
      .filter((a) => cat.auditRefs.some((r) => r.id === a.id && r.weight > 0) && a.score !== null && a.score < 1)
      .map((a) => `${a.id} ${a.score}${a.displayValue ? ` (${a.displayValue})` : ''}`);
  if (accessibility.score < MIN_A11Y) failures.push(`lighthouse ${one.name}: accessibility ${accessibility.score} < ${MIN_A11Y}: ${failed(accessibility).join('; ')}`);
  if (performance.score < MIN_PERF) failures.push(`lighthouse ${one.name}: performance ${performance.score} < ${MIN_PERF}: ${failed(performance).join('; ')}`);
}
await browser.close();
fs.rmSync(profile, { recursive: true, force: true });
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`a11y: no serious or critical axe violation on ${Object.keys(axeResults).length} pages; Lighthouse at or above ${MIN_A11Y} and ${MIN_PERF}`);
