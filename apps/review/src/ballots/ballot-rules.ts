import type { BallotRatingInput, CampaignSubject, FieldError, ReviewItemView } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';

/** What a ballot is checked against: the campaign, the voter's unit, and the targets' units and names. */
export interface BallotCheck {
  campaignTargetIds: Set<string>;
  items: ReviewItemView[];
  voterUnitId: string;
  /** Unit and name of each target rated (a cadre's unit, or the unit itself). */
  targets: Map<string, { unitId: string; name: string }>;
  /** What the campaign rates: a written opinion goes with a rated unit only. */
  subject: CampaignSubject;
}

/**
 * The rules of one ballot, in the order a voter can act on them: item keys the campaign does not
 * have and an opinion on a cadre (400), then targets outside the campaign (422), then targets in the voter's own unit (422) —
 * a voter never rates their own unit or its cadres.
 */
export function checkBallot(ratings: BallotRatingInput[], c: BallotCheck): RpcError | null {
  const invalid: FieldError[] = [];
  const keys = new Set(c.items.map((i) => i.key));
  const seen = new Set<string>();
  ratings.forEach((r, i) => {
    if (seen.has(r.targetId)) invalid.push({ field: `ratings[${i}].targetId`, message: '同一对象只能评价一次' });
    seen.add(r.targetId);
    if (c.subject !== 'unit' && r.opinion !== undefined && r.opinion !== null)
      invalid.push({ field: `ratings[${i}].opinion`, message: '只有对单位的评价可以附书面意见' });
    for (const key of Object.keys(r.scores ?? {})) {
      if (!keys.has(key))
        invalid.push({
          field: `ratings[${i}].scores.${key}`,
          message: `不是本次测评的项目；可用：${[...keys].join(', ')}`,
        });
    }
  });
  if (invalid.length > 0) return new RpcError(400, '选票内容不正确', invalid);

  const outside = ratings.map((r, i) => ({ r, i })).filter(({ r }) => !c.campaignTargetIds.has(r.targetId));
  if (outside.length > 0) {
    return RpcError.rule(
      '选票中有不属于本次测评的对象',
      outside.map(({ i }) => ({ field: `ratings[${i}].targetId`, message: '不是本次测评的对象' })),
    );
  }
  const own = ratings
    .map((r, i) => ({ r, i, t: c.targets.get(r.targetId) }))
    .filter(({ t }) => t?.unitId === c.voterUnitId);
  if (own.length > 0) {
    const names = own.map(({ t }) => t!.name).join('、');
    return RpcError.rule(
      `不能评价本单位：${names}`,
      own.map(({ i, t }) => ({ field: `ratings[${i}].targetId`, message: `${t!.name}属于投票人所在单位` })),
    );
  }
  return null;
}
