/**
 * The demo district (73 units, 299 cadres) through a whole half-yearly cycle, every request through
 * the gateway — the driver of `npm run bench -- district`, and reusable: a fault test runs the same
 * phases with services killed in between or in the middle (`beforePhase`/`afterPhase`/`onChunk`)
 * and compares `districtOutcome()` of that run with an undisturbed one.
 *
 * Phases (DISTRICT_PHASES): `seed` (tenant, demo district as `npm start` loads it, assessors, political
 * observations, this year's task lists, 考核组), `cycle` (create + open the half-year's periodic cycle),
 * `tasks` (progress on every task of the approved lists), `steps` (望闻问切 for every cadre by its
 * assigned assessor), `campaigns` (democratic evaluation of the cadres, top-down and bottom-up review of
 * the units), `ballots` (every voter casts), `close`, `rankings` (until analytics ranks every cadre
 * from exactly the inputs written), `dossiers` (every cadre's JSON dossier, a few PDFs).
 *
 * Deterministic: everything written follows from `seed` and the natural keys (personnel numbers, unit
 * codes), never from the random UUIDs or the order in which answers arrive, so two runs on the same
 * day write the same content. (The checklists of `npm start`'s seed tool are not used: their deadlines
 * fall within the year, so tasks would turn overdue during the run.) Every write carries an Idempotency-Key derived from the
 * tenant and what it writes, and is retried with it while a service is away (gateway-client.ts).
 *
 * Use from a fault test (a stack of bench/harness.ts: `stack.pids` to kill, your own restart):
 *
 *   const w = new DistrictWorkload(stack.base, {
 *     tenant: 'district', chunkSize: 40,
 *     onChunk: async (phase, done) => { if (phase === 'steps' && done === 120) await killAndRestart('appraisal'); },
 *     afterPhase: async (phase) => { if (phase === 'ballots') await killAndRestart('review'); },
 *   });
 *   const run = await w.run();                       // or w.runPhase('seed'), … one by one
 *   const outcome = await districtOutcome(stack.base, { tenant: 'district' });
 *   // outcome.fingerprint equals an undisturbed run's on the same day; outcome.state says where not.
 *
 * What a kill can still change (not the driver's doing): a create that the service committed but whose
 * answer was lost (the gateway releases the key on a 5xx) is created again on retry — tasks, political
 * observations, 考核组, campaigns have no natural key to catch that; the fingerprint shows it.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '@cadre/platform';
import { DemoClient, DemoConflict } from '../../scripts/demo/demo-client';
import { loadDistrict } from '../../scripts/demo/roster';
import { Answer, ClientStats, expectStatus, GatewayClient, pool } from './gateway-client';

export const DISTRICT_PHASES = [
  'seed',
  'cycle',
  'tasks',
  'steps',
  'campaigns',
  'ballots',
  'close',
  'rankings',
  'dossiers',
] as const;
export type DistrictPhase = (typeof DISTRICT_PHASES)[number];

export interface DistrictOptions {
  /** Tenant code to create and use (default `district`). */
  tenant?: string;
  /** Seed of everything written (default 2022). */
  seed?: number;
  /** Concurrent requests of the officer and assessors (default 8). */
  concurrency?: number;
  /** Concurrent voters (default 16). */
  ballotConcurrency?: number;
  /** Voters of the democratic evaluation per field (default 36: ≈ 15,000 ballot rows in all). */
  democraticVotersPerField?: number;
  /** Dossiers fetched as PDF too (default 3; 501 where the host has no Chromium). */
  pdfs?: number;
  /** Items per chunk of a phase: `onChunk` is awaited after each (default: a phase is one chunk). */
  chunkSize?: number;
  /** How long one request is retried while a service is away (default 180 s). */
  retryForMs?: number;
  /** How long to wait for analytics' rankings after close (default 300 s). */
  rankingsTimeoutMs?: number;
  beforePhase?: (phase: DistrictPhase, workload: DistrictWorkload) => Promise<void> | void;
  afterPhase?: (phase: DistrictPhase, result: PhaseResult, workload: DistrictWorkload) => Promise<void> | void;
  onChunk?: (phase: DistrictPhase, done: number, total: number, workload: DistrictWorkload) => Promise<void> | void;
  log?: (line: string) => void;
}

export interface PhaseResult {
  phase: DistrictPhase;
  ms: number;
  /** What the phase did, e.g. { stepRecords: 1196 }. */
  counts: Record<string, number>;
  requests: number;
  retries: number;
  statuses: Record<string, number>;
}

export interface DistrictRun {
  tenant: string;
  seed: number;
  phases: PhaseResult[];
  totalMs: number;
  /** From the cycle's creation to the last dossier: the half-year itself, without seeding. */
  cycleMs: number;
  counts: Record<string, number>;
}

interface Cadre {
  id: string;
  personnelNo: string;
  name: string;
  unitId: string;
  teamId: string | null;
}
interface Unit {
  id: string;
  code: string;
  kind: 'department' | 'town' | 'street' | 'zone';
  fieldId: string | null;
}
interface Voter {
  name: string;
  unitId: string;
  group: string;
}
interface Campaign {
  key: 'democratic' | 'top_down' | 'top_down_grassroots' | 'bottom_up';
  id: string;
  items: string[];
  voters: Array<Voter & { token: string; targets: string[] }>;
}

