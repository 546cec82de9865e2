import { Injectable, Logger } from '@nestjs/common';
import {
  ballotShapeProblems,
  BallotFormView,
  CastBallotInput,
  CastBallotsInput,
  CastBallotsResult,
  GRADE_NAMES,
  GRADES,
  MAX_BALLOTS_PER_CAST_REQUEST,
  REVIEW_GATEWAY_REQUESTS,
} from '@cadre/contracts';
import type { BallotFormQuery } from '@cadre/contracts';
import { failureReply, RpcError } from '@cadre/messaging';
import { BallotBatcher, CastResult } from './ballot-batcher';
import { isWellFormedToken, tokenHash } from './ballot-token';
import { BallotsRepository } from './ballots.repository';

const unknownToken = () => new RpcError(404, '投票码无效或不存在');

/**
 * The public side of review: a voter with a one-time token sees the form and casts once. No login;
 * the token is the only credential and says nothing about the voter to anyone but the database
 * row that tracks its participation. Nothing here logs a token.
 */
@Injectable()
export class BallotsService {
  private readonly logger = new Logger('Ballots');

  constructor(
    private readonly ballots: BallotsRepository,
    private readonly batcher: BallotBatcher,
  ) {}
  async form(payload: BallotFormQuery): Promise<BallotFormView> {
    if (!isWellFormedToken(payload.token)) throw unknownToken();
    const row = await this.ballots.findForm(tokenHash(payload.token));
    if (!row) throw unknownToken();
    if (row.voted) throw RpcError.conflict('该投票码已经投过票，不能重复投票');
    if (row.cycleStatus !== 'open')
      throw RpcError.conflict(
        row.cycleStatus === 'scheduled' ? '测评尚未开始，请在考核周期开启后投票' : '测评已经结束，不再接受投票',
      );
    const targets = await this.ballots.findTargets(row.subject, row.targetIds);
    const byId = new Map(targets.map((t) => [t.id, t]));
    return {
      campaign: { id: row.id, name: row.name, direction: row.direction, subject: row.subject },
      // In the campaign's order; the voter's own unit is left out (they may not rate it).
      targets: row.targetIds
        .map((id) => byId.get(id) ?? { id, name: '（未知对象）', unitId: '' })
        .filter((t) => t.unitId !== row.unitId)
        .map(({ id, name }) => ({ id, name })),
      items: row.items,
      grades: GRADES.map((key) => ({ key, name: GRADE_NAMES[key] })),
    };
  }
  cast(payload: CastBallotInput): Promise<CastResult> {
    if (!isWellFormedToken(payload.token)) throw unknownToken();
    // The shape again (the contracts' one rule, as the gateway checks it): the gateway is not the only possible caller.
    const problems = ballotShapeProblems({ ratings: payload.ratings });
    if (problems.length > 0) throw new RpcError(400, '选票内容不正确', problems);
    return this.batcher.submit(
      tokenHash(payload.token),
      payload.ratings.map((r) => ({
        targetId: r.targetId.toLowerCase(),
        grade: r.grade,
        ...(r.scores ? { scores: r.scores } : {}),
        ...(r.opinion !== undefined && r.opinion !== null ? { opinion: r.opinion } : {}),
      })),
    );
  }

  /**
   * Many casts in one request (the gateway gathers those arriving together): each ballot goes through
   * the single cast above and gets its own answer — its batch committed before it is 201, a refusal
   * its own 404/409/422/400 — so a bad ballot never affects the others of the request.
   */
  async castMany(payload: CastBallotsInput): Promise<CastBallotsResult> {
    const ballots = payload?.ballots;
    if (!Array.isArray(ballots) || ballots.length === 0 || ballots.length > MAX_BALLOTS_PER_CAST_REQUEST) {
      throw new RpcError(400, `需要 1 至 ${MAX_BALLOTS_PER_CAST_REQUEST} 张选票`);
    }
    const results = await Promise.all(
      ballots.map(async (b) => {
        try {
          return { ok: true as const, data: await this.cast({ token: b?.token, ratings: b?.ballot?.ratings }) };
        } catch (err) {
          return failureReply(err, 'review', REVIEW_GATEWAY_REQUESTS.castBallots, this.logger).reply;
        }
      }),
    );
    return { results };
  }
}
