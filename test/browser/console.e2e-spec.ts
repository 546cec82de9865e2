import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { dropNamespace, eventually, testNamespace } from '@cadre/testing';
import {
  createTenant,
  startAnalytics,
  startAppraisal,
  startChecklists,
  startGateway,
  startReview,
  startRoster,
} from '../support';
import { chromiumAvailable, launchChromium, watchPage, type PageWatch } from './browser';

/**
 * The web console in headless Chromium against an in-process stack: log in, create and open a
 * cycle, issue ballot tokens, cast a ballot on a phone-sized page, open the coordinate map — with
 * no console errors and no request leaving the server.
 */
const CONSOLE_INDEX = path.resolve(__dirname, '../../dist/console/index.html');

const describeWithBrowser = chromiumAvailable() ? describe : describe.skip;
if (!chromiumAvailable()) {
  process.stderr.write(
    'console browser tests skipped: /usr/bin/chromium is missing (apt-get install chromium; `npm test` installs it under CI=true)\n',
  );
}

describeWithBrowser('web console in Chromium', () => {
  const namespace = testNamespace();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  let base: string;
  let officer: string;
  const units: Record<string, string> = {};
  const cadres: string[] = [];
  let cycleId: string;

  const api = async (method: string, route: string, body?: unknown, token = officer) => {
    const res = await fetch(`${base}/api/v1${route}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    if (!fs.existsSync(CONSOLE_INDEX))
      throw new Error(`${CONSOLE_INDEX} is missing: build the console first (npm run build)`);
    apps.push(
      await startRoster(namespace),
      await startChecklists(namespace),
      await startAppraisal(namespace),
      await startReview(namespace),
    );
    apps.push(await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '300' }));
    gateway = await startGateway(namespace);
    await gateway.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}`;
    officer = (await createTenant(gateway, 'lvyuan')).token;

    const field = await api('POST', '/fields', { code: 'JJ', name: '经济' });
    for (const [key, name, kind] of [
      ['FGJ', '区发改局', 'department'],
      ['TOWN', '合心镇', 'town'],
      ['STREET', '正阳街道', 'street'],
    ]) {
      const res = await api('POST', '/units', { code: key, name, kind, fieldId: field.body.id });
      units[key] = res.body.id;
    }
    const team = await api('POST', '/teams', { unitId: units.FGJ, name: '区发改局领导班子' });
    for (const [no, name, position, teamRole] of [
      ['F001', '王建国', '局长', 'principal'],
      ['F002', '李红梅', '副局长', 'deputy'],
      ['F003', '赵志强', '副局长', 'deputy'],
    ]) {
      const res = await api('POST', '/cadres', {
        personnelNo: no,
        name,
        gender: 'male',
        birthDate: '1978-05-01',
        unitId: units.FGJ,
        teamId: team.body.id,
        teamRole,
        position,
      });
      if (res.status !== 201) throw new Error(`cadre: ${res.status} ${JSON.stringify(res.body)}`);
      cadres.push(res.body.id);
    }

    browser = await launchChromium();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page = await desktop.newPage();
    watch = watchPage(page, base);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    for (const app of apps.reverse()) await app.close();
    await dropNamespace(namespace);
  });

  afterEach(() => {
    expect(watch.errors).toEqual([]);
    expect(watch.external).toEqual([]);
  });

  it('serves the console at / and its routes, and leaves the API alone', async () => {
    const html = await fetch(`${base}/cycles/some/where`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await html.text()).toContain('<div id="root">');
    const unknown = await fetch(`${base}/api/v1/nothing-here`, {
      headers: { accept: 'text/html', authorization: `Bearer ${officer}` },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const health = await fetch(`${base}/health/live`);
    expect(health.status).toBe(200);
  });

  it('logs in as the organization department and shows the dashboard', async () => {
    await page.goto(base);
    await page.fill('input[name=tenant]', 'lvyuan');
    await page.fill('input[name=username]', 'officer');
    await page.fill('input[name=password]', 'demo-pass-2026');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=who]');
    expect(await page.textContent('[data-testid=who]')).toContain('officer');
    await page.waitForSelector('text=当前考核周期');
  });

  it('creates a periodic cycle and opens it', async () => {
    await page.click('nav >> text=考核周期');
    await page.waitForSelector('[data-testid=create-cycle]');
    await page.selectOption('[data-testid=create-cycle] select[name=kind]', 'periodic');
    await page.fill('[data-testid=create-cycle] input[name=name]', '2026年上半年定期考核（浏览器测试）');
    await page.fill('[data-testid=create-cycle] input[name=year]', '2026');
    await page.click('[data-testid=create-cycle-submit]');
    await page.waitForURL(/\/cycles\/[0-9a-f-]{36}$/);
    cycleId = page.url().split('/').pop()!;
    expect(await page.textContent('[data-testid=cycle-name]')).toContain('浏览器测试');
    await page.click('[data-testid=cycle-open]');
    await page.waitForSelector('.page-title .badge-open');
    expect((await api('GET', `/cycles/${cycleId}`)).body.status).toBe('open');
  });

  it('issues ballot tokens and a voter casts a ballot on a phone', async () => {
    // Review learns the cycle and the cadres from events.
    await eventually(
      async () => (await api('GET', `/cycles/${cycleId}/campaigns`)).status === 200,
      30_000,
      'review knows the cycle',
    );
    await page.click('nav >> text=民主测评');
    await page.waitForSelector('[data-testid=create-campaign]');
    await page.fill('[data-testid=create-campaign] input[name=campaign-name]', '区发改局班子成员民主测评');
    await page.selectOption('[data-testid=create-campaign] select[name=targets]', [units.FGJ]);
    await page.fill('[data-testid=create-campaign] textarea[name=voters]', '张三,TOWN,镇街代表\n李四,STREET,镇街代表');
    let link: string | null = null;
    await eventually(
      async () => {
        await page.click('[data-testid=create-campaign-submit]');
        link = await page
          .waitForSelector('[data-testid=ballot-link]', { timeout: 3_000 })
          .then((a) => a.getAttribute('href'))
          .catch(() => null);
        return link;
      },
      30_000,
      'campaign created',
    );
    expect(await page.locator('[data-testid=token-sheet] svg').count()).toBe(2);

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'zh-CN',
    });
    const ballot = await phone.newPage();
    const phoneWatch = watchPage(ballot, base);
    await eventually(
      async () => {
        await ballot.goto(link!);
        const cards = ballot.locator('.card .grades');
        const n = await cards.count();
        for (let i = 0; i < n; i++) await cards.nth(i).locator('label').first().tap();
        await ballot.tap('#submit');
        await ballot.waitForSelector('#msg.ok, #msg.err');
        // 409 while review has not yet seen the cycle open: try again.
        return (await ballot.getAttribute('#msg', 'class')) === 'ok';
      },
      30_000,
      'ballot accepted',
    );
    expect(await ballot.textContent('#msg')).toContain('提交成功');
    expect(phoneWatch.errors).toEqual([]);
    expect(phoneWatch.external).toEqual([]);
    await phone.close();

    await page.click('[data-testid=campaigns] a');
    await page.waitForSelector('[data-testid=participation]');
    await eventually(
      async () => {
        await page.reload();
        const text = await page.textContent('[data-testid=participation]');
        return text?.includes('50.0%');
      },
      20_000,
      'participation 1 of 2',
    );
  });

  it('works at 390×844: the menu opens and the cycle list reads', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('.menu-toggle');
    await page.click('nav >> text=考核周期');
    await page.waitForSelector('[data-testid=cycles]');
    // A string: the services' tsconfig has no DOM types.
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('switches to English and back', async () => {
    await page.click('[data-testid=lang]');
    await page.waitForSelector('nav >> text=Cycles');
    await page.click('[data-testid=lang]');
    await page.waitForSelector('nav >> text=考核周期');
  });

  it('opens the coordinate map: every ranked cadre is a point, hover shows the cadre', async () => {
    for (const [i, cadreId] of cadres.entries()) {
      const steps: Array<[string, object]> = [
        ['look', { reports: [{ kind: 'report', title: '述职报告' }], notes: '材料扎实' }],
        ['listen', { notes: '已反馈' }],
        ['ask', { problems: [] }],
        [
          'apply',
          {
            score: 90 - i * 8,
            grade: 'competent',
            strengths: '项目建设',
            weaknesses: '创新不足',
            traits: ['务实'],
            suggestion: 'keep',
          },
        ],
      ];
      for (const [step, body] of steps) {
        const res = await api('PUT', `/cycles/${cycleId}/appraisals/${cadreId}/steps/${step}`, body);
        expect(res.status).toBe(200);
      }
    }
    expect((await api('POST', `/cycles/${cycleId}/close`)).status).toBe(200);
    expect((await api('POST', `/cycles/${cycleId}/publish`)).status).toBe(200);
    const coords = await eventually(
      async () => {
        const res = await api('GET', `/cycles/${cycleId}/coordinates`);
        // Recomputed after the last step: three different scores, three different places.
        return res.status === 200 &&
          res.body.points.length === cadres.length &&
          new Set(res.body.points.map((p: { x: number }) => p.x)).size === cadres.length
          ? res.body.points
          : null;
      },
      30_000,
      'coordinates computed',
    );

    await page.goto(`${base}/analytics/coordinates?cycle=${cycleId}`);
    const chart = await page.waitForSelector('[data-testid=coordinate-map] canvas');
    await page.waitForTimeout(1_500); // the points fade in
    const box = (await chart.boundingBox())!;
    const p = coords[0];
    const x = box.x + 60 + (p.x / 100) * (box.width - 90);
    const y = box.y + 40 + (1 - p.y / 100) * (box.height - 90);
    await page.mouse.move(x - 20, y - 20);
    await page.mouse.move(x, y, { steps: 5 });
    await page.waitForSelector(`[data-testid=coordinate-map] >> text=${p.name}`, { timeout: 5_000 });
  });

  it('shows the cadre page with the rank trend of the published cycle', async () => {
    await page.goto(`${base}/cadres/${cadres[0]}`);
    await page.waitForSelector('[data-testid=history]');
    await page.waitForSelector('[data-testid=trend-chart] canvas');
  });
  it('opens rankings, the three mechanisms, a dossier and the sandbox without an error', async () => {
    await page.goto(`${base}/analytics/rankings?cycle=${cycleId}`);
    await page.waitForSelector('[data-testid=rankings] >> text=王建国');
    await page.goto(`${base}/analytics/mechanisms?cycle=${cycleId}`);
    await page.waitForSelector('[data-testid=selection], [data-testid=underperformers]');
    await page.waitForSelector('text=正向激励');
    await page.goto(`${base}/dossier/cadre/${cadres[0]}`);
    await page.waitForSelector('.facts');
    await page.goto(`${base}/analytics/sandbox`);
    await page.waitForSelector('text=模拟运行');
  });

  it('is role-aware: a cadre sees only their own lists and published results', async () => {
    const user = await api('POST', '/users', {
      username: 'wangjianguo',
      password: 'demo-pass-2026',
      roles: ['cadre'],
      cadreId: cadres[0],
    });
    expect(user.status).toBe(201);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: 'zh-CN',
    });
    const mine = await context.newPage();
    const mineWatch = watchPage(mine, base);
    await mine.goto(base);
    await mine.fill('input[name=tenant]', 'lvyuan');
    await mine.fill('input[name=username]', 'wangjianguo');
    await mine.fill('input[name=password]', 'demo-pass-2026');
    await mine.click('button[type=submit]');
    await mine.waitForURL(/\/me$/);
    await mine.waitForSelector('[data-testid=my-results] >> text=浏览器测试');
    const links = await mine.locator('nav a').allTextContents();
    expect(links).toEqual(['我的清单与结果']);
    await mine.goto(`${base}/cadres`);
    await mine.waitForURL(/\/me$/);
    expect(mineWatch.errors).toEqual([]);
    expect(mineWatch.external).toEqual([]);
    await context.close();
  });
});
