import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface NewRound {
  id: string;
  tenantId: string;
  awardId: string;
  name: string;
  maxPicks: number;
  nominees: Array<{ id: string; name: string }>;
  createdBy: string;
}

export interface RoundOfToken {
  roundId: string;
  awardId: string;
  name: string;
  maxPicks: number;
  nominees: Array<{ id: string; name: string }>;
  status: 'open' | 'closed';
  voted: boolean;
}

/** The statements of 民主推荐: rounds, their tokens (hashes) and the running counts. */
@Injectable()
export class RecommendationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async exists(tenantId: string, awardId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM recommendation_rounds WHERE tenant_id = $1 AND award_id = $2`,
      [tenantId, awardId],
    );
    return rows.length > 0;
  }

  /** The round with a zero count for every nominee and the voters' tokens, in the transaction of `m`. */
  async insert(
    m: EntityManager,
    round: NewRound,
    tokens: Array<{ hash: Buffer; name: string; unitId: string; group: string }>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO recommendation_rounds (id, tenant_id, award_id, name, max_picks, nominees, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        round.id,
        round.tenantId,
        round.awardId,
        round.name,
        round.maxPicks,
        JSON.stringify(round.nominees),
        round.createdBy,
      ],
    );
    await m.query(
      `INSERT INTO recommendation_counts (round_id, target_id, tenant_id) SELECT $1, t, $2 FROM unnest($3::uuid[]) AS t`,
      [round.id, round.tenantId, round.nominees.map((n) => n.id)],
    );
    await m.query(
      `INSERT INTO recommendation_tokens (token_hash, tenant_id, round_id, name, unit_id, voter_group)
       SELECT h, $1, $2, n, u, g FROM unnest($3::bytea[], $4::text[], $5::uuid[], $6::text[]) AS v(h, n, u, g)`,
      [
        round.tenantId,
        round.id,
        tokens.map((t) => t.hash),
        tokens.map((t) => t.name),
        tokens.map((t) => t.unitId),
        tokens.map((t) => t.group),
      ],
    );
  }

  /** The round a token belongs to, and whether the token is used. */
  async ofToken(hash: Buffer): Promise<RoundOfToken | null> {
    const [row]: RoundOfToken[] = await this.dataSource.query(
      `SELECT r.id AS "roundId", r.award_id AS "awardId", r.name, r.max_picks AS "maxPicks", r.nominees, r.status, t.voted
         FROM recommendation_tokens t JOIN recommendation_rounds r ON r.id = t.round_id WHERE t.token_hash = $1`,
      [hash],
    );
    return row ?? null;
  }

  /**
   * Uses the token and adds its picks, in one transaction: false when the token was used (or the round
   * closed) meanwhile. The round's row is locked first, so a close waits for the casts under way.
   */
  cast(hash: Buffer, roundId: string, picks: string[]): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const [round]: Array<{ status: string }> = await m.query(
        `SELECT status FROM recommendation_rounds WHERE id = $1 FOR UPDATE`,
        [roundId],
      );
      if (round?.status !== 'open') return false;
      // An UPDATE answers [rows, count].
      const [, used]: [unknown[], number] = await m.query(
        `UPDATE recommendation_tokens SET voted = true, voted_on = current_date WHERE token_hash = $1 AND NOT voted`,
        [hash],
      );
      if (used === 0) return false;
      await m.query(
        `UPDATE recommendation_counts SET picks = picks + 1 WHERE round_id = $1 AND target_id = ANY ($2::uuid[])`,
        [roundId, picks],
      );
      await m.query(`UPDATE recommendation_rounds SET ballots = ballots + 1 WHERE id = $1`, [roundId]);
      return true;
    });
  }

  /** Closes the award's round (once) and reads its counts; null when the award has no round. */
  async close(
    tenantId: string,
    awardId: string,
  ): Promise<{ ballots: number; counts: Array<{ targetId: string; picks: number }> } | null> {
    return this.dataSource.transaction(async (m) => {
      const [[round]]: [Array<{ id: string; ballots: number }>, number] = await m.query(
        `UPDATE recommendation_rounds SET status = 'closed', closed_on = coalesce(closed_on, current_date)
          WHERE tenant_id = $1 AND award_id = $2 RETURNING id, ballots`,
        [tenantId, awardId],
      );
      if (!round) return null;
      // A cast used its token and added its picks in one transaction, so until now a count row's
      // xmin named the transaction of the last token that picked it. Rewritten here, every token and
      // count of the round carries this one transaction's id: none leads from a voter to a pick.
      await m.query(`UPDATE recommendation_tokens SET voted = voted WHERE round_id = $1`, [round.id]);
      await m.query(`UPDATE recommendation_counts SET picks = picks WHERE round_id = $1`, [round.id]);
      const counts: Array<{ targetId: string; picks: number }> = await m.query(
        `SELECT target_id AS "targetId", picks FROM recommendation_counts WHERE round_id = $1 ORDER BY target_id`,
        [round.id],
      );
      return { ballots: round.ballots, counts };
    });
  }
}
