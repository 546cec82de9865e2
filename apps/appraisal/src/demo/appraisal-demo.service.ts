import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppraisalStep,
  ApplyContent,
  AskContent,
  CycleStatus,
  Grade,
  LookContent,
  RequestContext,
  Suggestion,
  WartimePerformance,
} from '@cadre/contracts';
import type { AppraisalDemoCommand, AppraisalDemoResult } from '@cadre/contracts';
import { NewEvent, Outbox, RpcError } from '@cadre/messaging';
import { requireOfficer } from '../access/access';
import { CYCLE_COLUMNS, CycleRow, CyclesService, toSnapshot } from '../cycles/cycles.service';
import { GroupsService } from '../groups/groups.service';
import { WartimeService } from '../wartime/wartime.service';
import { seededRandom } from '@cadre/platform';

const STRENGTHS = ['招商引资', '城市管理', '基层治理', '项目建设', '信访维稳', '党建工作', '营商环境', '应急处置', '群众工作', '经济运行分析'];
const WEAKNESSES = ['创新意识有待增强', '统筹协调能力有待提高', '调查研究不够深入', '抓落实的韧劲不足', '专业知识更新不够', '对分管领域风险预判不足'];
const TRAITS = ['敢于担当', '善于攻坚', '作风务实', '沉稳干练', '思路开阔', '亲和力强', '执行力强', '原则性强', '开拓创新', '稳重细致'];
const PROBLEMS: Array<AskContent['problems'][number]> = [
  { description: '对分管领域重点项目调度不够及时，个别节点滞后', severity: 'moderate', followUp: '建立周调度台账，由考核组跟踪' },
  { description: '联系服务群众的主动性不强，基层走访次数偏少', severity: 'minor', followUp: '纳入下半年任务清单，每月走访不少于 4 次' },
  { description: '班子内部沟通不够充分，议事决策前酝酿不足', severity: 'moderate', followUp: '主要负责人开展谈心谈话' },
  { description: '安全生产隐患整改不彻底，存在反复', severity: 'serious', followUp: '组织部会同纪检监察组约谈提醒' },
];
const ROLES = ['社区卡点值守', '核酸检测点组长', '流调溯源专班成员', '物资保障组组长', '隔离酒店驻点干部', '志愿服务队队长'];
const HALF = { 1: '上半年', 2: '下半年' } as const;

interface Profile {
  base: number;
  slope: number;
}

function gradeOf(score: number, verdict: string): Grade {
  if (score >= 90 && verdict === 'pass') return 'excellent';
  if (score >= 72) return 'competent';
  if (score >= 60) return 'basically_competent';
  return 'incompetent';
}

function suggestionOf(grade: Grade, slope: number): Suggestion {
  if (grade === 'excellent') return 'promote';
  if (grade === 'incompetent') return 'adjust';
  if (grade === 'basically_competent' || slope <= -2) return 'talk';
  return slope >= 2 ? 'rotate' : 'keep';
}

/**
 * The demo tenant's appraisal history: assessment groups kept over the years, the half-yearly
 * cycles of the last three years (and this year's first half) published with complete 望闻问切
 * records — trends rising, steady and falling (a few "躺平" cadres) — the current half-year open
 * with work in progress, the 2022 epidemic random appraisal with its wartime file, and the
 * half-yearly schedule. Past cycles are written directly (their times are long gone) and publish
 * every event a live cycle would, so review and analytics build the same history.
 */
