import { DISTRICT_LEADER_GROUP } from '@cadre/contracts';
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
 * cycle names its units, inside them; voters from known units; a unit review in its direction
 * (directionProblems); weights for groups that vote.
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
  if (input.subject === 'unit') problems.push(...directionProblems(input, targets, voterUnits));
  if (input.groupWeights) {
    const groups = new Set(input.voters.map((v) => v.group));
    for (const group of Object.keys(input.groupWeights)) {
      if (!groups.has(group)) problems.push({ field: `groupWeights.${group}`, message: '没有属于该组的投票人' });
    }
  }
  return problems;
}

/** The rule of each direction, as a refused campaign's detail names it. */
export const DIRECTION_RULES: Record<'top_down' | 'bottom_up', string> = {
  top_down: '自上而下评价的规则：区级领导评价区直部门，区直部门评价镇、街道、开发区',
  bottom_up: '自下而上评价的规则：镇、街道、开发区评价区直部门',
};

/** The detail of a refused campaign: the direction's rule when it broke it, else the rules in general. */
export function refusalDetail(direction: CreateCampaignInput['direction'], brokeDirection: boolean): string {
  return brokeDirection && direction !== 'peer' ? `测评活动不符合${DIRECTION_RULES[direction]}` : '测评活动不符合规则';
}

/**
 * Who rates whom in the two-way review of units (双向考核), as the seed has it: top-down, district
 * leaders rate the district departments and the departments rate the towns, streets and zones
 * (在区级领导考核评价部门, 部门评价镇街、开发区的基础上); bottom-up, the towns, streets and zones rate the
 * departments (从接受工作指导、服务的角度). Every voter of a campaign rates every target (but their own
 * unit), so one campaign holds one of these pairings: a top-down campaign rates departments or
 * grassroots units, not both. District leaders are the voters of group 区级领导 (DISTRICT_LEADER_GROUP).
 * `peer` campaigns keep no direction. A message per bad field, naming the rule.
 */
export function directionProblems(
  input: Pick<CreateCampaignInput, 'direction' | 'voters'>,
  targets: Array<{ name: string; unitKind: string | null }>,
  voterUnits: Map<string, string>,
): FieldError[] {
  const problems: FieldError[] = [];
  const leader = (v: { group: string }) => v.group === DISTRICT_LEADER_GROUP;
  const departments = targets.filter((t) => t.unitKind === 'department');
  const grassroots = targets.filter((t) => t.unitKind !== null && GRASSROOTS_KINDS.includes(t.unitKind));
  if (input.direction === 'bottom_up') {
    const notDepartments = targets.filter((t) => t.unitKind !== 'department').map((t) => t.name);
    if (notDepartments.length > 0)
      problems.push({ field: 'targetIds', message: `自下而上评价的对象应为区直部门：${notDepartments.join('、')}` });
    input.voters.forEach((v, i) => {
      const kind = voterUnits.get(v.unitId);
      if (kind && !GRASSROOTS_KINDS.includes(kind))
        problems.push({ field: `voters[${i}].unitId`, message: '自下而上评价的投票人应来自镇、街道或开发区' });
      else if (leader(v))
        problems.push({
          field: `voters[${i}].group`,
          message: '自下而上评价由镇、街道、开发区评价区直部门，投票人不能是区级领导',
        });
    });
  } else if (input.direction === 'top_down') {
    if (departments.length > 0 && grassroots.length > 0) {
      problems.push({
        field: 'targetIds',
        message: `自上而下评价中区级领导评价区直部门、区直部门评价镇街和开发区，应分别发起：区直部门 ${departments
          .map((t) => t.name)
          .join('、')}；镇街、开发区 ${grassroots.map((t) => t.name).join('、')}`,
      });
    } else if (departments.length > 0) {
      input.voters.forEach((v, i) => {
        if (!leader(v))
          problems.push({
            field: `voters[${i}].group`,
            message: `自上而下评价区直部门由区级领导评价：投票人分组应为“${DISTRICT_LEADER_GROUP}”`,
          });
      });
    } else if (grassroots.length > 0) {
      input.voters.forEach((v, i) => {
        const kind = voterUnits.get(v.unitId);
        if (leader(v))
          problems.push({
            field: `voters[${i}].group`,
            message: '自上而下评价镇、街道、开发区由区直部门评价，区级领导评价的是区直部门',
          });
        else if (kind && kind !== 'department')
          problems.push({
            field: `voters[${i}].unitId`,
            message: '自上而下评价镇、街道、开发区由区直部门评价：投票人应来自区直部门',
          });
      });
    }
  }
  return problems;
}
