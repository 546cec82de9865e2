import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';

type CycleData = EventOf<
  'appraisal.cycle.scheduled' | 'appraisal.cycle.opened' | 'appraisal.cycle.closed' | 'appraisal.cycle.published'
>['data'];
type ApplyResult = NonNullable<EventOf<'appraisal.step.recorded'>['data']['result']>;
type WartimeData = EventOf<'appraisal.wartime.recorded'>['data'];

/** A democratic result as analytics holds it: one target of a campaign's current result. */
export interface DemocraticRow {
  targetId: string;
  ballots: number;
  excellentRate: number | null;
  score: number | null;
  /** Per template item (团结协作 `unity` …), when the result carries them. */
  itemScores?: Record<string, number>;
}

/**
 * Every statement of analytics' own projections (projections.handler.ts, roster.listener.ts), each in
 * the event's transaction (`m`) and each naming the tenant. The roster's cadres, units, teams and fields
 * are the roster projection's (libs/roster-projection).
 */
@Injectable()
export class ProjectionsRepository {
  /** The cadre's political verdict, unless a later one is held. */
  async upsertVerdict(
    m: EntityManager,
    tenantId: string,
    cadreId: string,
    verdict: string,
    dimensions: unknown,
    at: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO political (cadre_id, tenant_id, verdict, dimensions, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (cadre_id) DO UPDATE SET verdict = EXCLUDED.verdict, dimensions = EXCLUDED.dimensions, updated_at = EXCLUDED.updated_at
       WHERE political.updated_at <= EXCLUDED.updated_at`,
      [cadreId, tenantId, verdict, JSON.stringify(dimensions), at],
    );
    // Every verdict with when it occurred, whatever order they arrive in: the annual gate reads the one
    // in force at the year's end (annual/annual-rules.ts).
    await m.query(
      `INSERT INTO political_history (tenant_id, cadre_id, occurred_at, verdict) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cadre_id, occurred_at) DO UPDATE SET verdict = EXCLUDED.verdict`,
      [tenantId, cadreId, at, verdict],
    );
  }

  async upsertApplyResult(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    cadreId: string,
    r: ApplyResult,
  ): Promise<void> {
    await m.query(
      `INSERT INTO apply_results (cycle_id, cadre_id, tenant_id, score, grade, strengths, weaknesses, traits, suggestion) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (cycle_id, cadre_id) DO UPDATE SET score = EXCLUDED.score, grade = EXCLUDED.grade, strengths = EXCLUDED.strengths,
         weaknesses = EXCLUDED.weaknesses, traits = EXCLUDED.traits, suggestion = EXCLUDED.suggestion`,
      [cycleId, cadreId, tenantId, r.score, r.grade, r.strengths, r.weaknesses, r.traits, r.suggestion],
    );
  }

  /** A wartime record, once (a redelivery changes nothing). */
  async insertWartime(m: EntityManager, tenantId: string, w: WartimeData, points: number): Promise<void> {
    await m.query(
      `INSERT INTO wartime (record_id, tenant_id, cycle_id, cadre_id, date, volunteered, duty_hours, performance, points) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (record_id) DO NOTHING`,
      [w.recordId, tenantId, w.cycleId, w.cadreId, w.date, w.volunteered, w.dutyHours, w.performance, points],
    );
  }

  /** The cycle itself and the half-yearly cycle of `year`/`half`. */
  async cycleAndPeriodicOf(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    year: number,
    half: number,
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(
      `SELECT id FROM cycles WHERE tenant_id = $1 AND (id = $2 OR (kind = 'periodic' AND year = $3 AND half = $4))`,
      [tenantId, cycleId, year, half],
    );
    return rows.map((c) => c.id);
  }

  /** The half-yearly cycles of a year not frozen yet: a closed one ranks the completion as of its close. */
  async periodicCyclesOf(m: EntityManager, tenantId: string, year: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query(
      `SELECT id FROM cycles c WHERE tenant_id = $1 AND kind = 'periodic' AND year = $2
          AND NOT EXISTS (SELECT 1 FROM cycle_freezes f WHERE f.cycle_id = c.id)`,
      [tenantId, year],
    );
    return rows.map((c) => c.id);
  }

  /** A group's assignments, replaced by the group's current members. */
  async replaceAssignments(
    m: EntityManager,
    tenantId: string,
    groupId: string,
    assessorUserIds: string[],
    cadreIds: string[],
  ): Promise<void> {
    await m.query(`DELETE FROM assignments WHERE group_id = $1`, [groupId]);
    await m.query(
      `INSERT INTO assignments (group_id, tenant_id, assessor_user_id, cadre_id) SELECT $1, $2, a, c FROM unnest($3::uuid[]) a CROSS JOIN unnest($4::uuid[]) c`,
      [groupId, tenantId, assessorUserIds, cadreIds],
    );
  }

  /**
   * Takes a campaign's snapshot unless a newer one is held (more ballots cast; the same count, published
   * later): false when the held one is newer, and nothing changed.
   */
  async takeDemocraticSnapshot(
    m: EntityManager,
    tenantId: string,
    campaignId: string,
    cast: number,
    at: string,
  ): Promise<boolean> {
    const newer: unknown[] = await m.query(
      `INSERT INTO democratic_snapshots (campaign_id, tenant_id, cast_count, occurred_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (campaign_id) DO UPDATE SET cast_count = EXCLUDED.cast_count, occurred_at = EXCLUDED.occurred_at
        WHERE (democratic_snapshots.cast_count, democratic_snapshots.occurred_at) <= (EXCLUDED.cast_count, EXCLUDED.occurred_at)
       RETURNING campaign_id`,
      [campaignId, tenantId, cast, at],
    );
    return newer.length > 0;
  }

  /** The campaign's results, replaced by `shown` (the targets whose numbers may be shown). */
  async replaceDemocratic(
    m: EntityManager,
    tenantId: string,
    campaign: { campaignId: string; cycleId: string; subject: string; direction: string },
    shown: DemocraticRow[],
  ): Promise<void> {
    await m.query(`DELETE FROM democratic WHERE campaign_id = $1`, [campaign.campaignId]);
    if (shown.length === 0) return;
    await m.query(
      `INSERT INTO democratic (campaign_id, target_id, cycle_id, tenant_id, subject, direction, ballots, excellent_rate, score, item_scores)
         SELECT $1, t, $2, $3, $4, $5, b, e, s, i FROM unnest($6::uuid[], $7::int[], $8::float8[], $9::float8[], $10::jsonb[]) AS u(t, b, e, s, i)`,
      [
        campaign.campaignId,
        campaign.cycleId,
        tenantId,
        campaign.subject,
        campaign.direction,
        shown.map((x) => x.targetId),
        shown.map((x) => x.ballots),
        shown.map((x) => x.excellentRate),
        shown.map((x) => x.score),
        shown.map((x) => (x.itemScores ? JSON.stringify(x.itemScores) : null)),
      ],
    );
  }

  async upsertTaskScore(
    m: EntityManager,
    tenantId: string,
    score: { cadreId: string; year: number; completion: number; signed: boolean; overdue: number },
  ): Promise<void> {
    await m.query(
      `INSERT INTO task_scores (tenant_id, cadre_id, year, completion, signed, overdue) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (cadre_id, year) DO UPDATE SET completion = EXCLUDED.completion, signed = task_scores.signed OR EXCLUDED.signed, overdue = task_scores.overdue + EXCLUDED.overdue`,
      [tenantId, score.cadreId, score.year, score.completion, score.signed, score.overdue],
    );
  }

  async upsertCycle(m: EntityManager, tenantId: string, c: CycleData): Promise<void> {
    await m.query(
      `INSERT INTO cycles (id, tenant_id, kind, name, year, half, topic, status, opens_at, closes_at, unit_ids) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status, opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at, unit_ids = EXCLUDED.unit_ids`,
      [c.id, tenantId, c.kind, c.name, c.year, c.half, c.topic, c.status, c.opensAt, c.closesAt, c.unitIds],
    );
  }

  /** One version of a cadre in its history (the dossier's), a late one too. */
  async addCadreVersion(
    m: EntityManager,
    tenantId: string,
    version: { cadreId: string; versionNo: number; type: string; occurredAt: string; summary: unknown },
  ): Promise<void> {
    await m.query(
      `INSERT INTO cadre_history (cadre_id, version_no, tenant_id, type, occurred_at, summary) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [version.cadreId, version.versionNo, tenantId, version.type, version.occurredAt, JSON.stringify(version.summary)],
    );
  }
}