const HALF_NAME = { 1: '上半年', 2: '下半年' } as const;
const ASSESSORS = 6;
const GROUP_SIZE = 25;
const PASSWORD = 'demo-pass-2026';
const TASKS = [
  { title: '完成年度招商引资任务', metric: '招商引资额', unit: '万元', target: 5000 },
  { title: '推进老旧小区改造', metric: '完成改造小区', unit: '个', target: 12 },
  { title: '化解信访积案', metric: '化解积案', unit: '件', target: 20 },
  { title: '推动重点项目开复工', metric: '开复工项目', unit: '个', target: 8 },
  { title: '开展基层党建示范点建设', metric: '示范点', unit: '个', target: 5 },
];
const STRENGTHS = ['招商引资', '城市管理', '基层治理', '项目建设', '信访维稳', '党建工作', '营商环境', '应急处置'];
const WEAKNESSES = ['创新意识有待增强', '统筹协调能力有待提高', '调查研究不够深入', '抓落实的韧劲不足'];
const TRAITS = ['敢于担当', '善于攻坚', '作风务实', '沉稳干练', '思路开阔', '执行力强'];
const PROBLEM = {
  description: '对分管领域重点项目调度不够及时，个别节点滞后',
  severity: 'moderate',
  followUp: '建立周调度台账，由考核组跟踪',
};

/** A number in [0, 1) from the seed and a label: the same label gives the same number in every run. */
export function draw(seed: number, label: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  const rnd = seededRandom(h >>> 0);
  rnd();
  return rnd();
}

function gradeFor(value: number): 'excellent' | 'competent' | 'basically_competent' | 'incompetent' {
  if (value >= 88) return 'excellent';
  if (value >= 72) return 'competent';
  if (value >= 60) return 'basically_competent';
  return 'incompetent';
}

export function today(): { year: number; half: 1 | 2; date: (daysAgo: number) => string } {
  const now = new Date();
  return {
    year: now.getUTCFullYear(),
    half: now.getUTCMonth() < 6 ? 1 : 2,
    date: (daysAgo) =>
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - daysAgo * 86_400_000)
        .toISOString()
        .slice(0, 10),
  };
}

async function login(
  client: GatewayClient,
  tenant: string,
  username: string,
  password: string,
): Promise<{ token: string; id: string }> {
  // No Idempotency-Key: a login writes nothing, and its answer (a token) is better not stored.
  const res = await client.send('POST', '/auth/login', { body: { tenant, username, password } });
  expectStatus(res, [200], `login ${tenant}/${username}`);
  return { token: res.body.accessToken, id: res.body.user.id };
}

export class DistrictWorkload {
  readonly client: GatewayClient;
  readonly tenant: string;
  readonly seed: number;
  readonly results: PhaseResult[] = [];
  /** What the phases learn and later phases use (ids, tokens); public for tests that want to look. */
  readonly state = {
    officer: '',
    assessors: [] as Array<{ username: string; id: string; token: string }>,
    cadres: [] as Cadre[],
    units: [] as Unit[],
    fields: [] as Array<{ id: string; code: string }>,
    /** personnelNo → verdict set up by the seed. */
    verdicts: new Map<string, 'fail' | 'attention'>(),
    /** cadre id → assessor index. */
    assessorOf: new Map<string, number>(),
    /** cadre id → tasks of its approved list. */
    tasks: new Map<string, Array<{ id: string; target: number; weight: number; title: string }>>(),
    cycleId: '',
    campaigns: [] as Campaign[],
    /** cadre id → apply score written. */
    applyScores: new Map<string, number>(),
  };
  private readonly o: Required<Omit<DistrictOptions, 'beforePhase' | 'afterPhase' | 'onChunk' | 'log' | 'chunkSize'>> &
    DistrictOptions;
  private readonly when = today();

  constructor(base: string, options: DistrictOptions = {}) {
    this.o = {
      tenant: 'district',
      seed: 2022,
      concurrency: 8,
      ballotConcurrency: 16,
      democraticVotersPerField: 36,
      pdfs: 3,
      retryForMs: 180_000,
      rankingsTimeoutMs: 300_000,
      ...options,
    };
    this.tenant = this.o.tenant;
    this.seed = this.o.seed;
    this.client = new GatewayClient(base, { retryForMs: this.o.retryForMs, log: options.log });
  }

  private log(line: string): void {
    this.o.log?.(line);
  }

  /** An Idempotency-Key for a write: the same write in the same tenant always gets the same key (visible ASCII, as the gateway wants). */
  private key(what: string): string {
    const ascii = /^[\x21-\x7e]+$/.test(what) ? what : createHash('sha256').update(what).digest('hex').slice(0, 32);
    return `${this.tenant}:${this.seed}:${ascii}`.slice(0, 255);
  }

  private get cycleName(): string {
    return `${this.when.year}年${HALF_NAME[this.when.half]}定期考核（基准）`;
  }

  async run(phases: readonly DistrictPhase[] = DISTRICT_PHASES): Promise<DistrictRun> {
    const started = performance.now();
    for (const phase of phases) await this.runPhase(phase);
    const totalMs = performance.now() - started;
    const cycleMs = this.results.filter((r) => r.phase !== 'seed').reduce((a, r) => a + r.ms, 0);
    const counts = Object.assign({}, ...this.results.map((r) => r.counts));
    return { tenant: this.tenant, seed: this.seed, phases: this.results, totalMs, cycleMs, counts };
  }