@Injectable()
export class AppraisalDemoService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly cycles: CyclesService,
    private readonly groups: GroupsService,
    private readonly wartime: WartimeService,
  ) {}
  async load(payload: AppraisalDemoCommand, ctx: RequestContext): Promise<AppraisalDemoResult> {
    requireOfficer(ctx, '载入演示数据');
    const cadres: Array<{ id: string; name: string; verdict: string }> = await this.dataSource.query(
      `SELECT c.id, c.name, coalesce(v.verdict, 'pass') AS verdict FROM cadres c LEFT JOIN political_verdicts v ON v.cadre_id = c.id
        WHERE c.tenant_id = $1 AND c.status = 'active' ORDER BY c.id`,
      [ctx.tenantId],
    );
    if (cadres.length === 0) throw RpcError.conflict('还没有干部：请先载入花名册演示数据（roster 的事件到达后即可）');
    // The roster's events arrive over a few seconds: a demo over half the district would be no demo.
    if (payload.expectedCadres && cadres.length < payload.expectedCadres) throw RpcError.conflict(`还没有干部全部同步：${cadres.length}/${payload.expectedCadres}，稍后重试`);
    const loaded = await this.dataSource.query(`SELECT 1 FROM cycles WHERE tenant_id = $1 LIMIT 1`, [ctx.tenantId]);
    if (loaded.length > 0) throw RpcError.conflict('演示考核数据已载入');

    const rnd = seededRandom(20220311);
    // About one in eleven slides half-year after half-year (the "躺平" ones); the others hold or climb.
    const profiles = new Map<string, Profile>(cadres.map((c, i) => [c.id, { base: 70 + rnd() * 18, slope: i % 11 === 0 ? -2.5 - rnd() * 2 : (rnd() - 0.3) * 3 }]));
    const counts = { cycles: 0, appraisals: 0, steps: 0, wartimeRecords: 0, groups: 0, pastPeriodic: 0 };
    const now = new Date();
    const year = now.getUTCFullYear();

    await this.outbox.transaction(async (m) => {
      counts.groups = await this.makeGroups(m, ctx, cadres.map((c) => c.id), payload.assessorUserIds ?? []);
      let k = 0;
      for (let y = year - 3; y <= year; y++) {
        for (const half of [1, 2] as const) {
          const opensAt = new Date(Date.UTC(y, half === 1 ? 5 : 11, 15, 1));
          const closesAt = new Date(Date.UTC(half === 1 ? y : y + 1, half === 1 ? 6 : 0, 10, 10));
          if (closesAt > now) continue; // the current half-year is made live below
          const cycle = await this.pastCycle(m, ctx.tenantId, { kind: 'periodic', name: `${y}年${HALF[half]}定期考核`, year: y, half, topic: null, opensAt, closesAt });
          counts.cycles += 1;
          counts.pastPeriodic += 1;
          const written = await this.fourSteps(m, ctx.tenantId, cycle, cadres, profiles, k++, 1, rnd);
          counts.appraisals += written.appraisals;
          counts.steps += written.steps;
        }
      }
      const epidemic = await this.pastCycle(m, ctx.tenantId, {
        kind: 'random',
        name: '2022年疫情防控随机考核',
        year: 2022,
        half: null,
        topic: 'epidemic',
        opensAt: new Date('2022-03-11T00:00:00+08:00'),
        closesAt: new Date('2022-05-31T18:00:00+08:00'),
      });
      counts.cycles += 1;
      counts.wartimeRecords = await this.wartimeFile(m, ctx.tenantId, epidemic, cadres, rnd);
    });

    // The current half-year: open now, about a third of the appraisals done.
    const half = now.getUTCMonth() < 6 ? 1 : 2;
    const current = await this.cycles.create(
      ctx.tenantId,
      { kind: 'periodic', name: `${year}年${HALF[half]}定期考核`, year, half, opensAt: new Date(now.getTime() - 10 * 86_400_000).toISOString(), closesAt: new Date(now.getTime() + 20 * 86_400_000).toISOString(), reminderOffsetsHours: [72, 24] },
      ctx.username,
    );
    await this.outbox.transaction(async (m) => {
      // Its open job may have beaten us to it (opensAt is in the past): either way it is open now.
      const open = (await this.cycles.transition(m, ctx.tenantId, current.id, 'open')) ?? (await this.cycles.require(ctx.tenantId, current.id, m));
      const written = await this.fourSteps(m, ctx.tenantId, open, cadres.filter((_, i) => i % 3 === 0), profiles, 8, 0.5, rnd);
      counts.appraisals += written.appraisals;
      counts.steps += written.steps;
    });
    counts.cycles += 1;
    await this.dataSource.query(
      `INSERT INTO cycle_schedules (tenant_id, enabled, windows, reminder_offsets_hours, timezone, updated_by) VALUES ($1, true, $2, '{72,24}', $3, $4) ON CONFLICT DO NOTHING`,
      [ctx.tenantId, JSON.stringify([{ half: 1, opens: '06-15', closes: '07-10' }, { half: 2, opens: '12-15', closes: '01-10' }]), payload.timezone ?? 'Asia/Shanghai', ctx.username],
    );
    return counts;
  }

  /** Groups of about 25 cadres, two assessors each, named 第一考核组…; kept over all demo cycles. */
  private async makeGroups(m: EntityManager, ctx: RequestContext, cadreIds: string[], assessors: string[]): Promise<number> {
    const size = 25;
    const n = Math.ceil(cadreIds.length / size);
    const numerals = '一二三四五六七八九十';
    for (let g = 0; g < n; g++) {
      const members = assessors.length ? [assessors[(2 * g) % assessors.length], assessors[(2 * g + 1) % assessors.length]] : [];
      const name = g < 10 ? `第${numerals[g]}考核组` : `第${g + 1}考核组`;
      await this.groups.write(
        ctx,
        async (mm) => {
          const [row] = await mm.query(
            `INSERT INTO assessment_groups (id, tenant_id, name, assessor_user_ids, cadre_ids) VALUES ($1, $2, $3, $4, $5)
             RETURNING id, name, assessor_user_ids AS "assessorUserIds", cadre_ids AS "cadreIds"`,
            [randomUUID(), ctx.tenantId, name, [...new Set(members)], cadreIds.slice(g * size, (g + 1) * size)],
          );
          return row;
        },
        m,
      );
    }
    return n;
  }

  /** A cycle whose times are past: written as published, with the four events a live one has. */
  private async pastCycle(
    m: EntityManager,
    tenantId: string,
    c: { kind: 'periodic' | 'random'; name: string; year: number; half: 1 | 2 | null; topic: 'epidemic' | null; opensAt: Date; closesAt: Date },
  ): Promise<CycleRow> {
    const publishedAt = new Date(c.closesAt.getTime() + 10 * 86_400_000);
    const [cycle]: CycleRow[] = await m.query(
      `INSERT INTO cycles (id, tenant_id, kind, name, year, half, topic, opens_at, closes_at, status, opened_at, closed_at, published_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'published', $8, $9, $10, 'demo', $8) RETURNING ${CYCLE_COLUMNS}`,
      [randomUUID(), tenantId, c.kind, c.name, c.year, c.half, c.topic, c.opensAt, c.closesAt, publishedAt],
    );
    const events = (['scheduled', 'open', 'closed', 'published'] as CycleStatus[]).map(
      (status): NewEvent<'appraisal.cycle.scheduled'> => ({ type: `appraisal.cycle.${status === 'open' ? 'opened' : status}` as 'appraisal.cycle.scheduled', tenantId, aggregateId: cycle.id, data: { ...toSnapshot(cycle), status } as never }),
    );
    await this.outbox.addMany(m, events);
    return cycle;
  }

  /** 望闻问切 for the cadres in one cycle; `share` of them complete (the rest stop at a random step). */
  private async fourSteps(
    m: EntityManager,
    tenantId: string,
    cycle: CycleRow,
    cadres: Array<{ id: string; name: string; verdict: string }>,
    profiles: Map<string, Profile>,
    k: number,
    share: number,
    rnd: () => number,
  ): Promise<{ appraisals: number; steps: number }> {
    const halfName = cycle.half ? HALF[cycle.half] : '';
    const appraisals: Array<{ id: string; cadreId: string; steps: AppraisalStep[]; apply: ApplyContent | null }> = [];
    const stepRows: Array<{ appraisalId: string; step: AppraisalStep; content: unknown }> = [];
    const events: NewEvent<'appraisal.step.recorded'>[] = [];
    for (const cadre of cadres) {
      const p = profiles.get(cadre.id)!;
      const all = share >= 1 || rnd() < share;
      const steps: AppraisalStep[] = all ? ['look', 'listen', 'ask', 'apply'] : (['look', 'listen', 'ask'] as AppraisalStep[]).slice(0, 1 + Math.floor(rnd() * 3));
      const id = randomUUID();
      const score = Math.round(Math.min(99, Math.max(45, p.base + p.slope * k + (rnd() - 0.5) * 2)) * 10) / 10;
      const grade = gradeOf(score, cadre.verdict);
      const pick = <T>(xs: T[], n: number) => Array.from({ length: n }, (_, i) => xs[Math.floor(rnd() * xs.length + i) % xs.length]);
      const look: LookContent = {
        reports: [
          { kind: 'report', title: `${cycle.year}年${halfName}述职报告`, url: `https://oa.lvyuan.example/docs/${id.slice(0, 8)}-report` },
          { kind: 'summary', title: `${cycle.year}年${halfName}工作总结`, text: '围绕年度任务清单推进重点工作，任务按期完成率较高。' },
        ],
        notes: score >= 85 ? '汇报材料扎实，重点工作成效明显' : score < 65 ? '汇报内容较空泛，数据支撑不足' : '汇报内容完整，亮点不够突出',
      };
      const problems = score < 65 ? [PROBLEMS[3], PROBLEMS[0]] : score < 80 ? [PROBLEMS[Math.floor(rnd() * 3)]] : [];
      const ask: AskContent = { problems, notes: problems.length ? '谈话中反映的问题已向本人反馈' : '谈话中未发现明显问题' };
      const apply: ApplyContent = {
        score,
        grade,
        strengths: pick(STRENGTHS, 2).join('、'),
        weaknesses: pick(WEAKNESSES, 1).join('、'),
        traits: [...new Set(pick(TRAITS, 3))],
        suggestion: suggestionOf(grade, p.slope),
        ...(p.slope <= -2 ? { suggestionNote: '连续两个周期排名下滑，建议开展谈话提醒' } : {}),
      };
      const contents: Record<AppraisalStep, unknown> = { look, listen: { notes: '民主测评结果已反馈本人' }, ask, apply };
      appraisals.push({ id, cadreId: cadre.id, steps, apply: steps.includes('apply') ? apply : null });
      steps.forEach((step, i) => {
        stepRows.push({ appraisalId: id, step, content: contents[step] });
        events.push({
          type: 'appraisal.step.recorded',
          tenantId,
          aggregateId: id,
          data: { appraisalId: id, cycleId: cycle.id, cycleKind: 'periodic', cadreId: cadre.id, step, completedSteps: steps.slice(0, i + 1), result: step === 'apply' ? { score, grade, strengths: apply.strengths, weaknesses: apply.weaknesses, traits: apply.traits, suggestion: apply.suggestion } : null },
        });
      });
    }
    await m.query(
      `INSERT INTO appraisals (id, tenant_id, cycle_id, cadre_id, completed_steps, score, grade, suggestion)
       SELECT i, $1, $2, c, string_to_array(s, ','), sc, g, sg FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::float8[], $7::text[], $8::text[]) AS u(i, c, s, sc, g, sg)`,
      [tenantId, cycle.id, appraisals.map((a) => a.id), appraisals.map((a) => a.cadreId), appraisals.map((a) => a.steps.join(',')), appraisals.map((a) => a.apply?.score ?? null), appraisals.map((a) => a.apply?.grade ?? null), appraisals.map((a) => a.apply?.suggestion ?? null)],
    );
    await m.query(
      `INSERT INTO appraisal_steps (appraisal_id, step, tenant_id, content, recorded_by, recorded_at)
       SELECT a, s, $1, c, 'demo', $2 FROM unnest($3::uuid[], $4::text[], $5::jsonb[]) AS u(a, s, c)`,
      [tenantId, new Date(Math.min(cycle.closesAt.getTime(), Date.now())), stepRows.map((r) => r.appraisalId), stepRows.map((r) => r.step), stepRows.map((r) => JSON.stringify(r.content))],
    );
    await this.outbox.addMany(m, events);
    return { appraisals: appraisals.length, steps: stepRows.length };
  }

  /** About 40% of the cadres on duty through the 2022 epidemic: first volunteering and the weeks after. */
  private async wartimeFile(m: EntityManager, tenantId: string, cycle: CycleRow, cadres: Array<{ id: string }>, rnd: () => number): Promise<number> {
    let n = 0;
    const start = cycle.opensAt.getTime();
    for (const [i, cadre] of cadres.entries()) {
      if (i % 5 > 1) continue;
      const keen = rnd();
      const weeks = 3 + Math.floor(rnd() * 8);
      for (let w = 0; w < weeks; w++) {
        const date = new Date(start + (w * 7 + Math.floor(rnd() * 5)) * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
        // Keen cadres keep going; a few start strong and fade (请战之勇 without 战斗劲头).
        const fading = keen < 0.15 ? w / weeks : 0;
        const level = keen - fading + (rnd() - 0.5) * 0.3;
        const performance: WartimePerformance = level > 0.75 ? 'outstanding' : level > 0.4 ? 'good' : level > 0.1 ? 'fair' : 'poor';
        await this.wartime.insert(
          m,
          tenantId,
          cycle,
          {
            cycleId: cycle.id,
            cadreId: cadre.id,
            date,
            role: ROLES[(i + w) % ROLES.length],
            volunteered: w === 0 ? keen > 0.3 : rnd() < keen,
            dutyHours: Math.round((20 + rnd() * 40) * 10) / 10,
            performance,
            note: performance === 'outstanding' ? '连续值守，组织协调有力' : performance === 'poor' ? '到岗不及时，工作推进慢' : undefined,
            commendation: performance === 'outstanding' && rnd() < 0.3 ? '区疫情防控指挥部通报表扬' : undefined,
            penalty: performance === 'poor' && rnd() < 0.5 ? '提醒谈话' : undefined,
          },
          'demo',
        );
        n += 1;
      }
    }
    return n;
  }
}
