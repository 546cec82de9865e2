import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request, { type Response } from 'supertest';
import { dropNamespace, eventually, testNamespace } from '@cadre/testing';
import { ContractChecker } from '../support/contract';
import {
  createTenant,
  login,
  startAnalytics,
  startAppraisal,
  startChecklists,
  startGateway,
  startReview,
  startRoster,
  ADMIN,
} from '../support';

type Who = 'admin' | 'officer' | 'assessor' | 'cadre' | 'none';

/** A download's bytes as the body (supertest keeps only text and JSON otherwise). */
const bytes = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};
type Ctx = Record<string, any>;

/**
 * One call of the scenario: which operation, as whom, what it sends, the status it must answer. The
 * list is data so that a new route is one more line; `every operation in the document is exercised`
 * fails until it has one. `path` and `body` read what earlier calls answered (`ctx`).
 */
interface Call {
  op: string;
  as: Who;
  path: (ctx: Ctx) => string;
  body?: (ctx: Ctx) => unknown;
  query?: Record<string, string>;
  accept?: string;
  headers?: Record<string, string>;
  /** An upload (multipart/form-data, field `file`) instead of a JSON body. */
  file?: (ctx: Ctx) => { buffer: Buffer; filename: string };
  /** Keep the answer's bytes (a file download) as the body. */
  binary?: true;
  status: number;
  /** Keeps something of the answer for later calls. */
  keep?: (body: any, ctx: Ctx) => void;
  /** Runs after the call (a login with what it created). */
  then?: (ctx: Ctx) => Promise<void>;
  /** Retries until the status is the expected one (a projection catching up), then checks the answer. */
  eventually?: true;
}

const year = new Date().getUTCFullYear();
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const look = {
  reports: [{ kind: 'report', title: '述职报告', url: 'https://oa.example.gov.cn/docs/1' }],
  notes: '扎实',
};
const apply = { score: 84, grade: 'competent', strengths: '招商', weaknesses: '创新', traits: [], suggestion: 'keep' };

/** Operations the scenario only sees refuse, and why. */
const REFUSALS_ONLY = new Set([
  'CyclesController_unknownStep', // it only ever answers 404
  'TeamAppraisalsController_unknownStep', // likewise
  'NotificationsController_read', // no notification is sure to exist at that point (read-all covers the write)
]);

