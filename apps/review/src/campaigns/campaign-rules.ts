import type { CampaignSubject, CreateCampaignInput, FieldError, ReviewTemplateKey } from '@cadre/contracts';
import type { ProjectedCycle, ProjectedTarget } from '../projections/roster.projection';

/** Units that rate district departments from below (镇、街道、开发区). */
export const GRASSROOTS_KINDS = ['town', 'street', 'zone'];

/** What a campaign's targets are called in its messages. */
export const SUBJECT_NAMES: Record<CampaignSubject, string> = { cadre: '干部', unit: '单位', team: '领导班子' };

/**
 * The template a campaign uses unless it names one: 德能勤绩廉 for cadres, the team template for a
 * team as a whole (班子民主测评), by direction for units.
 */
export function defaultTemplate(input: Pick<CreateCampaignInput, 'subject' | 'direction'>): ReviewTemplateKey {
  if (input.subject === 'cadre') return 'democratic';
  if (input.subject === 'team') return 'team';
  return input.direction === 'bottom_up' ? 'bottom_up' : 'top_down';
}

/**
 * Rules a campaign must keep, given what the projections know: targets of the tenant and, when the
 * cycle names its units, inside them; voters from known units; in bottom-up review, towns, streets and
 * zones rating district departments (自下而上: 从接受工作指导、服务的角度); weights for groups that vote.
 */
export function campaignProblems(
  input: CreateCampaignInput,
  cycle: ProjectedCycle,
  targets: ProjectedTarget[],
  voterUnits: Map<string, string>,
): FieldError[] {
  const problems: FieldError[] = [];
  const found = new Map(targets.map((t) => [t.id, t]));
  const unknown = input.targetIds.filter((id) => !found.has(id));
  if (unknown.length > 0)
    problems.push({
      field: 'targetIds',
      message: `${SUBJECT_NAMES[input.subject]}不存在：${unknown.join(', ')}`,
    });
  if (cycle.unitIds) {
    const inCycle = new Set(cycle.unitIds);
    const outside = targets.filter((t) => !inCycle.has(t.unitId)).map((t) => t.name);
    if (outside.length > 0)
      problems.push({ field: 'targetIds', message: `不在本考核周期的考核单位范围内：${outside.join('、')}` });
  }
  input.voters.forEach((v, i) => {
    if (!voterUnits.has(v.unitId)) problems.push({ field: `voters[${i}].unitId`, message: '单位不存在' });
  });
  if (input.direction === 'bottom_up' && input.subject === 'unit') {
    const notDepartments = targets.filter((t) => t.unitKind !== 'department').map((t) => t.name);
    if (notDepartments.length > 0)
      problems.push({ field: 'targetIds', message: `自下而上评价的对象应为区直部门：${notDepartments.join('、')}` });
    input.voters.forEach((v, i) => {
      const kind = voterUnits.get(v.unitId);
      if (kind && !GRASSROOTS_KINDS.includes(kind))
        problems.push({ field: `voters[${i}].unitId`, message: '自下而上评价的投票人应来自镇、街道或开发区' });
    });
  }
  if (input.groupWeights) {
    const groups = new Set(input.voters.map((v) => v.group));
    for (const group of Object.keys(input.groupWeights)) {
      if (!groups.has(group)) problems.push({ field: `groupWeights.${group}`, message: '没有属于该组的投票人' });
    }
  }
  return problems;
}
