import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CampaignDirection, CampaignSubject, ReviewItemView } from '@cadre/contracts';

/** A voter token with its campaign and cycle, as the ballot form needs them. */
export interface BallotFormRow {
  voted: boolean;
  unitId: string;
  id: string;
  name: string;
  direction: CampaignDirection;
  subject: CampaignSubject;
  items: ReviewItemView[];
  targetIds: string[];
  cycleStatus: string;
}

/** A rated cadre or unit (a unit is its own unit). */
export interface BallotTargetRow {
  id: string;
  name: string;
  unitId: string;
}

/** A voter token as the batch check reads it (the hash hex-encoded, as json carries it). */
export interface BatchTokenRow {
  hash: string;
  tenantId: string;
  campaignId: string;
  unitId: string;
  group: string;
  voted: boolean;
}

export interface BatchCampaignRow {
  id: string;
  tenantId: string;
  cycleId: string;
  subject: CampaignSubject;
  items: ReviewItemView[];
  targetIds: string[];
  cycleStatus: string;
}

/** Everything the checks of a batch need, read in one round trip. */
export interface BatchRead {
  tokens: BatchTokenRow[];
  campaigns: BatchCampaignRow[];
  targets: BallotTargetRow[];
}

/** One rating to insert; `hash` is its token's, only to leave out a race loser's rating (not written). */
export interface BallotWriteRow {
  hash: Buffer;
  tenantId: string;
  campaignId: string;
  targetId: string;
  group: string;
  grade: string;
  scores: string | null;
  value: number;
  /** The voter's written opinion on a rated unit, trimmed; null for none. Written to ballot_opinions, not beside the rating. */
  opinion: string | null;
}

/** A batch to write: the candidates' tokens, the day they are used on, the ratings in shuffled order. */
export interface BallotBatchWrite {
  tokenHashes: Buffer[];
  day: string;
  /** Inserted in this order. */
  rows: BallotWriteRow[];
  campaignIds: string[];
  /** Only for the all-or-nothing write, which locks the open cycles first. */
  cycleIds?: string[];
}

/**
 * The ballot path's statements: the form's read, and the batch's one read and one write (see
 * BallotBatcher). Tokens are looked up by their hash alone — the voter has no tenant; each row read
 * carries its tenant, and every row written takes it from its token.
 */
@Injectable()
export class BallotsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findForm(tokenHash: Buffer): Promise<BallotFormRow | undefined> {
    const [row]: BallotFormRow[] = await this.dataSource.query(
      `SELECT t.voted, t.unit_id AS "unitId", c.id, c.name, c.direction, c.subject, c.items, c.target_ids AS "targetIds", cy.status AS "cycleStatus"
         FROM voter_tokens t JOIN campaigns c ON c.id = t.campaign_id JOIN cycles cy ON cy.id = c.cycle_id
        WHERE t.token_hash = $1`,
      [tokenHash],
    );
    return row;
  }

  /** The campaign's targets from the roster projection: cadres, units or teams by id. */
  findTargets(subject: CampaignSubject, targetIds: string[]): Promise<BallotTargetRow[]> {
    const statement = {
      cadre: `SELECT id, name, unit_id AS "unitId" FROM cadres WHERE id = ANY($1::uuid[])`,
      unit: `SELECT id, name, id AS "unitId" FROM units WHERE id = ANY($1::uuid[])`,
      team: `SELECT id, name, unit_id AS "unitId" FROM teams WHERE id = ANY($1::uuid[])`,
    }[subject];
    return this.dataSource.query(statement, [targetIds]);
  }

  /**
   * The batch's tokens, their campaigns and the rated targets in one round trip. `lockCycles` (in a
   * transaction, pass its manager): FOR SHARE on the cycles. Without a manager the read runs on the pool.
   */
  async readBatch(
    tokenHashes: Buffer[],
    ratedIds: string[],
    lockCycles: boolean,
    manager?: EntityManager,
  ): Promise<BatchRead> {
    const [read]: BatchRead[] = await (manager ?? this.dataSource).query(
      `WITH t AS (
              SELECT token_hash, tenant_id, campaign_id, unit_id, voter_group, voted FROM voter_tokens WHERE token_hash = ANY($1::bytea[])),
            c AS (
              SELECT c.id, c.tenant_id, c.cycle_id, c.subject, c.items, c.target_ids, cy.status
                FROM campaigns c JOIN cycles cy ON cy.id = c.cycle_id WHERE c.id IN (SELECT campaign_id FROM t)${lockCycles ? ' FOR SHARE OF cy' : ''}),
            g AS (
              SELECT id, unit_id, name FROM cadres WHERE id = ANY($2::uuid[])
              UNION ALL SELECT id, id AS unit_id, name FROM units WHERE id = ANY($2::uuid[])
              UNION ALL SELECT id, unit_id, name FROM teams WHERE id = ANY($2::uuid[]))
       SELECT (SELECT coalesce(json_agg(json_build_object('hash', encode(token_hash, 'hex'), 'tenantId', tenant_id, 'campaignId', campaign_id, 'unitId', unit_id, 'group', voter_group, 'voted', voted)), '[]') FROM t) AS tokens,
              (SELECT coalesce(json_agg(json_build_object('id', id, 'tenantId', tenant_id, 'cycleId', cycle_id, 'subject', subject, 'items', items, 'targetIds', target_ids, 'cycleStatus', status)), '[]') FROM c) AS campaigns,
              (SELECT coalesce(json_agg(json_build_object('id', id, 'unitId', unit_id, 'name', name)), '[]') FROM g) AS targets`,
      [tokenHashes, ratedIds],
    );
    return read;
  }

  /** The whole batch outside any transaction, all or nothing: true when written, false when nothing was. */
  async writeBatchAllOrNothing(batch: BallotBatchWrite): Promise<boolean> {
    const [{ written }]: Array<{ written: boolean }> = await this.dataSource.query(
      ALL_OR_NOTHING_WRITE,
      batchWriteParams(batch, true),
    );
    return written;
  }

  /** The batch in the caller's transaction: the hex hashes of the tokens that won (the others lost a race). */
  async writeBatch(batch: BallotBatchWrite, manager: EntityManager): Promise<string[]> {
    const won: Array<{ hash: string }> = await manager.query(RACING_WRITE, batchWriteParams(batch, false));
    return won.map((w) => w.hash);
  }
}

