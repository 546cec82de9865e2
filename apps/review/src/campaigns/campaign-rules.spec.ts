import type { CampaignDirection, CampaignVoterInput } from '@cadre/contracts';
import { directionProblems, refusalDetail } from './campaign-rules';

/** The units of a small district: two departments, a town, a street and a zone. */
const KINDS: Record<string, string> = {
  fgj: 'department',
  jtj: 'department',
  town: 'town',
  street: 'street',
  zone: 'zone',
};
const NAMES: Record<string, string> = {
  fgj: '区发改局',
  jtj: '区交通局',
  town: '合心镇',
  street: '正阳街道',
  zone: '经济开发区',
};
const voterUnits = new Map(Object.entries(KINDS));
const target = (unit: string) => ({ name: NAMES[unit], unitKind: KINDS[unit] });
const voter = (unit: string, group = '群众代表'): CampaignVoterInput => ({ name: '投票人', unitId: unit, group });
const leader = (unit = 'fgj') => voter(unit, '区级领导');
const check = (direction: CampaignDirection, targets: string[], voters: CampaignVoterInput[]) =>
  directionProblems({ direction, voters }, targets.map(target), voterUnits);

describe('two-way directions (双向考核)', () => {
  it('accepts each right combination', () => {
    // Top-down: district leaders rate departments (wherever their token is handed out) …
    expect(check('top_down', ['fgj', 'jtj'], [leader(), leader('town')])).toEqual([]);
    // … and departments rate towns, streets and zones.
    expect(check('top_down', ['town', 'street', 'zone'], [voter('fgj', '部门负责人'), voter('jtj')])).toEqual([]);
    // Bottom-up: towns, streets and zones rate departments.
    expect(check('bottom_up', ['fgj', 'jtj'], [voter('town'), voter('street'), voter('zone', '班子成员')])).toEqual([]);
    // Peer review keeps no direction.
    expect(check('peer', ['fgj', 'town'], [voter('street'), leader()])).toEqual([]);
  });

  it('refuses a top-down review of departments by anyone but district leaders', () => {
    expect(check('top_down', ['fgj'], [leader(), voter('town'), voter('jtj', '部门负责人')])).toEqual([
      { field: 'voters[1].group', message: '自上而下评价区直部门由区级领导评价：投票人分组应为“区级领导”' },
      { field: 'voters[2].group', message: '自上而下评价区直部门由区级领导评价：投票人分组应为“区级领导”' },
    ]);
  });

  it('refuses a top-down review of towns, streets and zones by district leaders or by other grassroots units', () => {
    expect(check('top_down', ['town', 'zone'], [voter('fgj'), leader(), voter('street')])).toEqual([
      { field: 'voters[1].group', message: '自上而下评价镇、街道、开发区由区直部门评价，区级领导评价的是区直部门' },
      { field: 'voters[2].unitId', message: '自上而下评价镇、街道、开发区由区直部门评价：投票人应来自区直部门' },
    ]);
  });

  it('refuses a top-down campaign that mixes departments with towns, streets and zones', () => {
    expect(check('top_down', ['fgj', 'town', 'street'], [leader(), voter('jtj')])).toEqual([
      {
        field: 'targetIds',
        message:
          '自上而下评价中区级领导评价区直部门、区直部门评价镇街和开发区，应分别发起：区直部门 区发改局；镇街、开发区 合心镇、正阳街道',
      },
    ]);
  });

  it('refuses a bottom-up review of anything but departments, or by departments or district leaders', () => {
    expect(check('bottom_up', ['fgj', 'street'], [voter('town'), voter('jtj'), leader('zone')])).toEqual([
      { field: 'targetIds', message: '自下而上评价的对象应为区直部门：正阳街道' },
      { field: 'voters[1].unitId', message: '自下而上评价的投票人应来自镇、街道或开发区' },
      { field: 'voters[2].group', message: '自下而上评价由镇、街道、开发区评价区直部门，投票人不能是区级领导' },
    ]);
  });

  it('leaves an unknown voter unit to the rule that names it', () => {
    expect(check('bottom_up', ['fgj'], [voter('nowhere')])).toEqual([]);
    expect(check('top_down', ['town'], [voter('nowhere')])).toEqual([]);
  });

  it('names the broken direction’s rule in the refusal', () => {
    expect(refusalDetail('top_down', true)).toBe(
      '测评活动不符合自上而下评价的规则：区级领导评价区直部门，区直部门评价镇、街道、开发区',
    );
    expect(refusalDetail('bottom_up', true)).toBe('测评活动不符合自下而上评价的规则：镇、街道、开发区评价区直部门');
    expect(refusalDetail('top_down', false)).toBe('测评活动不符合规则');
  });
});
