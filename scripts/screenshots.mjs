#!/usr/bin/env node
// `npm run screenshots`: the console's main screens as PNGs in docs/screenshots/, at 1280×800 and
// (phone) 390×844, taken with headless Chromium from a running platform with the demo tenant —
// start it with `npm start` first. BASE_URL (http://localhost:3000) says where it runs.
// Chinese needs a CJK font (fonts-noto-cjk), chromium the Debian package (scripts/browser.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, ensureBrowser } from './browser.mjs';
import { ROOT } from './lib.mjs';

const BASE = (process.env.BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const LOGIN = { tenant: 'lvyuan', username: 'officer', password: 'demo-pass-2026' };

async function api(method, route, token, body) {
  const res = await fetch(`${BASE}/api/v1${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function login(page, who = LOGIN) {
  await page.goto(BASE);
  await page.fill('input[name=tenant]', who.tenant);
  await page.fill('input[name=username]', who.username);
  await page.fill('input[name=password]', who.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=who]', { state: 'attached' });
}

const settle = (page) => page.waitForLoadState('networkidle').then(() => page.waitForTimeout(600));

async function shot(page, name) {
  await settle(page);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  process.stdout.write(`  ✓ docs/screenshots/${name}.png\n`);
}

ensureBrowser();
fs.mkdirSync(OUT, { recursive: true });
const token = (await api('POST', '/auth/login', null, LOGIN)).body?.accessToken;
if (!token) throw new Error(`cannot log in at ${BASE} as ${LOGIN.tenant}/${LOGIN.username}: is \`npm start\` running?`);
const cycles = (await api('GET', '/cycles?limit=50', token)).body.items;
const open = cycles.find((c) => c.status === 'open' && c.kind === 'periodic');
const published = cycles.find((c) => c.status === 'published' && c.kind === 'periodic');
const cadres = (await api('GET', '/cadres?limit=50', token)).body.items;

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
try {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await desktop.newPage();
  await page.goto(BASE);
  await shot(page, 'login');
  await login(page);
  await shot(page, 'dashboard');

  await page.click('nav >> text=干部');
  await page.waitForSelector('[data-testid=cadres]');
  await shot(page, 'roster-cadres');

  // A cadre with a wartime record makes the richest page.
  let cadreId = cadres[0].id;
  for (const c of cadres) {
    const file = await api('GET', `/cadres/${c.id}/wartime-file`, token);
    if (file.status === 200 && file.body.records.length > 0) {
      cadreId = c.id;
      break;
    }
  }
  await page.goto(`${BASE}/cadres/${cadreId}`);
  await page.waitForSelector('[data-testid=history]');
  await shot(page, 'roster-cadre-page');

  await page.goto(`${BASE}/units`);
  await page.waitForSelector('[data-testid=units]');
  await page.click('[data-testid=units] tbody tr:nth-child(1) button');
  await page.waitForTimeout(800);
  await shot(page, 'roster-units-teams');

  await page.goto(`${BASE}/import`);
  const units = (await api('GET', '/units?limit=2', token)).body.items;
  const csv = `personnelNo,name,gender,birthDate,unitCode,position\nX9001,测试甲,男,1985-02-30,${units[0].code},副局长\nX9002,测试乙,女,1988-03-12,NOPE,科长\nX9003,,男,1990-01-01,${units[0].code},副主任\n`;
  await page.setInputFiles('input[type=file]', { name: 'cadres.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('text=试导入（不写入）');
  await page.waitForSelector('[data-testid=import-errors]');
  await shot(page, 'roster-import-dry-run');

  // The cadre with the most political observations shows the file best.
  let politicalId = cadres[0].id;
  let most = -1;
  for (const c of cadres.slice(0, 40)) {
    const file = await api('GET', `/cadres/${c.id}/political-file`, token);
    const n = file.body?.observations?.length ?? 0;
    if (n > most) [most, politicalId] = [n, c.id];
  }
  await page.goto(`${BASE}/checklists?cadre=${politicalId}`);
  await page.waitForSelector('[data-testid=political-radar] canvas');
  await shot(page, 'checklists-political-file');
  await page.click('.tabs button:nth-child(2)');
  await page.waitForSelector('[data-testid=tasks]');
  await shot(page, 'checklists-task-list');

  await page.goto(`${BASE}/cycles`);
  await page.waitForSelector('[data-testid=cycles]');
  await shot(page, 'cycles');
  if (open) {
    await page.goto(`${BASE}/cycles/${open.id}`);
    await page.waitForSelector('[data-testid=appraisals]');
    await shot(page, 'cycle-page');
    const appraisals = (await api('GET', `/cycles/${open.id}/appraisals?limit=50`, token)).body.items;
    const partial = appraisals.find((a) => a.completedSteps.length > 0 && a.completedSteps.length < 4) ?? appraisals[0];
    await page.goto(`${BASE}/workspace?cycle=${open.id}&cadre=${partial.cadreId}`);
    await page.waitForSelector('.step-form');
    await shot(page, 'workspace-wangwenwenqie');
  }
  if (published) {
    await page.goto(`${BASE}/review?cycle=${published.id}`);
    await page.waitForSelector('[data-testid=two-way]');
    await shot(page, 'review-campaigns-two-way');
    const campaigns = (await api('GET', `/cycles/${published.id}/campaigns?limit=200`, token)).body.items;
    const democratic = campaigns.find((c) => c.subject === 'cadre') ?? campaigns[0];
    if (democratic) {
      await page.goto(`${BASE}/campaigns/${democratic.id}`);
      await page.waitForSelector('[data-testid=results]');
      await shot(page, 'review-results');
    }
    await page.goto(`${BASE}/analytics/coordinates?cycle=${published.id}`);
    await page.waitForSelector('[data-testid=coordinate-map] canvas, .hint');
    await shot(page, 'analytics-coordinate-map');
    await page.goto(`${BASE}/analytics/rankings?cycle=${published.id}`);
    await page.waitForSelector('[data-testid=rankings], .hint');
    await shot(page, 'analytics-rankings');
    // An award campaign (正向激励) so the card shows its proposal.
    const awards = await api('GET', '/awards', token);
    if (awards.status === 200 && awards.body.items.length === 0)
      await api('POST', '/awards', token, { kind: 'good_cadre', cycleId: published.id, quota: 8 });
    await page.goto(`${BASE}/analytics/mechanisms?cycle=${published.id}`);
    await page.waitForSelector('[data-testid=selection], [data-testid=underperformers], .hint');
    const award = page.locator('[data-testid=awards] button.link').first();
    if (await award.count()) await award.click();
    await shot(page, 'analytics-mechanisms');
  }

  // Tokens of a new campaign (XLSX, printable QR codes), then one voter's ballot on a phone.
  let ballotUrl = null;
  if (open) {
    const dept = (await api('GET', '/units?kind=department&limit=1', token)).body.items[0];
    const towns = (await api('GET', '/units?kind=town&limit=2', token)).body.items;
    await page.goto(`${BASE}/review?cycle=${open.id}`);
    await page.waitForSelector('[data-testid=create-campaign]');
    await page.fill('input[name=campaign-name]', `${dept.name}领导班子成员民主测评（演示）`);
    await page.selectOption('select[name=targets]', [dept.id]);
    await page.fill(
      'textarea[name=voters]',
      towns
        .flatMap((u, i) => [`镇街代表${i * 2 + 1},${u.code},镇街代表`, `镇街代表${i * 2 + 2},${u.code},镇街代表`])
        .join('\n'),
    );
    await page.click('[data-testid=create-campaign-submit]');
    await page.waitForSelector('[data-testid=token-sheet]');
    await shot(page, 'review-tokens-qr');
    ballotUrl = await page.getAttribute('[data-testid=ballot-link]', 'href');
  }

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  });
  const mobile = await phone.newPage();
  if (ballotUrl) {
    await mobile.goto(ballotUrl);
    await mobile.waitForSelector('#submit');
    const cards = mobile.locator('.card .grades');
    for (let i = 0; i < Math.min(2, await cards.count()); i++) await cards.nth(i).locator('label').first().tap();
    await shot(mobile, 'phone-ballot');
  }
  await login(mobile);
  await shot(mobile, 'phone-dashboard');
  if (open) {
    await mobile.goto(`${BASE}/workspace?cycle=${open.id}`);
    await mobile.waitForSelector('[data-testid=workspace-cadres]');
    await shot(mobile, 'phone-workspace');
  }
} finally {
  await browser.close();
}