/** The scenario: roster → users → checklists → cycle → groups and steps → campaign → ballots → analytics. */
const SCENARIO: Call[] = [
  {
    op: 'AuthController_login',
    as: 'none',
    path: () => '/auth/login',
    body: () => ({ tenant: 'ly', username: 'officer', password: 'demo-pass-2026' }),
    status: 200,
  },
  {
    op: 'AuthController_login',
    as: 'none',
    path: () => '/auth/login',
    body: () => ({ tenant: 'ly', username: 'officer', password: 'nope-nope-1' }),
    status: 401,
  },
  { op: 'TenantsController_list', as: 'admin', path: () => '/tenants', status: 200 },
  {
    op: 'TenantsController_create',
    as: 'admin',
    path: () => '/tenants',
    body: () => ({
      code: 'ly',
      name: '重复',
      timezone: 'Asia/Shanghai',
      officer: { username: 'officer', password: 'demo-pass-2026' },
    }),
    status: 409,
  },
  {
    op: 'TenantsController_create',
    as: 'admin',
    path: () => '/tenants',
    body: () => ({
      code: 'ng',
      name: '南关区委组织部',
      timezone: 'Asia/Shanghai',
      officer: { username: 'officer', password: 'demo-pass-2026' },
    }),
    status: 201,
  },
  {
    op: 'FieldsController_create',
    as: 'officer',
    path: () => '/fields',
    body: () => ({ code: 'economy', name: '经济' }),
    headers: { 'idempotency-key': 'field-economy' },
    status: 201,
    keep: (b, c) => (c.field = b.id),
  },
  // A repeat of the key gives the first answer again; the key on another request is 422 (both documented on every POST).
  {
    op: 'FieldsController_create',
    as: 'officer',
    path: () => '/fields',
    body: () => ({ code: 'economy', name: '经济' }),
    headers: { 'idempotency-key': 'field-economy' },
    status: 201,
    keep: (b, c) => expect(b.id).toBe(c.field),
  },
  {
    op: 'FieldsController_create',
    as: 'officer',
    path: () => '/fields',
    body: () => ({ code: 'party', name: '党群' }),
    headers: { 'idempotency-key': 'field-economy' },
    status: 422,
  },
  {
    op: 'FieldsController_create',
    as: 'officer',
    path: () => '/fields',
    body: () => ({ code: 'economy', name: '经济' }),
    status: 409,
  },
  { op: 'FieldsController_list', as: 'officer', path: () => '/fields', status: 200 },
  {
    op: 'UnitsController_create',
    as: 'officer',
    path: () => '/units',
    body: (c) => ({ code: 'FGJ', name: '区发改局', kind: 'department', fieldId: c.field }),
    status: 201,
    keep: (b, c) => (c.unit = b.id),
  },
  {
    op: 'UnitsController_create',
    as: 'officer',
    path: () => '/units',
    body: () => ({ code: '', kind: 'x' }),
    status: 400,
  },
  { op: 'UnitsController_list', as: 'officer', path: () => '/units', query: { limit: '10' }, status: 200 },
  { op: 'UnitsController_get', as: 'officer', path: (c) => `/units/${c.unit}`, status: 200 },
  {
    op: 'UnitsController_update',
    as: 'officer',
    path: (c) => `/units/${c.unit}`,
    body: () => ({ name: '区发展和改革局' }),
    status: 200,
  },
  {
    op: 'UnitsController_create',
    as: 'officer',
    path: () => '/units',
    body: () => ({ code: 'CCJD', name: '春城街道', kind: 'street' }),
    status: 201,
    keep: (b, c) => (c.votersUnit = b.id),
  },
  {
    op: 'TeamsController_create',
    as: 'officer',
    path: () => '/teams',
    body: (c) => ({ unitId: c.unit, name: '区发改局领导班子' }),
    status: 201,
    keep: (b, c) => (c.team = b.id),
  },
  { op: 'TeamsController_list', as: 'officer', path: () => '/teams', status: 200 },
  { op: 'TeamsController_get', as: 'officer', path: (c) => `/teams/${c.team}`, status: 200 },
  {
    op: 'TeamsController_update',
    as: 'officer',
    path: (c) => `/teams/${c.team}`,
    body: () => ({ name: '发改局班子' }),
    status: 200,
  },
  ...['A1', 'B1'].map((no): Call => ({
    op: 'CadresController_create',
    as: 'officer',
    path: () => '/cadres',
    status: 201,
    body: (c) => ({
      personnelNo: no,
      name: `干部${no}`,
      gender: 'male',
      birthDate: '1984-03-01',
      unitId: c.unit,
      teamId: c.team,
      position: '副局长',
    }),
    keep: (b, c) => (c[`cadre${no}`] = b.id),
  })),
  {
    op: 'CadresController_create',
    as: 'officer',
    path: () => '/cadres',
    body: (c) => ({
      personnelNo: 'A1',
      name: '重复',
      gender: 'male',
      birthDate: '1984-03-01',
      unitId: c.unit,
      position: '科员',
    }),
    status: 409,
  },
  { op: 'CadresController_list', as: 'officer', path: () => '/cadres', query: { limit: '1' }, status: 200 },
  { op: 'CadresController_get', as: 'officer', path: (c) => `/cadres/${c.cadreA1}`, status: 200 },
  {
    op: 'CadresController_update',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}`,
    body: () => ({ position: '局长', reason: '任职' }),
    status: 200,
  },
  {
    op: 'CadresController_transfer',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreB1}/transfers`,
    body: (c) => ({ unitId: c.unit, teamId: null, position: '调研员', effectiveDate: '2026-01-01', reason: '交流' }),
    status: 201,
  },
  { op: 'CadresController_history', as: 'officer', path: (c) => `/cadres/${c.cadreA1}/history`, status: 200 },
  {
    op: 'RosterFilesController_settings',
    as: 'officer',
    path: () => '/roster/settings',
    status: 200,
    keep: (b, c) => (c.rosterSettings = b),
  },
  {
    op: 'RosterFilesController_updateSettings',
    as: 'officer',
    path: () => '/roster/settings',
    body: (c) => c.rosterSettings,
    status: 200,
  },
  {
    op: 'RosterFilesController_export',
    as: 'officer',
    path: () => '/roster/export',
    binary: true,
    status: 200,
    keep: (b, c) => (c.exported = b),
  },
  { op: 'RosterFilesController_import', as: 'officer', path: () => '/roster/imports', status: 400 },
  // The export imports back unchanged (a dry run writes nothing either way).
  {
    op: 'RosterFilesController_import',
    as: 'officer',
    path: () => '/roster/imports',
    query: { dryRun: 'true' },
    file: (c) => ({ buffer: c.exported, filename: 'roster.xlsx' }),
    status: 200,
  },
  {
    op: 'UsersController_create',
    as: 'officer',
    path: () => '/users',
    body: () => ({ username: 'assessor1', password: 'password-1', roles: ['assessor'] }),
    status: 201,
    keep: (b, c) => (c.assessorUser = b.id),
  },
  {
    op: 'UsersController_create',
    as: 'officer',
    path: () => '/users',
    body: (c) => ({ username: 'cadre-a', password: 'password-1', roles: ['cadre'], cadreId: c.cadreA1 }),
    status: 201,
    keep: (b, c) => (c.cadreUser = b.id),
  },
  { op: 'UsersController_list', as: 'officer', path: () => '/users', status: 200 },
  { op: 'UsersController_get', as: 'officer', path: (c) => `/users/${c.assessorUser}`, status: 200 },
  {
    op: 'UsersController_update',
    as: 'officer',
    path: (c) => `/users/${c.assessorUser}`,
    body: () => ({ roles: ['assessor'] }),
    status: 200,
  },
  {
    op: 'UsersController_resetPassword',
    as: 'officer',
    path: (c) => `/users/${c.cadreUser}/password`,
    body: () => ({ password: 'password-1' }),
    status: 204,
    then: (c) => c.login(),
  },
  {
    op: 'MeController_changePassword',
    as: 'officer',
    path: () => '/me/password',
    body: () => ({ current: 'wrong-wrong-1', next: 'demo-pass-2027-x' }),
    status: 403,
  },
  // checklists
  {
    op: 'ChecklistsController_dimensions',
    as: 'officer',
    path: () => '/political/dimensions',
    status: 200,
    keep: (b, c) => (c.dimensions = b),
  },
  {
    op: 'ChecklistsController_updateDimensions',
    as: 'officer',
    path: () => '/political/dimensions',
    body: (c) => ({
      dimensions: c.dimensions.map(({ key, name, description, indicators }: any) => ({
        key,
        name,
        description,
        indicators: indicators.map((i: any) => i.name ?? i),
      })),
    }),
    status: 200,
  },
  {
    op: 'ChecklistsController_rule',
    as: 'officer',
    path: () => '/political/rule',
    status: 200,
    keep: (b, c) => (c.rule = b),
  },
  {
    op: 'ChecklistsController_updateRule',
    as: 'officer',
    path: () => '/political/rule',
    body: (c) => c.rule,
    status: 200,
  },
  {
    op: 'ChecklistsController_politicalFile',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}/political-file`,
    status: 200,
    eventually: true,
  },
  {
    op: 'ChecklistsController_observe',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}/political-observations`,
    body: () => ({
      dimension: 'belief',
      polarity: 'negative',
      severity: 'minor',
      evidence: '学习不够',
      occurredAt: '2026-01-05',
      source: 'daily_supervision',
    }),
    status: 201,
  },
  {
    op: 'ChecklistsController_addResponsibility',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}/responsibilities`,
    body: () => ({
      year,
      duty: '党建责任',
      target: { metric: '专题会', target: 4, unit: '次' },
      measures: '每季度一次',
    }),
    status: 201,
    keep: (b, c) => (c.responsibility = b.id),
  },
  {
    op: 'ChecklistsController_responsibilities',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}/responsibilities`,
    status: 200,
  },
  {
    op: 'ChecklistsController_fulfil',
    as: 'officer',
    path: (c) => `/responsibilities/${c.responsibility}/fulfillments`,
    body: () => ({ actual: 1, evidence: '会议纪要' }),
    status: 201,
  },
  {
    op: 'ChecklistsController_rate',
    as: 'officer',
    path: (c) => `/responsibilities/${c.responsibility}/rating`,
    body: () => ({ grade: 'good', comment: '落实到位' }),
    status: 201,
  },
  {
    op: 'ChecklistsController_priorities',
    as: 'officer',
    path: () => '/priorities',
    query: { year: String(year) },
    status: 200,
    keep: (b, c) => (c.priorities = b),
  },
  {
    op: 'ChecklistsController_updatePriorities',
    as: 'officer',
    path: () => '/priorities',
    body: () => ({ year, items: [{ code: 'yizhu-liushuang', name: '一主六双' }] }),
    status: 200,
  },
  {
    op: 'ChecklistsController_addTask',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}/task-lists/${year}/tasks`,
    body: () => ({
      title: '招商引资',
      measures: '走访企业',
      indicator: { metric: '招商引资额', target: 5000, unit: '万元' },
      deadline: `${year}-12-31`,
      weight: 100,
    }),
    status: 201,
    keep: (b, c) => (c.task = b.tasks?.[0]?.id ?? b.id),
  },
  {
    op: 'ChecklistsController_taskList',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}/task-lists/${year}`,
    status: 200,
    keep: (b, c) => (c.task = b.tasks?.[0]?.id ?? c.task),
  },
  {
    op: 'ChecklistsController_progress',
    as: 'officer',
    path: (c) => `/tasks/${c.task}/progress`,
    body: () => ({ actual: 100, note: '进展顺利' }),
    status: 409,
  },
  {
    op: 'ChecklistsController_transition',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}/task-lists/${year}/sign`,
    status: 403,
  },
  {
    op: 'ChecklistsController_transition',
    as: 'cadre',
    path: (c) => `/cadres/${c.cadreA1}/task-lists/${year}/submit`,
    status: 200,
  },
  {
    op: 'ChecklistsController_transition',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}/task-lists/${year}/approve`,
    status: 200,
  },
  {
    op: 'ChecklistsController_progress',
    as: 'officer',
    path: (c) => `/tasks/${c.task}/progress`,
    body: () => ({ actual: 100, note: '进展顺利' }),
    status: 200,
  },
  { op: 'ChecklistsController_overdueTasks', as: 'officer', path: () => '/tasks/overdue', status: 200 },
  // appraisal
  {
    op: 'CyclesController_create',
    as: 'officer',
    path: () => '/cycles',
    body: () => ({
      kind: 'periodic',
      name: `${year}年定期考核`,
      year,
      half: 2,
      opensAt: inDays(1),
      closesAt: inDays(30),
    }),
    status: 201,
    keep: (b, c) => (c.cycle = b.id),
  },
  {
    op: 'CyclesController_create',
    as: 'officer',
    path: () => '/cycles',
    body: () => ({ kind: 'weekly' }),
    status: 400,
  },
  { op: 'CyclesController_list', as: 'officer', path: () => '/cycles', status: 200 },
  { op: 'CyclesController_get', as: 'officer', path: (c) => `/cycles/${c.cycle}`, status: 200 },
  { op: 'CyclesController_close', as: 'officer', path: (c) => `/cycles/${c.cycle}/close`, status: 409 },
  {
    op: 'CyclesController_schedule',
    as: 'officer',
    path: () => '/cycle-schedule',
    status: 200,
    keep: (b, c) => (c.schedule = b),
  },
  {
    op: 'CyclesController_putSchedule',
    as: 'officer',
    path: () => '/cycle-schedule',
    body: () => ({
      enabled: false,
      windows: [
        { half: 1, opens: '06-15', closes: '07-10' },
        { half: 2, opens: '12-15', closes: '01-10' },
      ],
    }),
    status: 200,
  },
  {
    op: 'CyclesController_createGroup',
    as: 'officer',
    path: () => '/assessment-groups',
    body: (c) => ({ name: '第一考核组', assessorUserIds: [c.assessorUser], cadreIds: [c.cadreA1, c.cadreB1] }),
    status: 201,
    keep: (b, c) => (c.group = b.id),
    eventually: true,
  },
  { op: 'CyclesController_groups', as: 'officer', path: () => '/assessment-groups', status: 200 },
  {
    op: 'CyclesController_updateGroup',
    as: 'officer',
    path: (c) => `/assessment-groups/${c.group}`,
    body: (c) => ({
      name: '第一考核组',
      assessorUserIds: [c.assessorUser],
      cadreIds: [c.cadreA1, c.cadreB1],
      reason: '调整',
    }),
    status: 200,
  },
  {
    op: 'CyclesController_groupChanges',
    as: 'officer',
    path: (c) => `/assessment-groups/${c.group}/changes`,
    status: 200,
  },
  {
    op: 'ReviewController_create',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/campaigns`,
    body: (c) => ({
      direction: 'top_down',
      subject: 'cadre',
      targetIds: [c.cadreA1],
      voters: [1, 2, 3].map((i) => ({ name: `投票人${i}`, unitId: c.votersUnit, group: '群众代表' })),
    }),
    status: 201,
    keep: (b, c) => ((c.campaign = b.id), (c.tokens = b.tokens.map((t: { token: string }) => t.token))),
    eventually: true,
  },
  { op: 'CyclesController_open', as: 'officer', path: (c) => `/cycles/${c.cycle}/open`, status: 200 },
  { op: 'CyclesController_open', as: 'officer', path: (c) => `/cycles/${c.cycle}/open`, status: 409 },
  {
    op: 'CyclesController_look',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/appraisals/${c.cadreA1}/steps/look`,
    body: () => look,
    status: 200,
    eventually: true,
  },
  {
    op: 'CyclesController_ask',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/appraisals/${c.cadreB1}/steps/ask`,
    body: () => ({ problems: [] }),
    status: 422,
  },
  {
    op: 'CyclesController_listen',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/appraisals/${c.cadreA1}/steps/listen`,
    body: () => ({ notes: '已反馈' }),
    status: 200,
  },
  {
    op: 'CyclesController_ask',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/appraisals/${c.cadreA1}/steps/ask`,
    body: () => ({ problems: [{ description: '调度不及时', severity: 'moderate', followUp: '周调度' }] }),
    status: 200,
  },
  {
    op: 'CyclesController_apply',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/appraisals/${c.cadreA1}/steps/apply`,
    body: () => apply,
    status: 200,
  },
  // 班子考核: the team of 区发改局, by the department (the assessor's group holds its cadres too)
  {
    op: 'TeamAppraisalsController_list',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/team-appraisals`,
    query: { limit: '10' },
    status: 200,
    eventually: true,
  },
  {
    op: 'TeamAppraisalsController_apply',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/team-appraisals/${c.team}/steps/apply`,
    body: () => ({ score: 86, runningState: 'good', problems: '无', rectification: '无', suggestion: '保持稳定' }),
    status: 409,
  },
  {
    op: 'TeamAppraisalsController_look',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/team-appraisals/${c.team}/steps/look`,
    body: () => look,
    status: 200,
  },
  {
    op: 'TeamAppraisalsController_listen',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/team-appraisals/${c.team}/steps/listen`,
    body: () => ({ notes: '测评结果已反馈' }),
    status: 200,
  },
  {
    op: 'TeamAppraisalsController_ask',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/team-appraisals/${c.team}/steps/ask`,
    body: () => ({ problems: [{ description: '合力不足', severity: 'minor', followUp: '例会' }] }),
    status: 200,
  },
  {
    op: 'TeamAppraisalsController_apply',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/team-appraisals/${c.team}/steps/apply`,
    body: () => ({ score: 86, runningState: 'good', problems: '无', rectification: '无', suggestion: '保持稳定' }),
    status: 200,
  },
  {
    op: 'TeamAppraisalsController_unknownStep',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/team-appraisals/${c.team}/steps/smell`,
    status: 404,
  },
  {
    op: 'CyclesController_unknownStep',
    as: 'assessor',
    path: (c) => `/cycles/${c.cycle}/appraisals/${c.cadreA1}/steps/smell`,
    body: () => ({}),
    status: 404,
  },
  { op: 'CyclesController_appraisals', as: 'officer', path: (c) => `/cycles/${c.cycle}/appraisals`, status: 200 },
  {
    op: 'CyclesController_addWartime',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/wartime-records`,
    body: (c) => ({
      cadreId: c.cadreA1,
      date: '2026-01-05',
      role: '值守',
      volunteered: true,
      dutyHours: 8,
      performance: 'good',
    }),
    status: 422,
  },
  {
    op: 'CyclesController_create',
    as: 'officer',
    path: () => '/cycles',
    body: () => ({
      kind: 'random',
      name: '防汛随机考核',
      year,
      topic: 'emergency_rescue',
      opensAt: new Date(Date.now() + 120_000).toISOString(),
      closesAt: inDays(30),
    }),
    status: 201,
    keep: (b, c) => (c.randomCycle = b.id),
  },
  { op: 'CyclesController_open', as: 'officer', path: (c) => `/cycles/${c.randomCycle}/open`, status: 200 },
  {
    op: 'CyclesController_addWartime',
    as: 'officer',
    path: (c) => `/cycles/${c.randomCycle}/wartime-records`,
    body: (c) => ({
      cadreId: c.cadreA1,
      // Today where the tenant is (Asia/Shanghai): the cycle opened today there.
      date: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
      role: '值守',
      volunteered: true,
      dutyHours: 8,
      performance: 'good',
    }),
    status: 201,
    eventually: true,
  },
  { op: 'CyclesController_wartimeFile', as: 'officer', path: (c) => `/cadres/${c.cadreA1}/wartime-file`, status: 200 },
  { op: 'NotificationsController_list', as: 'assessor', path: () => '/me/notifications', status: 200 },
  {
    op: 'NotificationsController_read',
    as: 'assessor',
    path: () => `/me/notifications/${randomUUID()}/read`,
    status: 404,
  },
  { op: 'NotificationsController_readAll', as: 'assessor', path: () => '/me/notifications/read-all', status: 200 },
  { op: 'NotificationsController_channels', as: 'officer', path: () => '/notification-channels', status: 200 },
  {
    op: 'NotificationsController_putChannels',
    as: 'officer',
    path: () => '/notification-channels',
    body: () => ({}),
    status: 200,
  },
  // review
  {
    op: 'ReviewController_templates',
    as: 'officer',
    path: () => '/review/templates',
    status: 200,
    keep: (b, c) => (c.templates = b),
  },
  {
    op: 'ReviewController_updateTemplates',
    as: 'officer',
    path: () => '/review/templates',
    body: (c) => c.templates,
    status: 200,
  },
  { op: 'ReviewController_settings', as: 'officer', path: () => '/review/settings', status: 200 },
  {
    op: 'ReviewController_updateSettings',
    as: 'officer',
    path: () => '/review/settings',
    body: () => ({ minGroupSize: 3 }),
    status: 200,
  },
  { op: 'ReviewController_list', as: 'officer', path: (c) => `/cycles/${c.cycle}/campaigns`, status: 200 },
  { op: 'ReviewController_get', as: 'officer', path: (c) => `/campaigns/${c.campaign}`, status: 200 },
  { op: 'BallotsController_form', as: 'none', path: (c) => `/ballots/${c.tokens[0]}`, status: 200, eventually: true },
  {
    op: 'BallotsController_form',
    as: 'none',
    path: (c) => `/ballots/${c.tokens[0]}`,
    accept: 'text/html',
    status: 200,
  },
  ...[0, 1, 2].map((i): Call => ({
    op: 'BallotsController_cast',
    as: 'none',
    path: (c) => `/ballots/${c.tokens[i]}`,
    body: (c) => ({ ratings: [{ targetId: c.cadreA1, grade: 'excellent' }] }),
    status: 201,
    eventually: true,
  })),
  {
    op: 'BallotsController_cast',
    as: 'none',
    path: (c) => `/ballots/${c.tokens[0]}`,
    body: (c) => ({ ratings: [{ targetId: c.cadreA1, grade: 'excellent' }] }),
    status: 409,
  },
  {
    op: 'ReviewController_participation',
    as: 'officer',
    path: (c) => `/campaigns/${c.campaign}/participation`,
    status: 200,
  },
  { op: 'ReviewController_results', as: 'officer', path: (c) => `/campaigns/${c.campaign}/results`, status: 409 },
  { op: 'ReviewController_twoWay', as: 'officer', path: (c) => `/cycles/${c.cycle}/two-way`, status: 409 },
  { op: 'CyclesController_close', as: 'officer', path: (c) => `/cycles/${c.cycle}/close`, status: 200 },
  {
    op: 'ReviewController_results',
    as: 'officer',
    path: (c) => `/campaigns/${c.campaign}/results`,
    status: 200,
    eventually: true,
  },
  { op: 'ReviewController_twoWay', as: 'officer', path: (c) => `/cycles/${c.cycle}/two-way`, status: 200 },
  // 校准 between close and publish (the recompute first: a sealed cycle is not ranked again)
  {
    op: 'AnalyticsController_recompute',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/rankings/recompute`,
    status: 200,
    eventually: true,
  },
  {
    op: 'CalibrationController_calibration',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/calibration`,
    status: 200,
    eventually: true,
  },
  {
    op: 'CalibrationController_adjust',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/calibration/adjustments`,
    body: (c) => ({ cadreId: c.cadreA1, composite: 85, reason: '综合研判' }),
    status: 201,
  },
  {
    op: 'CalibrationController_adjust',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/calibration/adjustments`,
    body: (c) => ({ cadreId: c.cadreA1, composite: 85 }),
    status: 422, // no reason: the rule names it
  },
  {
    op: 'CalibrationController_cycleGuideline',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/calibration/guideline`,
    body: () => ({ excellentMaxShare: 0.5, reason: '本周期考核对象少' }),
    status: 200,
  },
  { op: 'CalibrationController_gradeGuideline', as: 'officer', path: () => '/analytics/grade-guideline', status: 200 },
  {
    op: 'CalibrationController_putGradeGuideline',
    as: 'officer',
    path: () => '/analytics/grade-guideline',
    body: () => ({ excellentMaxShare: 0.2 }),
    status: 200,
  },
  // 双向考核意见 with a rectification item, its progress, the list
  {
    op: 'RectificationsController_recordOpinion',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/two-way/${c.unit}/opinion`,
    body: () => ({
      summary: '服务基层意识有待加强',
      items: [{ title: '压缩审批时限', deadline: `${year + 1}-06-30` }],
    }),
    status: 201,
    keep: (b, c) => (c.rectification = b.items[0].id),
  },
  {
    op: 'RectificationsController_progress',
    as: 'officer',
    path: (c) => `/rectifications/${c.rectification}/progress`,
    body: () => ({ status: 'in_progress', note: '已制定方案' }),
    status: 201,
  },
  { op: 'RectificationsController_list', as: 'officer', path: () => '/rectifications', status: 200 },
  { op: 'CyclesController_publish', as: 'officer', path: (c) => `/cycles/${c.cycle}/publish`, status: 200 },
  {
    op: 'CalibrationController_record',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/record`,
    status: 200,
    eventually: true,
  },
  { op: 'CalibrationController_verify', as: 'officer', path: () => '/records/verify', status: 200 },
  {
    op: 'CalibrationController_adjust',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/calibration/adjustments`,
    body: (c) => ({ cadreId: c.cadreA1, composite: 80, reason: '再校准' }),
    status: 409,
  },
  {
    op: 'TeamRankingsController_list',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/team-rankings`,
    status: 200,
  },
  { op: 'TeamRankingsController_trend', as: 'officer', path: (c) => `/teams/${c.team}/trend`, status: 200 },
  {
    op: 'TeamRankingsController_weights',
    as: 'officer',
    path: () => '/analytics/team-weights',
    status: 200,
    keep: (b, c) => (c.teamWeights = b),
  },
  {
    op: 'TeamRankingsController_putWeights',
    as: 'officer',
    path: () => '/analytics/team-weights',
    body: (c) => c.teamWeights,
    status: 200,
  },
  // analytics
  {
    op: 'AnalyticsController_rankings',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/rankings?scope=vertical&teamId=${c.team}`,
    status: 200,
  },
  { op: 'AnalyticsController_coordinates', as: 'officer', path: (c) => `/cycles/${c.cycle}/coordinates`, status: 200 },
  {
    op: 'AnalyticsController_coordinates',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/coordinates`,
    query: { subject: 'team' },
    status: 200,
  },
  { op: 'AnalyticsController_trend', as: 'officer', path: (c) => `/cadres/${c.cadreA1}/trend`, status: 200 },
  // 年度综合评价: the current year is not over (409); last year, one published periodic cycle, made by hand.
  { op: 'AnnualController_evaluate', as: 'officer', path: () => `/annual/${year}/evaluation`, status: 409 },
  {
    op: 'CyclesController_create',
    as: 'officer',
    path: () => '/cycles',
    body: () => ({
      kind: 'periodic',
      name: `${year - 1}年下半年定期考核`,
      year: year - 1,
      half: 2,
      opensAt: inDays(1),
      closesAt: inDays(30),
    }),
    status: 201,
    keep: (b, c) => (c.pastCycle = b.id),
  },
  { op: 'CyclesController_open', as: 'officer', path: (c) => `/cycles/${c.pastCycle}/open`, status: 200 },
  { op: 'CyclesController_close', as: 'officer', path: (c) => `/cycles/${c.pastCycle}/close`, status: 200 },
  { op: 'CyclesController_publish', as: 'officer', path: (c) => `/cycles/${c.pastCycle}/publish`, status: 200 },
  {
    op: 'AnnualController_evaluate',
    as: 'officer',
    path: () => `/annual/${year - 1}/evaluation`,
    status: 200,
    eventually: true, // once the cycle's record is sealed
  },
  { op: 'AnnualController_evaluation', as: 'officer', path: () => `/annual/${year - 1}/evaluation`, status: 200 },
  {
    op: 'AnnualController_rankings',
    as: 'officer',
    path: (c) => `/annual/${year - 1}/rankings?scope=vertical&teamId=${c.team}`,
    status: 200,
  },
  { op: 'AnnualController_coordinates', as: 'officer', path: () => `/annual/${year - 1}/coordinates`, status: 200 },
  {
    op: 'AnnualController_coordinates',
    as: 'officer',
    path: () => `/annual/${year - 1}/coordinates`,
    query: { subject: 'team' },
    status: 200,
  },
  { op: 'AnnualController_record', as: 'officer', path: () => `/annual/${year - 1}/record`, status: 200 },
  {
    op: 'AnalyticsController_trend',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}/trend`,
    query: { by: 'year' },
    status: 200,
  },
  {
    op: 'AnnualController_weights',
    as: 'officer',
    path: () => '/analytics/annual-weights',
    status: 200,
    keep: (b, c) => (c.annualWeights = b),
  },
  {
    op: 'AnnualController_putWeights',
    as: 'officer',
    path: () => '/analytics/annual-weights',
    body: (c) => c.annualWeights,
    status: 200,
  },
  {
    op: 'AnalyticsController_weights',
    as: 'officer',
    path: () => '/analytics/weights',
    status: 200,
    keep: (b, c) => (c.weights = b),
  },
  {
    op: 'AnalyticsController_putWeights',
    as: 'officer',
    path: () => '/analytics/weights',
    body: (c) => c.weights,
    status: 200,
  },
  { op: 'AnalyticsController_cadreDossier', as: 'officer', path: (c) => `/cadres/${c.cadreA1}/dossier`, status: 200 },
  {
    op: 'AnalyticsController_cadreDossier',
    as: 'officer',
    path: (c) => `/cadres/${c.cadreA1}/dossier`,
    query: { format: 'html' },
    status: 200,
  },
  { op: 'AnalyticsController_teamDossier', as: 'officer', path: (c) => `/teams/${c.team}/dossier`, status: 200 },
  {
    op: 'DossierExportsController_start',
    as: 'officer',
    path: (c) => `/fields/${c.field}/dossiers`,
    status: 202,
    keep: (b, c) => (c.dossierExport = b.exportId),
  },
  {
    op: 'DossierExportsController_status',
    as: 'officer',
    path: (c) => `/dossier-exports/${c.dossierExport}`,
    status: 200,
  },
  {
    op: 'DossierExportsController_file',
    as: 'officer',
    path: (c) => `/dossier-exports/${c.dossierExport}/file`,
    binary: true,
    status: 200,
    eventually: true,
  },
  {
    op: 'AnalyticsController_selection',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/selection-candidates`,
    status: 200,
  },
  {
    op: 'AnalyticsController_underperformers',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/underperformers`,
    status: 200,
  },
  {
    op: 'AnalyticsController_underperformers',
    as: 'officer',
    path: (c) => `/cycles/${c.cycle}/underperformers`,
    query: { subject: 'team' },
    status: 200,
  },
  {
    op: 'AnalyticsController_addBatch',
    as: 'officer',
    path: () => '/selection/batches',
    body: (c) => ({ name: '第一批', decidedOn: '2026-01-10', cadreIds: [c.cadreA1] }),
    status: 201,
  },
  { op: 'AnalyticsController_batches', as: 'officer', path: () => '/selection/batches', status: 200 },
  {
    op: 'AnalyticsController_addBatch',
    as: 'officer',
    path: () => '/selection/batches',
    body: (c) => ({
      name: '第二批',
      decidedOn: '2026-01-12',
      moves: [{ cadreId: c.cadreA1, kind: 'adjust', toPosition: '四级调研员', effectiveDate: '2026-01-15' }],
    }),
    status: 201,
    keep: (b, c) => (c.batch = b.id),
  },
  {
    op: 'AnalyticsController_batch',
    as: 'officer',
    path: (c) => `/selection/batches/${c.batch}`,
    query: { topic: 'epidemic' },
    status: 200,
  },
  {
    op: 'AnalyticsController_decideBatch',
    as: 'officer',
    path: (c) => `/selection/batches/${c.batch}/decide`,
    status: 200,
  },
  {
    op: 'AnalyticsController_selectionStatistics',
    as: 'officer',
    path: () => '/selection/statistics',
    query: { from: '2026-01-01', to: '2026-12-31', topic: 'epidemic' },
    status: 200,
  },
  {
    op: 'AnalyticsController_saveScenario',
    as: 'officer',
    path: () => '/sandbox/scenarios',
    body: (c) => ({ name: '方案一', moves: [{ cadreId: c.cadreA1, toTeamId: c.team }] }),
    status: 201,
    keep: (b, c) => (c.scenario = b.id),
  },
  { op: 'AnalyticsController_scenarios', as: 'officer', path: () => '/sandbox/scenarios', status: 200 },
  { op: 'AnalyticsController_scenario', as: 'officer', path: (c) => `/sandbox/scenarios/${c.scenario}`, status: 200 },
  {
    op: 'AnalyticsController_scenarioBatch',
    as: 'officer',
    path: (c) => `/sandbox/scenarios/${c.scenario}/batch`,
    body: () => ({ name: '第三批', decidedOn: '2026-02-01', effectiveDate: '2026-02-15' }),
    status: 201,
  },
  {
    op: 'AnalyticsController_addTalk',
    as: 'officer',
    path: () => '/talks',
    body: (c) => ({
      heldOn: '2026-01-10',
      kind: 'individual',
      topic: '提醒谈话',
      cadreIds: [c.cadreA1],
      cycleId: c.cycle,
    }),
    status: 201,
  },
  { op: 'AnalyticsController_talks', as: 'officer', path: () => '/talks', status: 200 },
  {
    op: 'AnalyticsController_sandbox',
    as: 'officer',
    path: () => '/sandbox',
    body: (c) => ({ moves: [{ cadreId: c.cadreA1, toTeamId: c.team }] }),
    status: 200,
  },
  {
    op: 'AnalyticsController_createAward',
    as: 'officer',
    path: () => '/awards',
    body: (c) => ({ kind: 'good_cadre', name: '优秀干部', cycleId: c.cycle, quota: 1 }),
    status: 201,
    keep: (b, c) => (c.award = b.id),
  },
  { op: 'AnalyticsController_awards', as: 'officer', path: () => '/awards', status: 200 },
  {
    op: 'AnalyticsController_issueRecommendation',
    as: 'officer',
    path: (c) => `/awards/${c.award}/recommendation`,
    body: (c) => ({ maxPicks: 1, voters: [{ name: '推荐人甲', unitId: c.unit }] }),
    status: 201,
    keep: (b, c) => (c.recommendationToken = b.tokens[0].token),
  },
  {
    op: 'RecommendationBallotsController_form',
    as: 'none',
    path: (c) => `/recommendation-ballots/${c.recommendationToken}`,
    status: 200,
  },
  {
    op: 'RecommendationBallotsController_cast',
    as: 'none',
    path: (c) => `/recommendation-ballots/${c.recommendationToken}`,
    body: (c) => ({ picks: [c.cadreA1] }),
    status: 201,
  },
  {
    op: 'AnalyticsController_closeRecommendation',
    as: 'officer',
    path: (c) => `/awards/${c.award}/recommendation/close`,
    status: 200,
  },
  { op: 'AnalyticsController_award', as: 'officer', path: (c) => `/awards/${c.award}`, status: 200 },
  {
    op: 'AnalyticsController_decideAward',
    as: 'officer',
    path: (c) => `/awards/${c.award}/decide`,
    body: (c) => ({ targetIds: [c.cadreA1] }),
    status: 200,
  },
  {
    op: 'AnalyticsController_awardStory',
    as: 'officer',
    path: (c) => `/awards/${c.award}/winners/${c.cadreA1}/story`,
    body: () => ({ title: '招商先锋', text: '招商引资成绩突出' }),
    status: 200,
  },
  {
    op: 'AnalyticsController_publishAward',
    as: 'officer',
    path: (c) => `/awards/${c.award}/publish`,
    status: 200,
  },
  {
    op: 'MeController_changePassword',
    as: 'cadre',
    path: () => '/me/password',
    body: () => ({ current: 'password-1', next: 'cadre-pass-2027-x' }),
    status: 204,
  },
  {
    op: 'UsersController_resetPassword',
    as: 'officer',
    path: (c) => `/users/${c.cadreUser}/password`,
    body: () => ({ password: 'password-1' }),
    status: 204,
    then: (c) => c.login(),
  },
  { op: 'AuthController_logout', as: 'assessor', path: () => '/auth/logout', status: 204, then: (c) => c.login() },
];