  async runPhase(phase: DistrictPhase): Promise<PhaseResult> {
    await this.o.beforePhase?.(phase, this);
    const before: ClientStats = JSON.parse(JSON.stringify(this.client.stats));
    const t0 = performance.now();
    this.log(`${phase} …`);
    const counts = await this[`${phase}Phase`]();
    const after = this.client.stats;
    const statuses: Record<string, number> = {};
    for (const [k, v] of Object.entries(after.statuses))
      if (v - (before.statuses[k] ?? 0) > 0) statuses[k] = v - (before.statuses[k] ?? 0);
    const result: PhaseResult = {
      phase,
      ms: performance.now() - t0,
      counts,
      requests: after.requests - before.requests,
      retries: after.retries - before.retries,
      statuses,
    };
    this.results.push(result);
    this.log(
      `${phase}: ${(result.ms / 1000).toFixed(2)} s, ${result.requests} requests, ${result.retries} retries, ${JSON.stringify(counts)}`,
    );
    await this.o.afterPhase?.(phase, result, this);
    return result;
  }

  /** `pool` with this run's chunking and hook. */
  private each<T>(
    phase: DistrictPhase,
    items: T[],
    concurrency: number,
    work: (item: T, i: number) => Promise<void>,
  ): Promise<void> {
    const { chunkSize, onChunk } = this.o;
    return pool(
      items,
      concurrency,
      work,
      chunkSize && onChunk
        ? { size: chunkSize, after: async (done) => onChunk(phase, done, items.length, this) }
        : undefined,
    );
  }

  private officer(
    method: string,
    url: string,
    what: string | null,
    body?: unknown,
    waitFor?: (status: number, body: any) => boolean,
  ): Promise<Answer> {
    return this.client.send(method, url, {
      token: this.state.officer,
      body,
      key: what === null ? undefined : this.key(what),
      waitFor,
    });
  }

  // ---------------------------------------------------------------- phases

  private async seedPhase(): Promise<Record<string, number>> {
    const s = this.state;
    const admin = await login(this.client, 'system', 'admin', process.env.ADMIN_PASSWORD ?? 'system-pass-2026');
    const tenant = await this.client.send('POST', '/tenants', {
      token: admin.token,
      key: this.key('tenant'),
      body: {
        code: this.tenant,
        name: `${this.tenant} 区委组织部`,
        timezone: 'Asia/Shanghai',
        officer: { username: 'officer', password: PASSWORD },
      },
    });
    expectStatus(tenant, [201, 409], 'tenant');
    s.officer = (await login(this.client, this.tenant, 'officer', PASSWORD)).token;

    // The demo district exactly as `npm start` loads it (refused on a retry: it is there already).
    try {
      await loadDistrict(
        new DemoClient(this.client.base.replace(/\/api\/v1$/, ''), this.tenant, s.officer, this.o.log),
      );
    } catch (err) {
      if (!(err instanceof DemoConflict)) throw err;
    }
    s.cadres = (await this.client.all<Cadre>('/cadres', s.officer, 100)).sort((a, b) =>
      a.personnelNo.localeCompare(b.personnelNo),
    );
    s.units = (await this.client.all<Unit>('/units', s.officer, 100)).sort((a, b) => a.code.localeCompare(b.code));
    s.fields = (await this.client.all<{ id: string; code: string }>('/fields', s.officer, 200)).sort(
      (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code),
    );

    for (let i = 1; i <= ASSESSORS; i++) {
      const username = `kaohe${i}`;
      const res = await this.officer('POST', '/users', `user:${username}`, {
        username,
        password: PASSWORD,
        roles: ['assessor'],
      });
      expectStatus(res, [201, 409], `assessor ${username}`);
      const me = await login(this.client, this.tenant, username, PASSWORD);
      s.assessors.push({ username, id: me.id, token: me.token });
    }

    // Political observations: the first cadre fails the gate (a red line), the next two are on watch.
    const observations: Array<[number, string, 'red_line' | 'major', 'fail' | 'attention']> = [
      [0, 'discipline', 'red_line', 'fail'],
      [1, 'truth_seeking', 'major', 'attention'],
      [2, 'responsibility', 'major', 'attention'],
    ];
    const notProjected = (status: number) => status === 404;
    for (const [i, dimension, severity, verdict] of observations) {
      const c = s.cadres[i];
      s.verdicts.set(c.personnelNo, verdict);
      const res = await this.officer(
        'POST',
        `/cadres/${c.id}/political-observations`,
        `observation:${c.personnelNo}`,
        {
          dimension,
          polarity: 'negative',
          severity,
          evidence: '日常监督中发现的问题（基准测试）',
          occurredAt: this.when.date(40),
          source: 'daily_supervision',
        },
        notProjected,
      );
      expectStatus(res, [201], 'observation');
    }

    // This year's task lists: three tasks each; most approved, one in ten still a draft, one
    // submitted, one returned (as the demo has them), deadlines at the year's end so that none
    // turns overdue during the run.
    const year = this.when.year;
    let tasks = 0;
    await this.each('seed', s.cadres, this.o.concurrency, async (c, i) => {
      for (let k = 0; k < 3; k++) {
        const t = TASKS[(i + k) % TASKS.length];
        const res = await this.officer(
          'POST',
          `/cadres/${c.id}/task-lists/${year}/tasks`,
          `task:${c.personnelNo}:${k}`,
          {
            title: t.title,
            measures: '明确责任人和时间节点，按月调度',
            indicator: { metric: t.metric, target: t.target, unit: t.unit },
            deadline: `${year}-12-31`,
            weight: 3 - k,
          },
          notProjected,
        );
        expectStatus(res, [201], 'task');
        tasks += 1;
      }
      const stage = i % 10;
      const act = async (action: string, body?: unknown) => {
        const res = await this.officer(
          'POST',
          `/cadres/${c.id}/task-lists/${year}/${action}`,
          `tasklist:${c.personnelNo}:${action}`,
          body ?? {},
        );
        // 409 on a retry whose first attempt went through: the list is in the next state already.
        expectStatus(res, [200, 201, 409], `task list ${action}`);
      };
      if (stage >= 1) await act('submit');
      if (stage === 2) await act('return', { reason: '指标不够量化，请细化' });
      if (stage >= 3) await act('approve');
      if (stage >= 3) {
        const list = await this.client.send('GET', `/cadres/${c.id}/task-lists/${year}`, { token: s.officer });
        expectStatus(list, [200], 'task list');
        s.tasks.set(
          c.id,
          list.body.tasks.map((t: { id: string; indicator: { target: number }; weight: number; title: string }) => ({
            id: t.id,
            target: t.indicator.target,
            weight: t.weight,
            title: t.title,
          })),
        );
      }
    });

    // 考核组: groups of 25 cadres in personnel order, two assessors each (as the appraisal demo has them).
    const groups = Math.ceil(s.cadres.length / GROUP_SIZE);
    for (let g = 0; g < groups; g++) {
      const members = s.cadres.slice(g * GROUP_SIZE, (g + 1) * GROUP_SIZE);
      const pair = [(2 * g) % ASSESSORS, (2 * g + 1) % ASSESSORS];
      members.forEach((c, k) => s.assessorOf.set(c.id, pair[k % 2]));
      const res = await this.officer(
        'POST',
        '/assessment-groups',
        `group:${g}`,
        {
          name: `第${g + 1}考核组`,
          assessorUserIds: pair.map((a) => s.assessors[a].id),
          cadreIds: members.map((c) => c.id),
        },
        (status) => status === 422 || status === 404, // cadres or assessors not projected yet
      );
      expectStatus(res, [201], 'assessment group');
    }
    return {
      units: s.units.length,
      cadres: s.cadres.length,
      assessors: s.assessors.length,
      tasks,
      approvedLists: s.tasks.size,
      groups,
    };
  }

