import { Injectable } from '@nestjs/common';
import { RequestContext } from '@cadre/contracts';
import type { ChecklistsDemoCommand, ChecklistsDemoResult } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';
import { isOfficer } from '../access/access';
import { CadresProjection } from '../projections/cadres.projection';
import { PoliticalService } from '../political/political.service';
import { ResponsibilitiesService } from '../responsibilities/responsibilities.service';
import { TasksService } from '../tasks/tasks.service';
import { seededRandom } from '@cadre/platform';

const PRIORITIES = [
  { code: 'yizhu-liushuang', name: '一主六双' },
  { code: 'liucheng-liandong', name: '六城联动' },
  { code: 'sansiwu', name: '区委“三四五”发展工程' },
];

const TASKS = [
  { title: '完成年度招商引资任务', metric: '招商引资额', unit: '万元', target: 5000, priority: 'yizhu-liushuang' },
  { title: '推进老旧小区改造', metric: '完成改造小区', unit: '个', target: 12, priority: 'liucheng-liandong' },
  { title: '化解信访积案', metric: '化解积案', unit: '件', target: 20, priority: 'sansiwu' },
  { title: '推动重点项目开复工', metric: '开复工项目', unit: '个', target: 8, priority: 'yizhu-liushuang' },
  { title: '开展基层党建示范点建设', metric: '示范点', unit: '个', target: 5, priority: 'sansiwu' },
];

const DUTIES = [
  { duty: '落实全面从严治党主体责任', metric: '专题研究党建工作', unit: '次', target: 4 },
  { duty: '抓好分管领域安全生产', metric: '隐患排查整改率', unit: '%', target: 100 },
  { duty: '推进分管重点工作落实', metric: '重点工作完成', unit: '项', target: 6 },
];

const OBSERVATIONS = [
  { dimension: 'responsibility', polarity: 'positive', severity: 'minor', evidence: '疫情防控中主动请战，连续值守社区卡点', source: 'random_appraisal' },
  { dimension: 'belief', polarity: 'positive', severity: 'minor', evidence: '带头开展理论学习，撰写心得体会', source: 'periodic_appraisal' },
  { dimension: 'discipline', polarity: 'negative', severity: 'minor', evidence: '重大事项未及时请示报告', source: 'inspection' },
  { dimension: 'truth_seeking', polarity: 'negative', severity: 'major', evidence: '上报工作数据与实际不符', source: 'daily_supervision' },
  { dimension: 'diligence', polarity: 'positive', severity: 'minor', evidence: '主动学习城市更新业务，牵头完成专题调研', source: 'periodic_appraisal' },
] as const;

/**
 * Demo checklists for the tenant's cadres (the demo district's, as the roster has published them):
 * this year's priorities, task lists in every state, responsibilities with fulfilments, and a few
 * political observations — mostly good, two files on `attention`, one on `fail`.
 */
@Injectable()
export class ChecklistsDemoService {
  constructor(
    private readonly cadres: CadresProjection,
    private readonly political: PoliticalService,
    private readonly responsibilities: ResponsibilitiesService,
    private readonly tasks: TasksService,
  ) {}
  async load(payload: ChecklistsDemoCommand | undefined, ctx: RequestContext): Promise<ChecklistsDemoResult> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以载入演示数据');
    const ids = await this.cadres.activeIds(ctx.tenantId);
    if (ids.length === 0) throw RpcError.conflict('还没有干部：请先载入花名册演示数据（roster 的事件到达后即可）');
    // The roster's events arrive over a few seconds: a demo over part of the district would be no demo.
    if (payload?.expectedCadres && ids.length < payload.expectedCadres) throw RpcError.conflict(`还没有干部全部同步：${ids.length}/${payload.expectedCadres}，稍后重试`);
    const year = new Date().getUTCFullYear();
    if ((await this.tasks.priorities({ year }, ctx)).length > 0) throw RpcError.conflict('演示清单已载入');
    // Checked before the first write: the loader writes in many transactions, and a list that is no longer
    // a draft made it stop half-way (409 after the year's priorities and earlier cadres' tasks were written).
    if (await this.tasks.anyListOf(ctx.tenantId, year)) throw RpcError.conflict('本年度已有任务清单或责任清单：演示清单只载入到没有清单的租户');
    await this.tasks.updatePriorities({ year, items: PRIORITIES }, ctx);
    const rnd = seededRandom(year);
    const counts = { cadres: ids.length, tasks: 0, responsibilities: 0, observations: 0 };
    for (const [i, cadreId] of ids.entries()) {
      const picks = [0, 1, 2].map((k) => TASKS[(i + k) % TASKS.length]);
      for (const [k, t] of picks.entries()) {
        const deadline = `${year}-${String(3 + k * 3 + (i % 3)).padStart(2, '0')}-28`;
        await this.tasks.addTask({ cadreId, year, title: t.title, priority: t.priority, measures: '明确责任人和时间节点，按月调度', indicator: { metric: t.metric, target: t.target, unit: t.unit }, deadline, weight: 3 - k }, ctx);
        counts.tasks += 1;
      }
      // Most lists are approved (signing is the cadre's own act); some wait in other states.
      const stage = i % 10;
      if (stage >= 1) await this.tasks.transition({ cadreId, year, action: 'submit' }, ctx);
      if (stage === 2) await this.tasks.transition({ cadreId, year, action: 'return', reason: '指标不够量化，请细化' }, ctx);
      if (stage >= 3) await this.tasks.transition({ cadreId, year, action: 'approve' }, ctx);
      const duty = DUTIES[i % DUTIES.length];
      const r = await this.responsibilities.add({ cadreId, year, duty: duty.duty, target: { metric: duty.metric, target: duty.target, unit: duty.unit }, measures: '建立台账，定期调度' }, ctx);
      await this.responsibilities.fulfil({ responsibilityId: r.id, actual: Math.round(duty.target * (0.4 + rnd() * 0.7)), evidence: '半年工作台账' }, ctx);
      counts.responsibilities += 1;
      const observation = OBSERVATIONS[i % OBSERVATIONS.length];
      if (i % 3 === 0 || i < 3) {
        const occurredAt = new Date(Date.now() - (30 + Math.floor(rnd() * 200)) * 86_400_000).toISOString().slice(0, 10);
        const severity = i === 0 ? 'red_line' : observation.severity;
        await this.political.observe({ cadreId, ...observation, polarity: i === 0 ? 'negative' : observation.polarity, severity, occurredAt }, ctx);
        counts.observations += 1;
      }
    }
    return counts;
  }
}
