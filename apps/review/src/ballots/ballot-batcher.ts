import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BallotRatingInput, CampaignSubject, ReviewItemView } from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { PLATFORM_CONFIG } from '@cadre/platform';
import { ballotValue } from '../results/results';
import type { ReviewConfig } from '../config/review.config';
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
    @InjectDataSource() private readonly dataSource: DataSource,
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
      outcomes = (await this.writeAtOnce(batch)) ?? (await this.outbox.transaction((manager) => this.apply(manager, batch)));
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
  private async check(query: (sql: string, params: unknown[]) => Promise<any>, batch: PendingCast[], lockCycles: boolean): Promise<{ outcomes: Outcomes; all: Candidate[] }> {
    const outcomes: Outcomes = new Map();
    const ratedIds = [...new Set(batch.flatMap((p) => p.ratings.map((r) => r.targetId)))];
    const [read]: Array<{ tokens: Array<Omit<TokenRow, 'hash'> & { hash: string }>; campaigns: CampaignRow[]; targets: Array<{ id: string; unitId: string; name: string }> }> = await query(
      `WITH t AS (
              SELECT token_hash, tenant_id, campaign_id, unit_id, voter_group, voted FROM voter_tokens WHERE token_hash = ANY($1::bytea[])),
            c AS (
              SELECT c.id, c.tenant_id, c.cycle_id, c.subject, c.items, c.target_ids, cy.status
                FROM campaigns c JOIN cycles cy ON cy.id = c.cycle_id WHERE c.id IN (SELECT campaign_id FROM t)${lockCycles ? ' FOR SHARE OF cy' : ''}),
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
    const { outcomes, all } = await this.check((sql, params) => this.dataSource.query(sql, params), batch, false);
    if (all.length === 0) return outcomes;
    const write = this.batchWrite(all, castDay(), true);
    const [{ written }]: Array<{ written: boolean }> = await this.dataSource.query(write.sql, write.params);
    if (!written) return null;
    for (const { p } of all) outcomes.set(p, { accepted: true, ratings: p.ratings.length });
    return outcomes;
  }

  /** The batch in a transaction: each candidate that loses a race gets its 409, the others are written. */
  private async apply(manager: EntityManager, batch: PendingCast[]): Promise<Outcomes> {
    const { outcomes, all } = await this.check((sql, params) => manager.query(sql, params), batch, true);
    if (all.length === 0) return outcomes;
    const day = castDay();
    const write = this.batchWrite(all, day, false);
    const won: Array<{ hash: string }> = await manager.query(write.sql, write.params);
    const wonKeys = new Set(won.map((w) => w.hash));
    const winners = all.filter((c) => wonKeys.has(c.p.hash.toString('hex')));
    if (winners.length < all.length) {
      // A token lost a race (cast twice at once): its ballot was not written. Only the losers get an
      // error (built once per loser: an Error per ballot costs its stack trace).
      for (const c of all) if (!wonKeys.has(c.p.hash.toString('hex'))) outcomes.set(c.p, RpcError.conflict('该投票码已经投过票，不能重复投票'));
    }
    for (const { p } of winners) outcomes.set(p, { accepted: true, ratings: p.ratings.length });
    return outcomes;
  }

  /**
   * One statement that writes the batch:
   * - `won`, the one place a token is used: a token already used, here or by a concurrent batch, is not
   *   returned (409). Tokens are locked in hash order (two batches holding the same tokens cannot
   *   deadlock) before anything is written. `allOrNothing` (outside a transaction): the open cycles are
   *   locked first, and nothing is written unless every candidate's token is free;
   * - the winners' ratings, inserted in the shuffled order (ORDER BY the position in it), each with its
   *   token's hash as a parameter only to leave out a race loser's — the hash is not written;
   * - the campaigns marked for the results publisher, in id order like every batch (NO KEY: the ballots'
   *   foreign key takes KEY SHARE on the campaigns; FOR UPDATE would deadlock). Marked and locked even
   *   when already marked: a campaign skipped because this statement's snapshot saw it marked could be
   *   claimed by the publisher meanwhile, its ratings read before this batch commits, and the batch's
   *   ballots left out of the published results for good (found by the province bench: 46 of 150,000
   *   casts missing after the last ballot). The lock makes the publisher's claim skip the campaign until
   *   the batch has committed.
   */
  private batchWrite(all: Candidate[], day: string, allOrNothing: boolean): { sql: string; params: unknown[] } {
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
    const free = allOrNothing
      ? `cy AS (SELECT id FROM cycles WHERE id = ANY($12::uuid[]) AND status = 'open' ORDER BY id FOR SHARE),
            free AS (
              SELECT token_hash FROM voter_tokens
               WHERE token_hash = ANY($1::bytea[]) AND NOT voted AND campaign_id IN (SELECT id FROM campaigns WHERE cycle_id IN (SELECT id FROM cy))
               ORDER BY token_hash FOR NO KEY UPDATE),
            go AS (SELECT count(*) = cardinality($1::bytea[]) AS ok FROM free),
            won AS (
              UPDATE voter_tokens SET voted = true, voted_on = $2
               WHERE token_hash IN (SELECT token_hash FROM free) AND (SELECT ok FROM go)
               RETURNING token_hash)`
      : `won AS (
              UPDATE voter_tokens SET voted = true, voted_on = $2
               WHERE token_hash IN (SELECT token_hash FROM voter_tokens WHERE token_hash = ANY($1::bytea[]) AND NOT voted ORDER BY token_hash FOR NO KEY UPDATE)
               RETURNING token_hash)`;
    return {
      sql: `WITH ${free},
            ballots_written AS (
              INSERT INTO ballots (tenant_id, campaign_id, target_id, voter_group, grade, scores, value, cast_on)
              SELECT t, c, tg, g, gr, s, v, $2
                FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::jsonb[], $9::numeric[], $10::bytea[]) WITH ORDINALITY AS x(t, c, tg, g, gr, s, v, h, ord)
               WHERE h IN (SELECT token_hash FROM won)
               ORDER BY ord),
            dirty AS (
              UPDATE campaigns SET results_dirty = true
               WHERE id IN (SELECT id FROM campaigns WHERE id = ANY($11::uuid[]) AND EXISTS (SELECT 1 FROM won) ORDER BY id FOR NO KEY UPDATE))
       ${allOrNothing ? 'SELECT ok AS written FROM go' : `SELECT encode(token_hash, 'hex') AS hash FROM won`}`,
      params: [
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
        ...(allOrNothing ? [[...new Set(all.map((c) => c.campaign.cycleId))]] : []),
      ],
    };
  }
}