/**
 * Every operation of the OpenAPI document called through the in-process stack, its answers checked
 * against the document with ajv (status, media type, body; undeclared properties fail): the scenario
 * above, then for every operation the refusals any route gives (401 without a token, 400 for a path id
 * that is not a UUID, 403 for a role it does not admit, 404 for an id that names nothing).
 */
describe('API contract (every operation against the OpenAPI document)', () => {
  const namespace = testNamespace();
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let contract: ContractChecker;
  const tokens: Partial<Record<Who, string>> = {};
  const ctx: Ctx = {};
  /** Where each operation last answered a success: the lists are probed there. */
  const answered = new Map<string, Pick<Call, 'as' | 'query'> & { path: string }>();

  const send = (
    c: Pick<Call, 'as' | 'body' | 'query' | 'accept' | 'headers' | 'file' | 'binary'>,
    method: string,
    path: string,
  ): Promise<Response> => {
    let req = (request(gateway.getHttpServer()) as any)[method](`/api/v1${path}`);
    if (c.as !== 'none') req = req.set('authorization', `Bearer ${tokens[c.as]}`);
    if (c.accept) req = req.set('accept', c.accept);
    for (const [name, value] of Object.entries(c.headers ?? {})) req = req.set(name, value);
    if (c.query) req = req.query(c.query);
    if (c.binary) req = req.buffer(true).parse(bytes);
    if (c.file) {
      const { buffer, filename } = c.file(ctx);
      return req.attach('file', buffer, filename);
    }
    const body = c.body?.(ctx);
    return body === undefined ? req : req.send(body);
  };

  beforeAll(async () => {
    apps.push(
      await startRoster(namespace),
      await startChecklists(namespace),
      await startAppraisal(namespace),
      await startReview(namespace),
      await startAnalytics(namespace, { RECOMPUTE_DEBOUNCE_MS: '300' }),
    );
    gateway = await startGateway(namespace, { RATE_LIMIT_PER_MINUTE: '1000000' });
    contract = new ContractChecker((await request(gateway.getHttpServer()).get('/api/docs-json').expect(200)).body);
    tokens.admin = await login(gateway, ADMIN.tenant, ADMIN.username, ADMIN.password);
    tokens.officer = (await createTenant(gateway, 'ly')).token;
    ctx.login = async () => {
      tokens.assessor = await login(gateway, 'ly', 'assessor1', 'password-1');
      tokens.cadre = await login(gateway, 'ly', 'cadre-a', 'password-1');
    };
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    for (const app of apps.reverse()) await app.close();
    await dropNamespace(namespace);
  });

  describe('scenario', () => {
    SCENARIO.forEach((call, i) => {
      it(`${i + 1}. ${call.op} as ${call.as} → ${call.status}`, async () => {
        const { method } = contract.operations.get(call.op) ?? { method: 'get' };
        let res = await send(call, method, call.path(ctx));
        if (call.eventually && res.status !== call.status) {
          await eventually(
            async () => (res = await send(call, method, call.path(ctx))).status === call.status,
            30_000,
            `${call.op} → ${call.status}`,
          ).catch(() => undefined);
        }
        if (res.status < 300) answered.set(call.op, { path: call.path(ctx), as: call.as, query: call.query });
        expect(contract.check(call.op, res)).toEqual([]);
        expect({ status: res.status, body: res.status === call.status ? 'as expected' : res.body }).toEqual({
          status: call.status,
          body: 'as expected',
        });
        call.keep?.(res.body, ctx);
        await call.then?.(ctx);
      }, 60_000);
    });
  });

  describe('refusals every route gives', () => {
    it('401 without a token, 400 for a malformed path id, 403 for a role not admitted, 404 for an unknown id', async () => {
      const problems: string[] = [];
      for (const { operationId, method, path, operation } of contract.operations.values()) {
        const params: Array<{ name: string; in: string; schema?: { format?: string } }> = (
          operation.parameters ?? []
        ).filter((p: { in?: string }) => p.in === 'path');
        const fill = (id: (name: string) => string) =>
          path.replace('/api/v1', '').replace(/\{(\w+)\}/g, (_, name: string) => {
            const p = params.find((q) => q.name === name);
            if (p?.schema?.format === 'uuid') return id(name);
            return name === 'year' ? String(year) : name === 'token' ? 'x'.repeat(43) : 'look';
          });
        const probe = async (as: Who, url: string, expected: number) => {
          const res = await send({ as, body: method === 'get' ? undefined : () => ({}) }, method, url);
          problems.push(...contract.check(operationId, res));
          if (res.status !== expected)
            problems.push(`${operationId} as ${as} ${url}: ${res.status}, expected ${expected}`);
        };
        const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
        if (!isPublic)
          await probe(
            'none',
            fill(() => randomUUID()),
            401,
          );
        const roles: string[] | undefined = operation['x-roles'];
        if (roles && !roles.includes('cadre'))
          await probe(
            'cadre',
            fill(() => randomUUID()),
            403,
          );
        const uuids = params.filter((p) => p.schema?.format === 'uuid');
        if (uuids.length > 0 && !isPublic)
          await probe(
            'officer',
            fill(() => 'not-a-uuid'),
            400,
          );
        if (
          method === 'get' &&
          uuids.length > 0 &&
          !isPublic &&
          !/dossier|wartime-file|trend|political-file|responsibilities|task-lists|history|rankings|coordinates|selection|underperformers|two-way|appraisals|campaigns|changes/.test(
            path,
          )
        ) {
          await probe(
            'officer',
            fill(() => randomUUID()),
            404,
          );
        }
      }
      expect(problems).toEqual([]);
    }, 300_000);
  });

  it('lists: ?limit= 1–200 and a forged ?cursor= are refused with 400 naming them', async () => {
    const problems: string[] = [];
    for (const { operationId, method, operation } of contract.operations.values()) {
      const refs = (operation.parameters ?? []).map((p: { $ref?: string }) => p.$ref);
      if (!refs.includes('#/components/parameters/Cursor')) continue;
      const where = answered.get(operationId);
      if (!where) {
        problems.push(`${operationId}: no success in the scenario to probe the list at`);
        continue;
      }
      const probes: Array<Record<string, string>> = [
        { cursor: 'forged-cursor' },
        { limit: '0' },
        { limit: '201' },
        { limit: '200' },
      ];
      for (const query of probes) {
        const res = await send({ as: where.as, query: { ...where.query, ...query } }, method, where.path);
        problems.push(...contract.check(operationId, res));
        const expected = query.limit === '200' ? 200 : 400;
        const named = expected === 200 || (res.body.errors ?? []).some((e: { field: string }) => e.field in query);
        if (res.status !== expected || !named)
          problems.push(
            `${operationId} ${JSON.stringify(query)}: ${res.status} ${JSON.stringify(res.body.errors ?? '')}`,
          );
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('exercises every operation in the document at least once, and sees each succeed', () => {
    const missing = [...contract.operations.keys()].filter((id) => !contract.exercised.has(id));
    expect(missing).toEqual([]);
    const neverSucceeded = [...contract.exercised]
      .filter(([, statuses]) => ![...statuses].some((s) => s < 300))
      .map(([id]) => id)
      .filter((id) => !REFUSALS_ONLY.has(id));
    expect(neverSucceeded).toEqual([]);
  });
});