  private async cyclePhase(): Promise<Record<string, number>> {
    const s = this.state;
    const now = Date.now();
    const body = {
      kind: 'periodic',
      name: this.cycleName,
      year: this.when.year,
      half: this.when.half,
      opensAt: new Date(now + 86_400_000).toISOString(),
      closesAt: new Date(now + 30 * 86_400_000).toISOString(),
      reminderOffsetsHours: [72, 24],
    };
    const created = await this.officer('POST', '/cycles', 'cycle', body);
    expectStatus(created, [201, 409], 'create cycle');
    s.cycleId = created.status === 201 ? created.body.id : await this.findCycle();
    const opened = await this.officer('POST', `/cycles/${s.cycleId}/open`, 'cycle:open');
    if (opened.status === 409) await this.expectCycleStatus('open');
    else expectStatus(opened, [200, 201], 'open cycle');
    return { cycles: 1 };
  }

  private async findCycle(): Promise<string> {
    const cycles = await this.client.all<{ id: string; kind: string; year: number; half: number }>(
      `/cycles?kind=periodic&year=${this.when.year}`,
      this.state.officer,
    );
    const cycle = cycles.find((c) => c.half === this.when.half);
    if (!cycle) throw new Error('the periodic cycle is neither created nor found');
    return cycle.id;
  }

  private async expectCycleStatus(status: string): Promise<void> {
    const res = await this.client.send('GET', `/cycles/${this.state.cycleId}`, { token: this.state.officer });
    if (res.body?.status !== status && !(status === 'open' && res.body?.status === 'closed'))
      throw new Error(`cycle is ${res.body?.status}, expected ${status}`);
  }

  /** The value reported for a task: 30–115% of its target, by the seed. */
  actualOf(personnelNo: string, title: string, target: number): number {
    return Math.round(target * (0.3 + 0.85 * draw(this.seed, `actual:${personnelNo}:${title}`)) * 10) / 10;
  }

  private async tasksPhase(): Promise<Record<string, number>> {
    const s = this.state;
    const work = s.cadres.flatMap((c) => (s.tasks.get(c.id) ?? []).map((t) => ({ c, t })));
    await this.each('tasks', work, this.o.concurrency, async ({ c, t }) => {
      const res = await this.officer('POST', `/tasks/${t.id}/progress`, `progress:${c.personnelNo}:${t.title}`, {
        actual: this.actualOf(c.personnelNo, t.title, t.target),
        note: '半年进展（基准测试）',
      });
      expectStatus(res, [200, 201], 'task progress');
    });
    return { taskProgress: work.length };
  }

  /** The 切 score of a cadre, by the seed; never `excellent` behind the political gate. */
  applyOf(c: Cadre): { score: number; grade: string } {
    const score = Math.round((55 + 43 * draw(this.seed, `apply:${c.personnelNo}`)) * 10) / 10;
    let grade: string = gradeFor(score + 2);
    if (grade === 'excellent' && this.state.verdicts.has(c.personnelNo)) grade = 'competent';
    return { score, grade };
  }

