import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf, EventType } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import { RecomputeScheduler } from '../ranking/recompute.scheduler';
import { PERFORMANCE_POINTS } from '../ranking/composite';

type CycleEvent = EventOf<
  'appraisal.cycle.scheduled' | 'appraisal.cycle.opened' | 'appraisal.cycle.closed' | 'appraisal.cycle.published'
>;

/**
 * Local copies of what every other service publishes, as far as comparative appraisal needs them;
 * the roster's are the roster projection (RosterProjectionModule, with RosterListener). Built from
 * events only, so an empty schema rebuilds them by replaying the stream. Each handler
 * that changes an input of a ranking marks the cycles it affects dirty, in the same transaction;
 * the recompute itself is a debounced job (RecomputeScheduler).
 */
@Injectable()
export class ProjectionsHandler {
  constructor(private readonly recompute: RecomputeScheduler) {}

  @OnEvent('checklists.political.verdict_changed')
  async verdict(event: EventOf<'checklists.political.verdict_changed'>, m: EntityManager): Promise<void> {
    const v = event.data;
    await m.query(
      `INSERT INTO political (cadre_id, tenant_id, verdict, dimensions, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (cadre_id) DO UPDATE SET verdict = EXCLUDED.verdict, dimensions = EXCLUDED.dimensions, updated_at = EXCLUDED.updated_at
       WHERE political.updated_at <= EXCLUDED.updated_at`,
      [v.cadreId, event.tenantId, v.to, JSON.stringify(v.dimensions), event.occurredAt],
    );
    // The gate (首关不过) applies to every cycle's ranking: all of the tenant's are recomputed.
    await this.recompute.markTenant(m, event);
  }

  @OnEvent('checklists.tasklist.signed')
  async signed(event: EventOf<'checklists.tasklist.signed'>, m: EntityManager): Promise<void> {
    const s = event.data;
    await this.taskScore(m, event, s.cadreId, s.year, s.completionScore, true);
  }

  @OnEvent('checklists.task.progressed')
  async progressed(event: EventOf<'checklists.task.progressed'>, m: EntityManager): Promise<void> {
    const t = event.data;
    await this.taskScore(m, event, t.cadreId, t.year, t.completionScore, false);
  }

  @OnEvent('checklists.task.overdue')
  async overdue(event: EventOf<'checklists.task.overdue'>, m: EntityManager): Promise<void> {
    const t = event.data;
    await this.taskScore(m, event, t.cadreId, t.year, t.completionScore, false, 1);
  }

  @OnEvent('appraisal.cycle.scheduled')
  scheduled(event: EventOf<'appraisal.cycle.scheduled'>, m: EntityManager) {
    return this.cycle(event, m);
  }

  @OnEvent('appraisal.cycle.opened')
  opened(event: EventOf<'appraisal.cycle.opened'>, m: EntityManager) {
    return this.cycle(event, m);
  }

  /** "analytics recomputes on close": the final ranking of the cycle. */
  @OnEvent('appraisal.cycle.closed')
  closed(event: EventOf<'appraisal.cycle.closed'>, m: EntityManager) {
    return this.cycle(event, m);
  }

  @OnEvent('appraisal.cycle.published')
  published(event: EventOf<'appraisal.cycle.published'>, m: EntityManager) {
    return this.cycle(event, m);
  }

  @OnEvent('appraisal.step.recorded')
  async step(event: EventOf<'appraisal.step.recorded'>, m: EntityManager): Promise<void> {
    const s = event.data;
    if (s.step !== 'apply' || !s.result) return;
    const r = s.result;
    await m.query(
      `INSERT INTO apply_results (cycle_id, cadre_id, tenant_id, score, grade, strengths, weaknesses, traits, suggestion) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (cycle_id, cadre_id) DO UPDATE SET score = EXCLUDED.score, grade = EXCLUDED.grade, strengths = EXCLUDED.strengths,
         weaknesses = EXCLUDED.weaknesses, traits = EXCLUDED.traits, suggestion = EXCLUDED.suggestion`,
      [s.cycleId, s.cadreId, event.tenantId, r.score, r.grade, r.strengths, r.weaknesses, r.traits, r.suggestion],
    );
    await this.recompute.mark(m, event, [s.cycleId]);
  }

  @OnEvent('appraisal.wartime.recorded')
  async wartime(event: EventOf<'appraisal.wartime.recorded'>, m: EntityManager): Promise<void> {
    const w = event.data;
    await m.query(
      `INSERT INTO wartime (record_id, tenant_id, cycle_id, cadre_id, date, volunteered, duty_hours, performance, points) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (record_id) DO NOTHING`,
      [
        w.recordId,
        event.tenantId,
        w.cycleId,
        w.cadreId,
        w.date,
        w.volunteered,
        w.dutyHours,
        w.performance,
        PERFORMANCE_POINTS[w.performance],
      ],
    );
    // The random cycle itself, and the half-yearly cycle whose half the record falls in.
    const affected: Array<{ id: string }> = await m.query(
      `SELECT id FROM cycles WHERE tenant_id = $1 AND (id = $2 OR (kind = 'periodic' AND year = $3 AND half = $4))`,
      [event.tenantId, w.cycleId, Number(w.date.slice(0, 4)), Number(w.date.slice(5, 7)) <= 6 ? 1 : 2],
    );
    await this.recompute.mark(
      m,
      event,
      affected.map((c) => c.id),
    );
  }

