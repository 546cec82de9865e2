import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  BallotFormQuery,
  ByAward,
  CastRecommendationInput,
  CastRecommendationResult,
  OpenedRecommendationView,
  OpenRecommendationInput,
  RecommendationFormView,
  RecommendationTallyView,
  RequestContext,
} from '@cadre/contracts';
import { requireOfficer, RpcError } from '@cadre/messaging';
import { isWellFormedToken, newBallotToken, tokenHash } from '../ballots/ballot-token';
import { RosterProjection } from '../projections/roster.projection';
import { SettingsRepository } from '../settings/settings.repository';
import { checkPicks, tally } from './recommendation-rules';
import { RecommendationsRepository } from './recommendations.repository';

const unknownToken = () => new RpcError(404, '推荐票码无效或不存在');

/**
 * 民主推荐 for awards (the award and its ordering are analytics'): one token one ballot, each voter
 * picking up to N nominees; what is kept is the count of picks per nominee, never a ballot; the counts
 * are shown once the round is closed and only from the tenant's anonymity threshold on.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly recommendations: RecommendationsRepository,
    private readonly roster: RosterProjection,
    private readonly settings: SettingsRepository,
  ) {}

  async open(ctx: RequestContext, input: OpenRecommendationInput): Promise<OpenedRecommendationView> {
    requireOfficer(ctx, '发放推荐票');
    if (input.maxPicks > input.nominees.length)
      throw RpcError.rule('每票可推荐人数超过候选人数', [
        { field: 'maxPicks', message: `候选人只有 ${input.nominees.length} 个` },
      ]);
    const unitIds = [...new Set(input.voters.map((v) => v.unitId))];
    const known = new Set((await this.roster.units(ctx.tenantId, unitIds)).map((u) => u.id));
    const problems = input.voters.flatMap((v, i) =>
      known.has(v.unitId) ? [] : [{ field: `voters[${i}].unitId`, message: '单位不存在' }],
    );
    if (problems.length) throw RpcError.rule('推荐人不符合规则', problems);
    if (await this.recommendations.exists(ctx.tenantId, input.awardId))
      throw RpcError.conflict('该评选已经发放过推荐票');
    const issued = input.voters.map((v) => ({ voter: { ...v, group: v.group ?? '推荐人' }, token: newBallotToken() }));
    await this.recommendations.transaction((m) =>
      this.recommendations.insert(
        m,
        {
          id: randomUUID(),
          tenantId: ctx.tenantId,
          awardId: input.awardId,
          name: input.name,
          maxPicks: input.maxPicks,
          nominees: input.nominees,
          createdBy: ctx.username,
        },
        issued.map(({ voter, token }) => ({
          hash: tokenHash(token),
          name: voter.name,
          unitId: voter.unitId,
          group: voter.group,
        })),
      ),
    );
    return {
      awardId: input.awardId,
      maxPicks: input.maxPicks,
      tokens: issued.map(({ voter, token }) => ({
        voter: { name: voter.name, unitId: voter.unitId, group: voter.group },
        token,
      })),
    };
  }

  async form(payload: BallotFormQuery): Promise<RecommendationFormView> {
    const round = await this.usable(payload?.token);
    return { award: { id: round.awardId, name: round.name }, maxPicks: round.maxPicks, nominees: round.nominees };
  }

  async cast(payload: CastRecommendationInput): Promise<CastRecommendationResult> {
    const round = await this.usable(payload?.token);
    const nominees = new Set(round.nominees.map((n) => n.id.toLowerCase()));
    const refused = checkPicks(payload.picks, nominees, round.maxPicks);
    if (refused) throw refused;
    const picks = payload.picks.map((p) => p.toLowerCase());
    if (!(await this.recommendations.cast(tokenHash(payload.token), round.roundId, picks)))
      throw RpcError.conflict('该推荐票码已经投过票或推荐已经结束');
    return { accepted: true, picks: picks.length };
  }

  /** Ends the round (again: the same answer) and answers its tally under the threshold. */
  async close(ctx: RequestContext, payload: ByAward): Promise<RecommendationTallyView> {
    requireOfficer(ctx, '结束民主推荐');
    const closed = await this.recommendations.close(ctx.tenantId, payload.awardId);
    if (!closed) throw RpcError.notFound('民主推荐');
    const threshold = await this.settings.minGroupSize(ctx.tenantId);
    return tally(payload.awardId, closed.ballots, threshold, closed.counts);
  }

  private async usable(token: unknown) {
    if (!isWellFormedToken(token)) throw unknownToken();
    const round = await this.recommendations.ofToken(tokenHash(token));
    if (!round) throw unknownToken();
    if (round.voted) throw RpcError.conflict('该推荐票码已经投过票，不能重复投票');
    if (round.status !== 'open') throw RpcError.conflict('民主推荐已经结束，不再接受投票');
    return round;
  }
}