  private async stepsPhase(): Promise<Record<string, number>> {
    const s = this.state;
    let records = 0;
    await this.each('steps', s.cadres, this.o.concurrency, async (c) => {
      const assessor = s.assessors[s.assessorOf.get(c.id) ?? 0];
      const { score, grade } = this.applyOf(c);
      const pick = <T>(xs: T[], label: string) =>
        xs[Math.floor(draw(this.seed, `${label}:${c.personnelNo}`) * xs.length)];
      const contents: Record<string, unknown> = {
        look: {
          reports: [
            {
              kind: 'report',
              title: `${this.when.year}年${HALF_NAME[this.when.half]}述职报告`,
              url: `https://oa.example.gov.cn/docs/${c.personnelNo}`,
            },
          ],
          notes: score >= 85 ? '汇报材料扎实，重点工作成效明显' : '汇报内容完整，亮点不够突出',
        },
        listen: { notes: '民主测评结果已反馈本人' },
        ask: {
          problems: score < 75 ? [PROBLEM] : [],
          notes: score < 75 ? '谈话中反映的问题已向本人反馈' : '谈话中未发现明显问题',
        },
        apply: {
          score,
          grade,
          strengths: pick(STRENGTHS, 'strengths'),
          weaknesses: pick(WEAKNESSES, 'weaknesses'),
          traits: [pick(TRAITS, 'trait')],
          suggestion: grade === 'excellent' ? 'promote' : grade === 'competent' ? 'keep' : 'talk',
        },
      };
      for (const step of ['look', 'listen', 'ask', 'apply']) {
        const res = await this.client.send('PUT', `/cycles/${s.cycleId}/appraisals/${c.id}/steps/${step}`, {
          token: assessor.token,
          key: this.key(`step:${c.personnelNo}:${step}`),
          body: contents[step],
          // Appraisal learns the assignment from its own groups at once; a 404 is a cycle or cadre not projected yet.
          waitFor: (status) => status === 404,
        });
        expectStatus(res, [200, 201], `step ${step}`);
        records += 1;
      }
      s.applyScores.set(c.id, score);
    });
    return { stepRecords: records };
  }

  /** How a target is seen (55–95), by the seed and its natural key. */
  private impression(key: string): number {
    const r = draw(this.seed, `quality:${key}`);
    return r < 1 / 12 ? 55 + 12 * draw(this.seed, `under:${key}`) : 75 + 20 * draw(this.seed, `good:${key}`);
  }

  private async campaignsPhase(): Promise<Record<string, number>> {
    const s = this.state;
    const unitById = new Map(s.units.map((u) => [u.id, u]));
    const departments = s.units.filter((u) => u.kind === 'department');
    const grassroots = s.units.filter((u) => u.kind !== 'department');
    const specs: Array<{
      key: Campaign['key'];
      body: Record<string, unknown>;
      voters: Voter[];
      targetsOf: (v: Voter) => string[];
    }> = [];

    // 民主测评: voters of each field rate the field's cadres (not those of their own unit).
    const democraticVoters: Voter[] = [];
    for (const f of s.fields) {
      const units = s.units.filter((u) => u.fieldId === f.id);
      if (units.length === 0) continue;
      for (let k = 0; k < this.o.democraticVotersPerField; k++)
        democraticVoters.push({
          name: `测评人-${f.code}-${k + 1}`,
          unitId: units[k % units.length].id,
          group: k % 3 === 0 ? '区级领导' : '干部群众代表',
        });
    }
    specs.push({
      key: 'democratic',
      body: {
        direction: 'top_down',
        subject: 'cadre',
        name: `${this.cycleName}·民主测评`,
        targetIds: s.cadres.map((c) => c.id),
        groupWeights: { 区级领导: 0.4, 干部群众代表: 0.6 },
      },
      voters: democraticVoters,
      targetsOf: (v) =>
        s.cadres
          .filter((c) => c.unitId !== v.unitId && unitById.get(c.unitId)?.fieldId === unitById.get(v.unitId)?.fieldId)
          .map((c) => c.id),
    });
    // 自上而下 in review's directions: the district leaders rate the departments …
    specs.push({
      key: 'top_down',
      body: {
        direction: 'top_down',
        subject: 'unit',
        name: `${this.cycleName}·自上而下评价`,
        targetIds: departments.map((u) => u.id),
      },
      voters: Array.from({ length: 8 }, (_, k) => ({
        name: `区级领导${k + 1}`,
        unitId: departments[0].id,
        group: '区级领导',
      })),
      targetsOf: (v) => departments.filter((u) => u.id !== v.unitId).map((u) => u.id),
    });
    // … and the department heads rate the towns, streets and zones.
    specs.push({
      key: 'top_down_grassroots',
      body: {
        direction: 'top_down',
        subject: 'unit',
        name: `${this.cycleName}·自上而下评价（镇街、开发区）`,
        targetIds: grassroots.map((u) => u.id),
      },
      voters: Array.from({ length: 12 }, (_, k) => ({
        name: `部门负责人${k + 1}`,
        unitId: departments[(1 + k * 7) % departments.length].id,
        group: '部门负责人',
      })),
      targetsOf: () => grassroots.map((u) => u.id),
    });
    // 自下而上: three voters of every town, street and zone rate the district departments.
    specs.push({
      key: 'bottom_up',
      body: {
        direction: 'bottom_up',
        subject: 'unit',
        name: `${this.cycleName}·自下而上评价`,
        targetIds: departments.map((u) => u.id),
      },
      voters: grassroots.flatMap((u) =>
        [0, 1, 2].map((k) => ({
          name: `${u.code}-${k + 1}`,
          unitId: u.id,
          group: k < 2 ? '镇街开发区班子成员' : '基层干部代表',
        })),
      ),
      targetsOf: () => departments.map((u) => u.id),
    });

    let rows = 0;
    for (const spec of specs) {
      const res = await this.officer(
        'POST',
        `/cycles/${s.cycleId}/campaigns`,
        `campaign:${spec.key}`,
        { ...spec.body, voters: spec.voters },
        (status) => status === 404,
      );
      expectStatus(res, [201], `campaign ${spec.key}`);
      const tokenOf = new Map<string, string>(
        res.body.tokens.map((t: { voter: { name: string }; token: string }) => [t.voter.name, t.token]),
      );
      const campaign: Campaign = {
        key: spec.key,
        id: res.body.id,
        items: res.body.items.map((i: { key: string }) => i.key),
        voters: spec.voters.map((v) => ({ ...v, token: tokenOf.get(v.name)!, targets: spec.targetsOf(v) })),
      };
      rows += campaign.voters.reduce((a, v) => a + v.targets.length, 0);
      s.campaigns.push(campaign);
    }
    return {
      campaigns: specs.length,
      voters: s.campaigns.reduce((a, c) => a + c.voters.length, 0),
      expectedBallotRows: rows,
    };
  }

