// Screenshots of a few pages for a person to look at (not a test): signs in
// as a demo account and saves each page at desk and phone widths.
// Usage: node scripts/a11y/shot.mjs BASE_URL OUT_DIR ACCOUNT PATH... (FULL=0:
// the first screen only, not the whole page)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [base, out, who, ...paths] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-shot-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  userDataDir: profile,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
await page.goto(`${base}/login`);
await page.type('input[name=username]', who);
await page.type('input[name=password]', 'fangkong2020');
await Promise.all([page.waitForNavigation(), page.click('#login button[type=submit]')]);
for (const p of paths) {
  for (const [name, width, height] of [['desk', 1280, 900], ['phone', 375, 812]]) {
    await page.setViewport({ width, height, isMobile: name === 'phone' });
    await page.goto(`${base}${p}`);
    const file = path.join(out, `${p.replace(/[^a-z0-9]+/gi, '_')}_${name}.png`);
    await page.screenshot({ path: file, fullPage: process.env.FULL !== '0' });
    console.log(file);
  }
}
await browser.close();
fs.rmSync(profile, { recursive: true, force: true });
