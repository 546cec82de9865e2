import type { FieldError, RecommendationTallyView } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';

/**
 * A recommendation ballot (民主推荐): up to `maxPicks` of the nominees, each once. Not a list is 400;
 * a pick that is no nominee, a nominee twice or more picks than allowed is 422, naming the pick.
 */
export function checkPicks(picks: unknown, nominees: Set<string>, maxPicks: number): RpcError | null {
  if (!Array.isArray(picks) || picks.some((p) => typeof p !== 'string'))
    return new RpcError(400, '推荐票内容不正确', [{ field: 'picks', message: '须为候选人 id 的数组' }]);
  const problems: FieldError[] = [];
  if (picks.length > maxPicks)
    problems.push({ field: 'picks', message: `最多推荐 ${maxPicks} 人，本票推荐了 ${picks.length} 人` });
  const seen = new Set<string>();
  (picks as string[]).forEach((p, i) => {
    const id = p.toLowerCase();
    if (!nominees.has(id)) problems.push({ field: `picks[${i}]`, message: '不是本次推荐的候选人' });
    else if (seen.has(id)) problems.push({ field: `picks[${i}]`, message: '同一候选人只能推荐一次' });
    seen.add(id);
  });
  return problems.length ? RpcError.rule('推荐票不符合规则', problems) : null;
}

/**
 * The tally as it may be shown: the counts only from `threshold` ballots on (the tenant's anonymity
 * threshold, as for every democratic result); below it, the number of ballots alone.
 */
export function tally(
  awardId: string,
  ballots: number,
  threshold: number,
  counts: Array<{ targetId: string; picks: number }>,
): RecommendationTallyView {
  const suppressed = ballots < threshold;
  return { awardId, ballots, threshold, suppressed, counts: suppressed ? null : counts };
}