  /** The ballot of a voter: an impression of each target with some noise, the grade and item scores. */
  ballotOf(
    campaign: Campaign,
    voter: Campaign['voters'][number],
  ): { ratings: Array<{ targetId: string; grade: string; scores: Record<string, number> }> } {
    const s = this.state;
    const natural = new Map<string, string>([
      ...s.cadres.map((c) => [c.id, c.personnelNo] as [string, string]),
      ...s.units.map((u) => [u.id, u.code] as [string, string]),
    ]);
    return {
      ratings: voter.targets.map((targetId) => {
        const key = natural.get(targetId)!;
        const base = this.impression(key) + (draw(this.seed, `noise:${campaign.key}:${voter.name}:${key}`) - 0.5) * 16;
        const value = Math.max(30, Math.min(100, base));
        const scores = Object.fromEntries(
          campaign.items.map((item) => [
            item,
            Math.round(
              Math.max(
                0,
                Math.min(100, value + (draw(this.seed, `item:${campaign.key}:${voter.name}:${key}:${item}`) - 0.5) * 8),
              ),
            ),
          ]),
        );
        return { targetId, grade: gradeFor(value), scores };
      }),
    };
  }

  private async ballotsPhase(): Promise<Record<string, number>> {
    const s = this.state;
    const casts = s.campaigns.flatMap((campaign) => campaign.voters.map((voter) => ({ campaign, voter })));
    let accepted = 0;
    let already = 0;
    let rows = 0;
    const latencies: number[] = [];
    await this.each('ballots', casts, this.o.ballotConcurrency, async ({ campaign, voter }) => {
      const t = performance.now();
      const res = await this.client.send('POST', `/ballots/${voter.token}`, {
        body: this.ballotOf(campaign, voter),
        key: this.key(`ballot:${campaign.key}:${voter.name}`),
        // Review has not seen the cycle open yet: wait.
        waitFor: (status, body) => status === 409 && String(body?.detail ?? '').includes('尚未开始'),
      });
      latencies.push(performance.now() - t);
      // 409 "used": an earlier attempt of this very ballot went through before its answer was lost.
      if (res.status === 409 && String(res.body?.detail ?? '').includes('投过票')) already += 1;
      else {
        expectStatus(res, [201], 'ballot');
        accepted += 1;
      }
      rows += voter.targets.length;
    });
    latencies.sort((a, b) => a - b);
    const p = (q: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0);
    return {
      ballotPosts: casts.length,
      ballotsAccepted: accepted,
      ballotsAlreadyCast: already,
      ballotRows: rows,
      ballotP50Ms: p(0.5),
      ballotP99Ms: p(0.99),
    };
  }

  private async closePhase(): Promise<Record<string, number>> {
    const res = await this.officer('POST', `/cycles/${this.state.cycleId}/close`, 'cycle:close');
    if (res.status === 409) await this.expectCycleStatus('closed');
    else expectStatus(res, [200, 201], 'close cycle');
    return {};
  }