/**
 * One statement that writes the batch:
 * - `won`, the one place a token is used: a token already used, here or by a concurrent batch, is not
 *   returned (409). Tokens are locked in hash order (two batches holding the same tokens cannot
 *   deadlock) before anything is written. `allOrNothing` (outside a transaction): the open cycles are
 *   locked first, and nothing is written unless every candidate's token is free;
 * - the winners' ratings, inserted in the shuffled order (ORDER BY the position in it), each with its
 *   token's hash as a parameter only to leave out a race loser's — the hash is not written; their
 *   written opinions, in the same order, into ballot_opinions (campaign, target and text only);
 * - the campaigns marked for the results publisher, in id order like every batch (NO KEY: the ballots'
 *   foreign key takes KEY SHARE on the campaigns; FOR UPDATE would deadlock). Marked and locked even
 *   when already marked: a campaign skipped because this statement's snapshot saw it marked could be
 *   claimed by the publisher meanwhile, its ratings read before this batch commits, and the batch's
 *   ballots left out of the published results for good (found by the province bench: 46 of 150,000
 *   casts missing after the last ballot). The lock makes the publisher's claim skip the campaign until
 *   the batch has committed.
 */
function batchWriteSql(allOrNothing: boolean): string {
  const free = allOrNothing
    ? `cy AS (SELECT id FROM cycles WHERE id = ANY($13::uuid[]) AND status = 'open' ORDER BY id FOR SHARE),
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
  return `WITH ${free},
            ballots_written AS (
              INSERT INTO ballots (tenant_id, campaign_id, target_id, voter_group, grade, scores, value, cast_on)
              SELECT t, c, tg, g, gr, s, v, $2
                FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::jsonb[], $9::numeric[], $10::bytea[]) WITH ORDINALITY AS x(t, c, tg, g, gr, s, v, h, ord)
               WHERE h IN (SELECT token_hash FROM won)
               ORDER BY ord),
            opinions_written AS (
              INSERT INTO ballot_opinions (tenant_id, campaign_id, target_id, opinion)
              SELECT t, c, tg, op
                FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $10::bytea[], $11::text[]) WITH ORDINALITY AS x(t, c, tg, h, op, ord)
               WHERE h IN (SELECT token_hash FROM won) AND op IS NOT NULL
               ORDER BY ord),
            dirty AS (
              UPDATE campaigns SET results_dirty = true
               WHERE id IN (SELECT id FROM campaigns WHERE id = ANY($12::uuid[]) AND EXISTS (SELECT 1 FROM won) ORDER BY id FOR NO KEY UPDATE))
       ${allOrNothing ? 'SELECT ok AS written FROM go' : `SELECT encode(token_hash, 'hex') AS hash FROM won`}`;
}

function batchWriteParams(
  { tokenHashes, day, rows, campaignIds, cycleIds }: BallotBatchWrite,
  allOrNothing: boolean,
): unknown[] {
  return [
    tokenHashes,
    day,
    rows.map((r) => r.tenantId),
    rows.map((r) => r.campaignId),
    rows.map((r) => r.targetId),
    rows.map((r) => r.group),
    rows.map((r) => r.grade),
    rows.map((r) => r.scores),
    rows.map((r) => r.value),
    rows.map((r) => r.hash),
    rows.map((r) => r.opinion),
    campaignIds,
    ...(allOrNothing ? [cycleIds ?? []] : []),
  ];
}

/** Built once: the statements differ only by `allOrNothing`. */
const ALL_OR_NOTHING_WRITE = batchWriteSql(true);
const RACING_WRITE = batchWriteSql(false);
