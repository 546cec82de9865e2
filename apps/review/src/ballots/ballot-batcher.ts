import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BallotRatingInput, CampaignSubject, ReviewItemView } from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { PLATFORM_CONFIG } from '@cadre/platform';
import { ballotValue } from '../results/results';
import type { ReviewConfig } from '../config/review.config';
import { ballotCastEvents } from './ballot-events';
import { BallotCheck, checkBallot } from './ballot-rules';
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

interface TokenRow {
  hash: Buffer;
  tenantId: string;
  campaignId: string;
  unitId: string;
  group: string;
  voted: boolean;
}

interface CampaignRow {
  id: string;
  tenantId: string;
  cycleId: string;
  subject: CampaignSubject;
  items: ReviewItemView[];
  targetIds: string[];
  cycleStatus: string;
}

/** Today (UTC) as `YYYY-MM-DD`: the only time a ballot or a used token carries. */
export function castDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Writes cast ballots in batches: requests arriving within BALLOT_BATCH_MS are checked and written in
 * one transaction (one read, one statement) that marks their tokens used with one conditional UPDATE (the token that loses a
 * race — same batch or a concurrent one — is not returned and gets 409) and inserts every rating of
 * the batch in shuffled order, so the table's order does not follow the order of the casts. A request
 * is answered only after its batch has committed: an accepted ballot is never lost.
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
      outcomes = await this.outbox.transaction((manager) => this.apply(manager, batch));
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

  private async apply(manager: EntityManager, batch: PendingCast[]): Promise<Map<PendingCast, CastResult | RpcError>> {
    const outcomes = new Map<PendingCast, CastResult | RpcError>();
    const ratedIds = [...new Set(batch.flatMap((p) => p.ratings.map((r) => r.targetId)))];
    // One round trip for what the checks need: the tokens, their campaigns and the rated targets.
    // FOR SHARE on the cycle: a close applied by the consumer waits for this batch, and a batch
    // starting after it sees the cycle closed.
    const [read]: Array<{ tokens: Array<Omit<TokenRow, 'hash'> & { hash: string }>; campaigns: CampaignRow[]; targets: Array<{ id: string; unitId: string; name: string }> }> = await manager.query(
      `WITH t AS (
              SELECT token_hash, tenant_id, campaign_id, unit_id, voter_group, voted FROM voter_tokens WHERE token_hash = ANY($1::bytea[])),
            c AS (
              SELECT c.id, c.tenant_id, c.cycle_id, c.subject, c.items, c.target_ids, cy.status
                FROM campaigns c JOIN cycles cy ON cy.id = c.cycle_id WHERE c.id IN (SELECT campaign_id FROM t) FOR SHARE OF cy),
            g AS (
              SELECT id, unit_id, name FROM cadres WHERE id = ANY($2::uuid[])
              UNION ALL SELECT id, id AS unit_id, name FROM units WHERE id = ANY($2::uuid[]))
       SELECT (SELECT coalesce(json_agg(json_build_object('hash', encode(token_hash, 'hex'), 'tenantId', tenant_id, 'campaignId', campaign_id, 'unitId', unit_id, 'group', voter_group, 'voted', voted)), '[]') FROM t) AS tokens,
              (SELECT coalesce(json_agg(json_build_object('id', id, 'tenantId', tenant_id, 'cycleId', cycle_id, 'subject', subject, 'items', items, 'targetIds', target_ids, 'cycleStatus', status)), '[]') FROM c) AS campaigns,
              (SELECT coalesce(json_agg(json_build_object('id', id, 'unitId', unit_id, 'name', name)), '[]') FROM g) AS targets`,
      [batch.map((p) => p.hash), ratedIds],
    );
    const tokenOf = new Map<string, TokenRow>(read.tokens.map((t) => [t.hash, { ...t, hash: Buffer.from(t.hash, 'hex') }]));
    const campaignOf = new Map(read.campaigns.map((c) => [c.id, { ...c, targetSet: new Set(c.targetIds) }]));
    const targetRows = read.targets;
    const targets = new Map(targetRows.map((t) => [t.id, t]));

    const candidates = new Map<string, { p: PendingCast; token: TokenRow; campaign: CampaignRow }>();
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
        outcomes.set(p, RpcError.conflict(campaign.cycleStatus === 'scheduled' ? '测评尚未开始，请在考核周期开启后投票' : '测评已经结束，不再接受投票'));
        continue;
      }
      const check: BallotCheck = { campaignTargetIds: campaign.targetSet, items: campaign.items, voterUnitId: token.unitId, targets };
      const broken = checkBallot(p.ratings, check);
      if (broken) {
        outcomes.set(p, broken);
        continue;
      }
      candidates.set(key, { p, token, campaign });
    }
    if (candidates.size === 0) return outcomes;

    const day = castDay();
    const all = [...candidates.values()];
    const castOf = (list: typeof all) =>
      ballotCastEvents(
        list.map(({ p, token, campaign }) => ({ tenantId: token.tenantId, campaignId: campaign.id, cycleId: campaign.cycleId, group: token.group, targetIds: p.ratings.map((r) => r.targetId) })),
        day,
      );
    // Every rating of the batch in a shuffled order, each with its token's hash — only to leave out
    // the ratings of a token that loses a race; the hash is not written.
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
        })),
      ),
    );
    // The events as if every candidate wins (the usual case); corrected below when one does not.
    const events = this.outbox.withItem(castOf(all), 12);
    // One statement writes the batch:
    // - `won`, the one place a token is used: a token already used, here or by a concurrent batch, is
    //   not returned (409). Read first by the main query, so tokens are locked (in hash order: two
    //   batches holding the same tokens cannot deadlock) before anything else;
    // - the winners' ratings, inserted in the shuffled order (ORDER BY the position in it);
    // - the events, and the campaigns marked for the results publisher, in id order like every batch
    //   (NO KEY: the ballots' foreign key takes KEY SHARE on the campaigns; FOR UPDATE would deadlock).
    const won: Array<{ hash: string }> = await manager.query(
      `WITH won AS (
              UPDATE voter_tokens SET voted = true, voted_on = $2
               WHERE token_hash IN (SELECT token_hash FROM voter_tokens WHERE token_hash = ANY($1::bytea[]) AND NOT voted ORDER BY token_hash FOR NO KEY UPDATE)
               RETURNING token_hash),
            ballots_written AS (
              INSERT INTO ballots (tenant_id, campaign_id, target_id, voter_group, grade, scores, value, cast_on)
              SELECT t, c, tg, g, gr, s, v, $2
                FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::jsonb[], $9::numeric[], $10::bytea[]) WITH ORDINALITY AS x(t, c, tg, g, gr, s, v, h, ord)
               WHERE h IN (SELECT token_hash FROM won)
               ORDER BY ord),
            ${events.sql},
            dirty AS (
              UPDATE campaigns SET results_dirty = true
               WHERE id IN (SELECT id FROM campaigns WHERE id = ANY($11::uuid[]) AND NOT results_dirty AND EXISTS (SELECT 1 FROM won) ORDER BY id FOR NO KEY UPDATE))
       SELECT encode(token_hash, 'hex') AS hash FROM won`,
      [
        all.map((c) => c.token.hash),
        day,
        rows.map((r) => r.tenantId),
        rows.map((r) => r.campaignId),
        rows.map((r) => r.targetId),
        rows.map((r) => r.group),
        rows.map((r) => r.grade),
        rows.map((r) => r.scores),
        rows.map((r) => r.value),
        rows.map((r) => r.hash),
        [...new Set(all.map((c) => c.campaign.id))],
        ...events.params,
      ],
    );
    const wonKeys = new Set(won.map((w) => w.hash));
    const winners = all.filter((c) => wonKeys.has(c.p.hash.toString('hex')));
    if (winners.length < all.length) {
      // A token lost a race (cast twice at once): its ballot was not written, and the events count it.
      // Replaced before commit, so no wrong event is ever published.
      await manager.query(`DELETE FROM outbox WHERE id = ANY($1::uuid[])`, [events.envelopes.map((e) => e.id)]);
      if (winners.length > 0) await this.outbox.addMany(manager, castOf(winners));
      // Only the losers get an error (built once per loser: an Error per ballot costs its stack trace).
      for (const c of all) if (!wonKeys.has(c.p.hash.toString('hex'))) outcomes.set(c.p, RpcError.conflict('该投票码已经投过票，不能重复投票'));
    }
    for (const { p } of winners) outcomes.set(p, { accepted: true, ratings: p.ratings.length });
    return outcomes;
  }
}