  /**
   * Waits until analytics ranks every cadre from exactly what was written: the 切 score, the
   * democratic score review computes from the stored ballots, and the task completion.
   */
  private async rankingsPhase(): Promise<Record<string, number>> {
    const s = this.state;
    const democratic = s.campaigns.find((c) => c.key === 'democratic')!;
    // Review shows results once it has learnt that the cycle closed (appraisal.cycle.closed, a moment
    // after the close): until then 409 with only participation.
    const results = {
      body: await this.client.all<{ targetId: string; score: number | null }>(
        `/campaigns/${democratic.id}/results`,
        s.officer,
        200,
        (status) => status === 409,
      ),
    };
    // A cadre whose result review suppresses (fewer ballots than minGroupSize) or leaves without a score
    // has no democratic part: expected null.
    const democraticOf = new Map<string, number | null>(
      (results.body as Array<{ targetId: string; score: number | null }>).map((r) => [
        r.targetId,
        r.score === null ? null : Number(r.score),
      ]),
    );
    const completionOf = new Map<string, number>();
    for (const c of s.cadres) {
      const tasks = s.tasks.get(c.id);
      if (!tasks) continue;
      const total = tasks.reduce((a, t) => a + t.weight, 0);
      completionOf.set(
        c.id,
        (100 *
          tasks.reduce(
            (a, t) => a + t.weight * Math.min(this.actualOf(c.personnelNo, t.title, t.target) / t.target, 1),
            0,
          )) /
          total,
      );
    }
    // Checklists rounds the completion to one decimal, review and analytics the scores to two.
    const close = (a: unknown, b: number | null | undefined, within = 0.011) =>
      b === undefined ||
      (b === null ? a === null || a === undefined : a !== null && a !== undefined && Math.abs(Number(a) - b) < within);
    const deadline = Date.now() + this.o.rankingsTimeoutMs;
    let polls = 0;
    for (;;) {
      polls += 1;
      const items = await this.rankingItems();
      const byCadre = new Map(items.map((i) => [i.cadreId, i]));
      const missing = s.cadres.filter((c) => {
        const r = byCadre.get(c.id);
        if (!r) return true;
        if (s.verdicts.get(c.personnelNo) === 'fail') return r.excluded !== 'political_gate';
        return (
          !close(r.parts?.periodic, s.applyScores.get(c.id)) ||
          !close(r.parts?.democratic, democraticOf.get(c.id)) ||
          !close(r.parts?.task, completionOf.get(c.id), 0.051)
        );
      });
      if (missing.length === 0)
        return {
          rankedCadres: items.filter((i) => !i.excluded).length,
          excludedCadres: items.filter((i) => i.excluded).length,
          rankingPolls: polls,
        };
      if (Date.now() > deadline) {
        const c = missing[0];
        const expected = {
          periodic: s.applyScores.get(c.id),
          democratic: democraticOf.get(c.id),
          task: completionOf.get(c.id),
        };
        throw new Error(
          `rankings: ${missing.length} cadres not ranked from the final inputs after ${this.o.rankingsTimeoutMs} ms (e.g. ${c.personnelNo}: ${JSON.stringify(byCadre.get(c.id) ?? null)}, expected ${JSON.stringify(expected)})`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private async rankingItems(): Promise<
    Array<{
      cadreId: string;
      composite: number | null;
      rank: number | null;
      excluded?: string;
      parts?: Record<string, number | null>;
    }>
  > {
    const all = [];
    for (const f of this.state.fields) {
      // Every page: a field ranks more cadres than one page holds.
      all.push(
        ...(await this.client.all(
          `/cycles/${this.state.cycleId}/rankings?scope=horizontal&fieldId=${f.id}`,
          this.state.officer,
          200,
          (status) => status === 404,
        )),
      );
    }
    return all;
  }

  private async dossiersPhase(): Promise<Record<string, number>> {
    const s = this.state;
    let bytes = 0;
    await this.each('dossiers', s.cadres, Math.min(4, this.o.concurrency), async (c) => {
      const res = await this.client.send('GET', `/cadres/${c.id}/dossier`, { token: s.officer });
      expectStatus(res, [200], 'dossier');
      bytes += JSON.stringify(res.body).length;
    });
    let pdfs = 0;
    let pdfUnavailable = 0;
    for (const c of s.cadres.slice(0, this.o.pdfs)) {
      const res = await this.client.send('GET', `/cadres/${c.id}/dossier?format=pdf`, { token: s.officer, raw: true });
      // 501: no Chromium on this host (the answer names the way around: ?format=html).
      expectStatus(res, [200, 501], 'dossier pdf');
      if (res.status === 200) pdfs += 1;
      else pdfUnavailable += 1;
    }
    return { dossiers: s.cadres.length, dossierKiB: Math.round(bytes / 1024), pdfs, pdfUnavailable };
  }
}

/** JSON with every object's keys sorted: the same state gives the same text whatever order the lists came in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The whole cycle; `target` is the gateway's API base (`http://host:port/api/v1`) or a stack. */
export async function runDistrict(
  target: string | { base: string },
  options: DistrictOptions = {},
): Promise<DistrictRun> {
  return new DistrictWorkload(typeof target === 'string' ? target : target.base, options).run();
}

export interface DistrictOutcome {
  /** sha256 of `state`: equal for two runs that ended in the same state. */
  fingerprint: string;
  counts: Record<string, number>;
  /** Everything compared, keyed by natural keys (personnel numbers, unit codes, task titles), never by ids. */
  state: {
    cycles: Array<{ name: string; kind: string; year: number; half: number | null; status: string }>;
    tasks: Record<
      string,
      {
        status: string;
        completionScore: number;
        tasks: Array<{ title: string; actual: number | null; status: string }>;
      }
    >;
    appraisals: Record<string, { completedSteps: string[]; score: number | null; grade: string | null }>;
    campaigns: Array<{
      name: string;
      direction: string;
      subject: string;
      issued: number;
      cast: number;
      results: Record<string, { ballots: number; score: number | null }>;
    }>;
    rankings: Record<
      string,
      { composite: number | null; vertical: number | null; horizontal: number | null; excluded: string | null }
    >;
  };
}

/**
 * A deterministic fingerprint of the district's end state, read through the gateway as the
 * department: what was accepted (task progress, step records, ballots per campaign and target,
 * rankings per cadre and cycle) and counts of each. Ids, times and revisions are left out.
 */
export async function districtOutcome(
  target: string | { base: string },
  options: { tenant?: string; retryForMs?: number } = {},
): Promise<DistrictOutcome> {
  const client = new GatewayClient(typeof target === 'string' ? target : target.base, {
    retryForMs: options.retryForMs ?? 60_000,
  });
  const tenant = options.tenant ?? 'district';
  const { token } = await login(client, tenant, 'officer', PASSWORD);
  const get = async (url: string) => {
    const res = await client.send('GET', url, { token });
    expectStatus(res, [200], `GET ${url}`);
    return res.body;
  };
  const cadres = (await client.all<Cadre>('/cadres', token, 100)).sort((a, b) =>
    a.personnelNo.localeCompare(b.personnelNo),
  );
  const units = await client.all<Unit>('/units', token, 100);
  const natural = new Map<string, string>([
    ...cadres.map((c) => [c.id, c.personnelNo] as [string, string]),
    ...units.map((u) => [u.id, u.code] as [string, string]),
  ]);
  const teams = await client.all<{ id: string }>('/teams', token);
  const fields = await client.all<{ id: string }>('/fields', token, 200);
  /** Every item of a list, or null when it does not answer 200 (a ranking not computed, a cycle still open). */
  const allOrNull = (url: string) => client.all(url, token, 200).catch(() => null);
  const year = today().year;

  const state: DistrictOutcome['state'] = { cycles: [], tasks: {}, appraisals: {}, campaigns: [], rankings: {} };
  const lists = await Promise.all(
    cadres.map(async (c) => [c, await client.send('GET', `/cadres/${c.id}/task-lists/${year}`, { token })] as const),
  );
  for (const [c, res] of lists) {
    if (res.status === 404) continue;
    expectStatus(res, [200], 'task list');
    const l = res.body;
    state.tasks[c.personnelNo] = {
      status: l.status,
      completionScore: l.completionScore,
      tasks: l.tasks
        .map((t: { title: string; actual: number | null; status: string }) => ({
          title: t.title,
          actual: t.actual,
          status: t.status,
        }))
        .sort((a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title)),
    };
  }

  const cycles = (
    await client.all<{ id: string; name: string; kind: string; year: number; half: number | null; status: string }>(
      '/cycles',
      token,
    )
  ).sort((a, b) => a.name.localeCompare(b.name));
  for (const cycle of cycles) {
    state.cycles.push({ name: cycle.name, kind: cycle.kind, year: cycle.year, half: cycle.half, status: cycle.status });
    for (const a of await client.all<{
      cadreId: string;
      completedSteps: string[];
      steps: { apply?: { content: { score: number; grade: string } } };
    }>(`/cycles/${cycle.id}/appraisals`, token)) {
      if (a.completedSteps.length === 0) continue;
      state.appraisals[`${cycle.name}/${natural.get(a.cadreId)}`] = {
        completedSteps: a.completedSteps,
        score: a.steps.apply?.content.score ?? null,
        grade: a.steps.apply?.content.grade ?? null,
      };
    }
    for (const campaign of ((await allOrNull(`/cycles/${cycle.id}/campaigns`)) ?? []) as Array<{
      id: string;
      name: string;
      direction: string;
      subject: string;
    }>) {
      const participation = await get(`/campaigns/${campaign.id}/participation`);
      const results = (await client.all(`/campaigns/${campaign.id}/results`, token, 200)) as Array<{
        targetId: string;
        ballots: number;
        score: number | null;
      }>;
      state.campaigns.push({
        name: campaign.name,
        direction: campaign.direction,
        subject: campaign.subject,
        issued: participation.issued,
        cast: participation.cast,
        results: Object.fromEntries(
          results
            .map((r) => [natural.get(r.targetId) ?? r.targetId, { ballots: r.ballots, score: r.score }])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
        ),
      });
    }
    const ranked = new Map<string, DistrictOutcome['state']['rankings'][string]>();
    for (const f of fields) {
      const items = await allOrNull(`/cycles/${cycle.id}/rankings?scope=horizontal&fieldId=${f.id}`);
      if (!items) continue;
      for (const i of items)
        ranked.set(i.cadreId, {
          composite: i.composite,
          vertical: null,
          horizontal: i.rank ?? null,
          excluded: i.excluded ?? null,
        });
    }
    for (const t of teams) {
      const items = await allOrNull(`/cycles/${cycle.id}/rankings?scope=vertical&teamId=${t.id}`);
      if (!items) continue;
      for (const i of items) {
        const r = ranked.get(i.cadreId) ?? {
          composite: i.composite,
          vertical: null,
          horizontal: null,
          excluded: i.excluded ?? null,
        };
        ranked.set(i.cadreId, { ...r, vertical: i.rank ?? null });
      }
    }
    for (const [cadreId, r] of [...ranked].sort(([a], [b]) =>
      String(natural.get(a)).localeCompare(String(natural.get(b))),
    ))
      state.rankings[`${cycle.name}/${natural.get(cadreId)}`] = r;
  }
  state.campaigns.sort((a, b) => a.name.localeCompare(b.name) || a.cast - b.cast);
  const appraisals = Object.values(state.appraisals);
  const counts = {
    cadres: cadres.length,
    units: units.length,
    cycles: state.cycles.length,
    taskLists: Object.keys(state.tasks).length,
    tasksWithProgress: Object.values(state.tasks).reduce(
      (a, l) => a + l.tasks.filter((t) => t.actual !== null).length,
      0,
    ),
    stepRecords: appraisals.reduce((a, x) => a + x.completedSteps.length, 0),
    completeAppraisals: appraisals.filter((x) => x.completedSteps.length === 4).length,
    campaigns: state.campaigns.length,
    ballotsCast: state.campaigns.reduce((a, c) => a + c.cast, 0),
    ballotRows: state.campaigns.reduce((a, c) => a + Object.values(c.results).reduce((b, r) => b + r.ballots, 0), 0),
    rankedCadres: Object.values(state.rankings).filter((r) => r.excluded === null && r.composite !== null).length,
    excludedCadres: Object.values(state.rankings).filter((r) => r.excluded !== null).length,
  };
  const fingerprint = createHash('sha256').update(canonicalJson(state)).digest('hex');
  return { fingerprint, counts, state };
}
