import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { BallotRatingInput } from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { PLATFORM_CONFIG } from '@cadre/platform';
import { storedOpinion } from '../results/opinions';
import { ballotValue } from '../results/results';
import type { ReviewConfig } from '../config/review.config';
import { BallotCheck, checkBallot } from './ballot-rules';
import { BallotBatchWrite, BallotsRepository, BatchCampaignRow, BatchTokenRow } from './ballots.repository';
import { shuffled } from './shuffle';

/** Largest batch written in one transaction, and how many batches may be in flight at once. */
const MAX_BATCH = 400;
const MAX_IN_FLIGHT = 4;

export interface CastResult {
  accepted: true;
  ratings: number;
}

interface PendingCast {
  hash: Buffer;
  ratings: BallotRatingInput[];
  resolve: (result: CastResult) => void;
  reject: (err: unknown) => void;
}

/** A token of the batch, its hash back to bytes. */
type TokenRow = Omit<BatchTokenRow, 'hash'> & { hash: Buffer };
type CampaignRow = BatchCampaignRow;

type Outcomes = Map<PendingCast, CastResult | RpcError>;
type Candidate = { p: PendingCast; token: TokenRow; campaign: CampaignRow };

/** Today (UTC) as `YYYY-MM-DD`: the only time a ballot or a used token carries. */
export function castDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Writes cast ballots in batches: requests arriving within BALLOT_BATCH_MS are checked (one read) and
 * written by one statement that marks their tokens used with one conditional UPDATE (the token that
 * loses a race — same batch or a concurrent one — is not returned and gets 409) and inserts every
 * rating of the batch in shuffled order, so the table's order does not follow the order of the casts
 * within a batch (the publisher's final pass shuffles the whole campaign once its cycle has closed). A
 * request is answered only after its batch has committed: an accepted ballot is never lost.
 */
@Injectable()
export class BallotBatcher {
  private readonly logger = new Logger('Ballots');
  private queue: PendingCast[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly outbox: Outbox,
    private readonly ballots: BallotsRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: ReviewConfig,
  ) {}

  submit(hash: Buffer, ratings: BallotRatingInput[]): Promise<CastResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ hash, ratings, resolve, reject });
      if (this.queue.length >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.config.BALLOT_BATCH_MS);
    });
  }

  /** Resolves once no batch is queued or being written (shutdown, tests). */
  drained(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight += 1;
      void this.write(batch).finally(() => {
        this.inFlight -= 1;
        if (this.queue.length > 0) this.timer ??= setTimeout(() => this.flush(), 0);
        else if (this.inFlight === 0) {
          const waiting = [...this.idle];
          this.idle.clear();
          for (const done of waiting) done();
        }
      });
    }
  }

  private async write(batch: PendingCast[]): Promise<void> {
    let outcomes: Map<PendingCast, CastResult | RpcError>;
    try {
      // Usually two round trips and no transaction of its own; a batch that meets a race (a token used
      // or a cycle closed meanwhile) has written nothing and is done again in a transaction that sorts
      // each ballot out.
      outcomes =
        (await this.writeAtOnce(batch)) ?? (await this.outbox.transaction((manager) => this.apply(manager, batch)));
    } catch (err) {
      // Nothing of the batch was written: every caller gets the failure (503 for a dependency).
      this.logger.error(`a batch of ${batch.length} ballots failed: ${(err as Error).message}`);
      for (const p of batch) p.reject(err);
      return;
    }
    for (const p of batch) {
      const outcome = outcomes.get(p)!;
      if (outcome instanceof RpcError) p.reject(outcome);
      else p.resolve(outcome);
    }
  }

  /**
   * Reads what the checks need in one round trip — the tokens, their campaigns and the rated targets —
   * and checks every ballot: the refused get their answer, the rest are candidates. `lockCycles` (in a
   * transaction): FOR SHARE on the cycle, so a close applied by the consumer waits for the batch, and a
   * batch starting after it sees the cycle closed. Without it the read is read-only (no transaction id,
   * no WAL flush at its end); the all-or-nothing statement locks the cycles itself.
   */
  private async check(
    batch: PendingCast[],
    lockCycles: boolean,
    manager?: EntityManager,
  ): Promise<{ outcomes: Outcomes; all: Candidate[] }> {
    const outcomes: Outcomes = new Map();
    const ratedIds = [...new Set(batch.flatMap((p) => p.ratings.map((r) => r.targetId)))];
    const read = await this.ballots.readBatch(
      batch.map((p) => p.hash),
      ratedIds,
      lockCycles,
      manager,
    );
    const tokenOf = new Map<string, TokenRow>(
      read.tokens.map((t) => [t.hash, { ...t, hash: Buffer.from(t.hash, 'hex') }]),
    );
    const campaignOf = new Map(read.campaigns.map((c) => [c.id, { ...c, targetSet: new Set(c.targetIds) }]));
    const targetRows = read.targets;
    const targets = new Map(targetRows.map((t) => [t.id, t]));

    const candidates = new Map<string, Candidate>();
    for (const p of batch) {
      const key = p.hash.toString('hex');
      const token = tokenOf.get(key);
      const campaign = token && campaignOf.get(token.campaignId);
      if (!token || !campaign) {
        outcomes.set(p, new RpcError(404, '投票码无效或不存在'));
        continue;
      }
      if (token.voted || candidates.has(key)) {
        outcomes.set(p, RpcError.conflict('该投票码已经投过票，不能重复投票'));
        continue;
      }
      if (campaign.cycleStatus !== 'open') {
        outcomes.set(
          p,
          RpcError.conflict(
            campaign.cycleStatus === 'scheduled'
              ? '测评尚未开始，请在考核周期开启后投票'
              : '测评已经结束，不再接受投票',
          ),
        );
        continue;
      }
      const check: BallotCheck = {
        campaignTargetIds: campaign.targetSet,
        items: campaign.items,
        voterUnitId: token.unitId,
        targets,
        subject: campaign.subject,
      };
      const broken = checkBallot(p.ratings, check);
      if (broken) {
        outcomes.set(p, broken);
        continue;
      }
      candidates.set(key, { p, token, campaign });
    }
    return { outcomes, all: [...candidates.values()] };
  }

  /**
   * The whole batch in one statement outside any transaction — all or nothing: it locks the batch's
   * open cycles (FOR SHARE, so a close waits for it) and its tokens still unused (in hash order), and
   * only if every candidate's token is among them marks them used and writes the ratings and the dirty
   * marks; otherwise it writes nothing and answers null. No event: a row per batch in the outbox would
   * date the batch (the publisher counts the ballots once the cycle has closed, docs/anonymity.md).
   */
  private async writeAtOnce(batch: PendingCast[]): Promise<Outcomes | null> {
    const { outcomes, all } = await this.check(batch, false);
    if (all.length === 0) return outcomes;
    if (!(await this.ballots.writeBatchAllOrNothing(this.batchWrite(all, castDay(), true)))) return null;
    for (const { p } of all) outcomes.set(p, { accepted: true, ratings: p.ratings.length });
    return outcomes;
  }

  /** The batch in a transaction: each candidate that loses a race gets its 409, the others are written. */
  private async apply(manager: EntityManager, batch: PendingCast[]): Promise<Outcomes> {
    const { outcomes, all } = await this.check(batch, true, manager);
    if (all.length === 0) return outcomes;
    const day = castDay();
    const wonKeys = new Set(await this.ballots.writeBatch(this.batchWrite(all, day, false), manager));
    const winners = all.filter((c) => wonKeys.has(c.p.hash.toString('hex')));
    if (winners.length < all.length) {
      // A token lost a race (cast twice at once): its ballot was not written. Only the losers get an
      // error (built once per loser: an Error per ballot costs its stack trace).
      for (const c of all)
        if (!wonKeys.has(c.p.hash.toString('hex')))
          outcomes.set(c.p, RpcError.conflict('该投票码已经投过票，不能重复投票'));
    }
    for (const { p } of winners) outcomes.set(p, { accepted: true, ratings: p.ratings.length });
    return outcomes;
  }

  /** The batch's write (BallotsRepository.writeBatch*): the candidates' ratings in shuffled order. */
  private batchWrite(all: Candidate[], day: string, allOrNothing: boolean): BallotBatchWrite {
    const rows = shuffled(
      all.flatMap(({ p, token, campaign }) =>
        p.ratings.map((r) => ({
          hash: token.hash,
          tenantId: token.tenantId,
          campaignId: campaign.id,
          targetId: r.targetId,
          group: token.group,
          grade: r.grade,
          scores: r.scores && Object.keys(r.scores).length > 0 ? JSON.stringify(r.scores) : null,
          value: ballotValue(r.grade, r.scores),
          opinion: storedOpinion(r.opinion),
        })),
      ),
    );
    return {
      tokenHashes: all.map((c) => c.token.hash),
      day,
      rows,
      campaignIds: [...new Set(all.map((c) => c.campaign.id))],
      ...(allOrNothing ? { cycleIds: [...new Set(all.map((c) => c.campaign.cycleId))] } : {}),
    };
  }
}
