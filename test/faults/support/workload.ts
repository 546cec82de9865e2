import { randomUUID } from 'node:crypto';

/**
 * A reduced district workload through the gateway, as a careful client drives it while services and
 * servers fail: every POST carries an Idempotency-Key and is retried with the same key on 503/504 or
 * a dropped connection (a gateway killed mid-request); a PUT is retried as it is (it is idempotent).
 *
 * What it does (deterministic input, so two runs must end with the same rankings):
 *   roster      3 fields, 9 units with a leadership team each (+ 1 town for the voters), 36 cadres
 *   checklists  political observations: a red line for one cadre (political gate: excluded), minor ones
 *   appraisal   an assessor and an assessment group, a half-yearly cycle opened by hand, 望闻问切 for all 36
 *   review      a top-down democratic evaluation of the 36 by 10 voters, each ballot cast through the gateway
 *   appraisal   the cycle closed
 *   analytics   rankings, read per team (vertical) and per field (horizontal) into a fingerprint keyed by
 *               personnel number / team name / field code (ids differ between runs)
 *
 * TODO(issue 9): swap for bench/workloads/district.ts (the full demo district) once it is on main.
 */

export const SIZE = { fields: 3, unitsPerField: 3, cadresPerTeam: 4, voters: 10 };
export const CADRES = SIZE.fields * SIZE.unitsPerField * SIZE.cadresPerTeam;

export interface CallRecord {
  method: string;
  path: string;
  status: number; // 0 = connection refused/reset
  attempt: number;
}