  @OnEvent('appraisal.group.updated')
  async group(event: EventOf<'appraisal.group.updated'>, m: EntityManager): Promise<void> {
    const g = event.data;
    await m.query(`DELETE FROM assignments WHERE group_id = $1`, [g.groupId]);
    await m.query(
      `INSERT INTO assignments (group_id, tenant_id, assessor_user_id, cadre_id) SELECT $1, $2, a, c FROM unnest($3::uuid[]) a CROSS JOIN unnest($4::uuid[]) c`,
      [g.groupId, event.tenantId, g.assessorUserIds, g.cadreIds],
    );
  }

  /** The payload is the campaign's whole current result: replace what is held. */
  @OnEvent('review.results.updated')
  async results(event: EventOf<'review.results.updated'>, m: EntityManager): Promise<void> {
    const r = event.data;
    // A snapshot older than the one held (fewer ballots cast; the same count, published earlier) is
    // one redelivered after a newer one was applied: keep the newer.
    const newer = await m.query(
      `INSERT INTO democratic_snapshots (campaign_id, tenant_id, cast_count, occurred_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (campaign_id) DO UPDATE SET cast_count = EXCLUDED.cast_count, occurred_at = EXCLUDED.occurred_at
        WHERE (democratic_snapshots.cast_count, democratic_snapshots.occurred_at) <= (EXCLUDED.cast_count, EXCLUDED.occurred_at)
       RETURNING campaign_id`,
      [r.campaignId, event.tenantId, r.participation.cast, event.occurredAt],
    );
    if (newer.length === 0) return;
    await m.query(`DELETE FROM democratic WHERE campaign_id = $1`, [r.campaignId]);
    // A suppressed target (fewer ballots than the tenant's minGroupSize, v2) has no democratic result:
    // no row, so no part, composite, dossier line or award ever rests on it. v1 entries were all shown.
    const shown = r.results.filter((x) => !('suppressed' in x && x.suppressed) && x.excellentRate !== null);
    if (shown.length > 0) {
      await m.query(
        `INSERT INTO democratic (campaign_id, target_id, cycle_id, tenant_id, subject, direction, ballots, excellent_rate, score)
         SELECT $1, t, $2, $3, $4, $5, b, e, s FROM unnest($6::uuid[], $7::int[], $8::float8[], $9::float8[]) AS u(t, b, e, s)`,
        [
          r.campaignId,
          r.cycleId,
          event.tenantId,
          r.subject,
          r.direction,
          shown.map((x) => x.targetId),
          shown.map((x) => x.ballots),
          shown.map((x) => x.excellentRate),
          shown.map((x) => x.score),
        ],
      );
    }
    if (r.subject === 'cadre') await this.recompute.mark(m, event, [r.cycleId]);
  }

  private async taskScore(
    m: EntityManager,
    event: Pick<EventOf<EventType>, 'tenantId'>,
    cadreId: string,
    year: number,
    completion: number,
    signed: boolean,
    overdue = 0,
  ): Promise<void> {
    await m.query(
      `INSERT INTO task_scores (tenant_id, cadre_id, year, completion, signed, overdue) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (cadre_id, year) DO UPDATE SET completion = EXCLUDED.completion, signed = task_scores.signed OR EXCLUDED.signed, overdue = task_scores.overdue + EXCLUDED.overdue`,
      [event.tenantId, cadreId, year, completion, signed, overdue],
    );
    const affected: Array<{ id: string }> = await m.query(
      `SELECT id FROM cycles WHERE tenant_id = $1 AND kind = 'periodic' AND year = $2`,
      [event.tenantId, year],
    );
    await this.recompute.mark(
      m,
      event,
      affected.map((c) => c.id),
    );
  }

  /**
   * Every cycle event also marks the cycle: inputs (steps, results, tasks) may arrive before the
   * cycle itself — other aggregates, no order between them — and are ranked once it is known.
   */
  private async cycle(event: CycleEvent, m: EntityManager): Promise<void> {
    const c = event.data;
    await m.query(
      `INSERT INTO cycles (id, tenant_id, kind, name, year, half, topic, status, opens_at, closes_at, unit_ids) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status, opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at, unit_ids = EXCLUDED.unit_ids`,
      [c.id, event.tenantId, c.kind, c.name, c.year, c.half, c.topic, c.status, c.opensAt, c.closesAt, c.unitIds],
    );
    await this.recompute.mark(m, event, [c.id]);
  }
}