export interface WorkloadResult {
  tenant: string;
  tenantId: string;
  token: string;
  cycleId: string;
  campaignId: string;
  /** Ids the gateway answered 201/200 for, by kind. */
  accepted: Record<
    'fields' | 'units' | 'teams' | 'cadres' | 'observations' | 'campaigns' | 'groups' | 'ballots' | 'steps',
    string[]
  >;
  /** personnelNo → cadre id, team name → id, field code → id. */
  cadreIds: Map<string, string>;
  teamIds: Map<string, string>;
  fieldIds: Map<string, string>;
  calls: CallRecord[];
  /** POSTs that a retry with the same Idempotency-Key answered with the first answer. */
  replayed: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Client {
  readonly calls: CallRecord[] = [];
  replayed = 0;
  constructor(
    private readonly base: () => string,
    /** 0: no retries, every answer as it comes (0 for no connection). */
    private readonly retryForMs = 120_000,
  ) {}

  /**
   * One logical request. Retries while the answer says "try again" (503, 504, no connection, or the
   * 409 of a key whose first request is still in progress); returns the first other answer.
   */
  async send(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    key: string | null = method === 'POST' ? randomUUID() : null,
  ): Promise<{ status: number; body: any }> {
    const deadline = Date.now() + this.retryForMs;
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let parsed: any = null;
      try {
        const res = await fetch(`${this.base()}${path}`, {
          method,
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(key ? { 'idempotency-key': key } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        });
        status = res.status;
        const text = await res.text();
        parsed = text ? JSON.parse(text) : null;
        if (res.headers.get('idempotent-replayed') === 'true') this.replayed++;
      } catch {
        status = 0; // the gateway went away under the request
      }
      this.calls.push({ method, path, status, attempt });
      const inProgress = status === 409 && key !== null && /Idempotency-Key/.test(parsed?.title ?? '');
      if (this.retryForMs === 0 || (status !== 0 && status !== 503 && status !== 504 && !inProgress))
        return { status, body: parsed };
      if (Date.now() > deadline) throw new Error(`${method} ${path}: still ${status} after ${attempt} attempts`);
      await sleep(Math.min(1_000, 100 * attempt));
    }
  }

  /** send(), expecting `ok`; a refusal in `waitOn` (a projection not there yet) is retried with a new key. */
  async expect(
    method: string,
    path: string,
    token: string | null,
    body: unknown,
    ok: number[],
    waitOn: number[] = [],
  ): Promise<any> {
    const deadline = Date.now() + this.retryForMs;
    for (;;) {
      const res = await this.send(method, path, token, body);
      if (ok.includes(res.status)) return res;
      if (!waitOn.includes(res.status) || Date.now() > deadline)
        throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      await sleep(300);
    }
  }
}

const listOf = (body: any): any[] => (Array.isArray(body) ? body : (body?.items ?? []));

/** Runs tasks with at most `width` in flight. */
async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

export const GRADES = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;
/** The cadre failing the political gate (a red-line observation), and those with a minor one. */
export const GATE_FAILED = 'FT-05';
export const MINOR = ['FT-02', 'FT-11', 'FT-23'];

function applyScore(i: number): number {
  return 60 + ((i * 7) % 37); // 60..96, ties included
}

export interface WorkloadOptions {
  tenant: string;
  /** Called between phases: where a test injects its fault. */
  onPhase?: (phase: string) => Promise<void> | void;
  width?: number;
}

export async function runWorkload(client: Client, o: WorkloadOptions): Promise<WorkloadResult> {
  const width = o.width ?? 4;
  const phase = async (name: string) => {
    await o.onPhase?.(name);
  };
  const accepted: WorkloadResult['accepted'] = {
    fields: [],
    units: [],
    teams: [],
    cadres: [],
    observations: [],
    campaigns: [],
    groups: [],
    ballots: [],
    steps: [],
  };

  // --- tenant ---------------------------------------------------------------------------------------
  const admin = (
    await client.expect(
      'POST',
      '/auth/login',
      null,
      { tenant: 'system', username: 'admin', password: 'system-pass-2026' },
      [200],
    )
  ).body.accessToken;
  const created = await client.send('POST', '/tenants', admin, {
    code: o.tenant,
    name: `${o.tenant} 组织部`,
    timezone: 'Asia/Shanghai',
    officer: { username: 'officer', password: 'demo-pass-2026' },
  });
  if (created.status !== 201) throw new Error(`tenant: ${created.status} ${JSON.stringify(created.body)}`);
  const tenantId = created.body.id;
  const token = (
    await client.expect(
      'POST',
      '/auth/login',
      null,
      { tenant: o.tenant, username: 'officer', password: 'demo-pass-2026' },
      [200],
    )
  ).body.accessToken;

  // --- roster ---------------------------------------------------------------------------------------
  await phase('roster');
  const fieldIds = new Map<string, string>();
  const teamIds = new Map<string, string>();
  const cadreIds = new Map<string, string>();
  const fieldCodes = Array.from({ length: SIZE.fields }, (_, f) => `field${f}`);
  await pool(fieldCodes, width, async (code, f) => {
    const res = await createOrFind(
      client,
      token,
      '/fields',
      { code, name: `领域${f}` },
      async () => listOf((await client.send('GET', '/fields', token)).body).find((x: any) => x.code === code)?.id,
    );
    fieldIds.set(code, res);
    accepted.fields.push(res);
  });
  const units = fieldCodes.flatMap((code, f) =>
    Array.from({ length: SIZE.unitsPerField }, (_, u) => ({ code: `U${f}${u}`, field: code, name: `单位${f}-${u}` })),
  );
  const unitIds = new Map<string, string>();
  await pool(units, width, async (unit) => {
    const id = await createOrFind(
      client,
      token,
      '/units',
      { code: unit.code, name: unit.name, kind: 'department', fieldId: fieldIds.get(unit.field) },
      async () =>
        (await client.send('GET', '/units?limit=100', token)).body.items.find((x: any) => x.code === unit.code)?.id,
    );
    unitIds.set(unit.code, id);
    accepted.units.push(id);
  });
  const voterUnit = await createOrFind(
    client,
    token,
    '/units',
    { code: 'TOWN', name: '投票镇', kind: 'town' },
    async () =>
      (await client.send('GET', '/units?limit=100', token)).body.items.find((x: any) => x.code === 'TOWN')?.id,
  );
  accepted.units.push(voterUnit);
  await pool(units, width, async (unit) => {
    const name = `${unit.name}领导班子`;
    const id = await createOrFind(
      client,
      token,
      '/teams',
      { unitId: unitIds.get(unit.code), name },
      async () =>
        (await client.send('GET', `/teams?unitId=${unitIds.get(unit.code)}`, token)).body.items.find(
          (x: any) => x.name === name,
        )?.id,
    );
    teamIds.set(name, id);
    accepted.teams.push(id);
  });
  const people = units.flatMap((unit, u) =>
    Array.from({ length: SIZE.cadresPerTeam }, (_, k) => {
      const n = u * SIZE.cadresPerTeam + k;
      return {
        no: `FT-${String(n).padStart(2, '0')}`,
        n,
        unitId: unitIds.get(unit.code)!,
        teamId: teamIds.get(`${unit.name}领导班子`)!,
      };
    }),
  );
  await phase('cadres');
  await pool(people, width, async (p) => {
    const id = await createOrFind(
      client,
      token,
      '/cadres',
      {
        personnelNo: p.no,
        name: `干部${p.n}`,
        gender: p.n % 3 ? 'male' : 'female',
        birthDate: '1982-04-01',
        unitId: p.unitId,
        teamId: p.teamId,
        position: p.n % 4 ? '副局长' : '局长',
        isPrincipal: p.n % 4 === 0,
      },
      async () =>
        (await client.send('GET', `/cadres?unitId=${p.unitId}&limit=100`, token)).body.items.find(
          (x: any) => x.personnelNo === p.no,
        )?.id,
    );
    cadreIds.set(p.no, id);
    accepted.cadres.push(id);
  });

  // --- checklists -------------------------------------------------------------------------------------
  await phase('checklists');
  const today = new Date().toISOString().slice(0, 10);
  const observations = [
    {
      no: GATE_FAILED,
      body: {
        dimension: 'discipline',
        polarity: 'negative',
        severity: 'red_line',
        evidence: '违规插手工程项目',
        occurredAt: today,
        source: 'inspection',
      },
    },
    ...MINOR.map((no) => ({
      no,
      body: {
        dimension: 'diligence',
        polarity: 'negative',
        severity: 'minor',
        evidence: '学习记录不全',
        occurredAt: today,
        source: 'inspection',
      },
    })),
  ];
  await pool(observations, width, async (obs) => {
    // 404 until checklists has the cadre from roster's event.
    await client.expect(
      'POST',
      `/cadres/${cadreIds.get(obs.no)}/political-observations`,
      token,
      obs.body,
      [201],
      [404],
    );
    accepted.observations.push(cadreIds.get(obs.no)!); // the answer is the cadre's political file
  });

  // --- appraisal --------------------------------------------------------------------------------------
  await phase('appraisal');
  const assessor = await createOrFind(
    client,
    token,
    '/users',
    { username: 'kaohe1', password: 'password-1', roles: ['assessor'] },
    async () =>
      (await client.send('GET', '/users?limit=100', token)).body.items.find((x: any) => x.username === 'kaohe1')?.id,
  );
  const assessorToken = (
    await client.expect(
      'POST',
      '/auth/login',
      null,
      { tenant: o.tenant, username: 'kaohe1', password: 'password-1' },
      [200],
    )
  ).body.accessToken;
  // 422 until appraisal has every cadre from roster's events.
  const group = await client.expect(
    'POST',
    '/assessment-groups',
    token,
    { name: '第一考核组', assessorUserIds: [assessor], cadreIds: [...cadreIds.values()] },
    [201],
    [404, 422],
  );
  accepted.groups.push(group.body.id);
  const year = new Date().getUTCFullYear();
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  const cycleId = await createOrFind(
    client,
    token,
    '/cycles',
    { kind: 'periodic', name: `${year}年上半年定期考核`, year, half: 1, opensAt: inDays(1), closesAt: inDays(30) },
    async () =>
      (await client.send('GET', '/cycles', token)).body.items.find((x: any) => x.year === year && x.half === 1)?.id,
  );
  const opened = await client.send('POST', `/cycles/${cycleId}/open`, token, undefined);
  if (opened.status !== 200 && opened.status !== 201 && opened.status !== 409)
    throw new Error(`open: ${opened.status} ${JSON.stringify(opened.body)}`);

  await phase('steps');
  await pool(people, width, async (p) => {
    const base = `/cycles/${cycleId}/appraisals/${cadreIds.get(p.no)}/steps`;
    const score = applyScore(p.n);
    for (const [step, body] of [
      ['look', { reports: [], notes: '述职材料已阅' }],
      ['listen', { notes: '民主测评已反馈' }],
      ['ask', { problems: [] }],
      [
        'apply',
        {
          score,
          grade: score >= 90 && p.no !== GATE_FAILED && !MINOR.includes(p.no) ? 'excellent' : 'competent',
          strengths: '敢于担当',
          weaknesses: '创新不足',
          traits: [],
          suggestion: 'keep',
        },
      ],
    ] as const) {
      await client.expect('PUT', `${base}/${step}`, assessorToken, body, [200]);
      accepted.steps.push(`${p.no}/${step}`);
    }
  });

  // --- review -----------------------------------------------------------------------------------------
  await phase('review');
  const voters = Array.from({ length: SIZE.voters }, (_, v) => ({
    name: `投票人${v}`,
    unitId: voterUnit,
    group: '群众代表',
  }));
  // 404/409 until review has the cycle (opened) and the cadres from the events.
  const campaign = await client.expect(
    'POST',
    `/cycles/${cycleId}/campaigns`,
    token,
    { direction: 'top_down', subject: 'cadre', targetIds: [...cadreIds.values()], voters },
    [201],
    [404, 409, 422],
  );
  accepted.campaigns.push(campaign.body.id);
  const tokens: string[] = campaign.body.tokens.map((t: { token: string }) => t.token);
  await phase('ballots');
  await pool(tokens, width, async (ballotToken, v) => {
    const ratings = people.map((p) => {
      const g = (p.n + v) % 7 === 0 ? 2 : (p.n * 3 + v) % 5 === 0 ? 0 : 1;
      return {
        targetId: cadreIds.get(p.no)!,
        grade: GRADES[g],
        scores: { morality: 70 + ((p.n * 5 + v * 3) % 30), ability: 65 + ((p.n * 11 + v) % 35) },
      };
    });
    const res = await client.send('POST', `/ballots/${ballotToken}`, null, { ratings });
    // A 409 on a retry is the ballot this client cast before the cut (the token is used), not a refusal.
    if (
      res.status !== 201 &&
      !(res.status === 409 && client.calls.filter((c) => c.path === `/ballots/${ballotToken}`).length > 1)
    ) {
      throw new Error(`ballot ${v}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    accepted.ballots.push(ballotToken);
  });

  await phase('close');
  const closed = await client.send('POST', `/cycles/${cycleId}/close`, token, undefined);
  if (closed.status !== 200 && closed.status !== 201 && closed.status !== 409)
    throw new Error(`close: ${closed.status} ${JSON.stringify(closed.body)}`);
  await phase('done');

  return {
    tenant: o.tenant,
    tenantId,
    token,
    cycleId,
    campaignId: campaign.body.id,
    accepted,
    cadreIds,
    teamIds,
    fieldIds,
    calls: client.calls,
    replayed: client.replayed,
  };
}

/**
 * A create with a natural key (code, personnel number, username, cycle half): 201, or — when an
 * earlier attempt committed but its answer was lost with a killed process — 409, and the row is found.
 */
async function createOrFind(
  client: Client,
  token: string,
  path: string,
  body: unknown,
  find: () => Promise<string | undefined>,
): Promise<string> {
  const res = await client.send('POST', path, token, body);
  if (res.status === 201) return res.body.id;
  if (res.status === 409) {
    const id = await find();
    if (id) return id;
  }
  throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface RankingItem {
  cadreId: string;
  composite: number;
  rank: number | null;
  percentile: number | null;
  excluded?: string;
  parts?: Record<string, number | null>;
}

/** The cycle's rankings by team and by field, keyed by names that are the same in every run. */
export async function rankingFingerprint(
  client: Client,
  w: Pick<WorkloadResult, 'token' | 'cycleId' | 'cadreIds' | 'teamIds' | 'fieldIds'>,
): Promise<Record<string, string[]>> {
  const byId = new Map([...w.cadreIds].map(([no, id]) => [id, no]));
  const line = (i: RankingItem) =>
    `${byId.get(i.cadreId) ?? i.cadreId} ${i.composite} ${i.rank ?? '-'} ${i.percentile ?? '-'} ${i.excluded ?? ''}`.trim();
  const out: Record<string, string[]> = {};
  for (const [name, id] of [...w.teamIds].sort()) {
    const res = await client.expect(
      'GET',
      `/cycles/${w.cycleId}/rankings?scope=vertical&teamId=${id}`,
      w.token,
      undefined,
      [200],
    );
    out[`team ${name}`] = (res.body.items as RankingItem[]).map(line).sort();
  }
  for (const [code, id] of [...w.fieldIds].sort()) {
    const res = await client.expect(
      'GET',
      `/cycles/${w.cycleId}/rankings?scope=horizontal&fieldId=${id}`,
      w.token,
      undefined,
      [200],
    );
    out[`field ${code}`] = (res.body.items as RankingItem[]).map(line).sort();
  }
  return out;
}

/**
 * Waits until the rankings are complete (every cadre with its periodic and democratic parts, results
 * over every ballot) and have stopped changing; returns them.
 */
export async function settledRankings(
  client: Client,
  w: WorkloadResult,
  timeoutMs = 90_000,
): Promise<Record<string, string[]>> {
  const deadline = Date.now() + timeoutMs;
  let previous = '';
  let last: Record<string, string[]> = {};
  for (;;) {
    const results = await client.send('GET', `/campaigns/${w.campaignId}/results`, w.token);
    const rows = listOf(results.body);
    const complete =
      results.status === 200 &&
      rows.length === CADRES &&
      rows.every((r: { ballots: number }) => r.ballots === SIZE.voters);
    if (complete) {
      let full = true;
      for (const [, id] of w.fieldIds) {
        const res = await client.send('GET', `/cycles/${w.cycleId}/rankings?scope=horizontal&fieldId=${id}`, w.token);
        const items = (res.body?.items ?? []) as RankingItem[];
        full &&=
          items.length === SIZE.unitsPerField * SIZE.cadresPerTeam &&
          items.every((i) => i.parts?.periodic != null && i.parts?.democratic != null);
      }
      if (process.env.FAULT_DEBUG) process.stderr.write(`settle: results complete, rankings full=${full}\n`);
      if (full) {
        last = await rankingFingerprint(client, w);
        const now = JSON.stringify(last);
        if (now === previous) return last;
        previous = now;
      }
    } else if (process.env.FAULT_DEBUG)
      process.stderr.write(
        `settle: results ${results.status} ${rows.length} ${JSON.stringify(rows.map((r: { ballots: number }) => r.ballots))}\n`,
      );
    if (Date.now() > deadline)
      throw new Error(`rankings not settled within ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 2000)}`);
    await sleep(1_500);
  }
}
