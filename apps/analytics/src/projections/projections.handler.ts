import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf, EventType } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import { CycleSnapshotService } from '../ranking/cycle-snapshot.service';
import { CalibrationService } from '../calibration/calibration.service';
import { RecordsService } from '../records/records.service';
import { RecomputeScheduler } from '../ranking/recompute.scheduler';
import { wartimePoints } from '../ranking/composite';
import { DossierSourcesRepository } from '../dossier/dossier-sources.repository';
import { ProjectionsRepository } from './projections.repository';

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
  constructor(
    private readonly recompute: RecomputeScheduler,
    private readonly projections: ProjectionsRepository,
    private readonly snapshots: CycleSnapshotService,
    private readonly records: RecordsService,
    private readonly calibration: CalibrationService,
    private readonly sources: DossierSourcesRepository,
  ) {}

  @OnEvent('checklists.political.verdict_changed')
  async verdict(event: EventOf<'checklists.political.verdict_changed'>, m: EntityManager): Promise<void> {
    const v = event.data;
    await this.projections.upsertVerdict(m, event.tenantId, v.cadreId, v.to, v.dimensions, event.occurredAt);
    // The gate (首关不过) applies to every cycle's ranking: all of the tenant's not yet closed are
    // recomputed, and a closed one whose snapshot the verdict still enters (it occurred by the close).
    await this.recompute.markTenant(m, event);
    await this.recompute.mark(m, event, await this.snapshots.lateVerdict(m, event, v.cadreId, v.to));
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

  /** "analytics recomputes on close": the final ranking of the cycle, from its snapshot frozen now. */
  @OnEvent('appraisal.cycle.closed')
  closed(event: EventOf<'appraisal.cycle.closed'>, m: EntityManager) {
    return this.cycle(event, m, () => this.snapshots.closed(m, event, event.data.id));
  }

  /** The recompute this marks ranks the cycle a last time and seals it (RecordsService). */
  @OnEvent('appraisal.cycle.published')
  async published(event: EventOf<'appraisal.cycle.published'>, m: EntityManager): Promise<void> {
    await this.cycle(event, m, () => this.snapshots.published(m, event, event.data.id));
    await this.records.published(m, event);
    await this.calibration.published(m, event);
  }

  @OnEvent('appraisal.step.recorded')
  async step(event: EventOf<'appraisal.step.recorded'>, m: EntityManager): Promise<void> {
    const s = event.data;
    if (s.step === 'ask' && s.problems) {
      await this.sources.upsertAskProblems(m, event.tenantId, s.cycleId, s.cadreId, s.problems);
      return;
    }
    if (s.step !== 'apply' || !s.result) return;
    const r = s.result;
    await this.projections.upsertApplyResult(m, event.tenantId, s.cycleId, s.cadreId, r);
    await this.recompute.mark(m, event, [s.cycleId]);
  }

  @OnEvent('appraisal.wartime.recorded')
  async wartime(event: EventOf<'appraisal.wartime.recorded'>, m: EntityManager): Promise<void> {
    const w = event.data;
    await this.projections.insertWartime(m, event.tenantId, w, wartimePoints(w));
    // The random cycle itself, and the half-yearly cycle whose half the record falls in.
    const affected = await this.projections.cycleAndPeriodicOf(
      m,
      event.tenantId,
      w.cycleId,
      Number(w.date.slice(0, 4)),
      Number(w.date.slice(5, 7)) <= 6 ? 1 : 2,
    );
    await this.recompute.mark(m, event, affected);
  }

  @OnEvent('appraisal.group.updated')
  async group(event: EventOf<'appraisal.group.updated'>, m: EntityManager): Promise<void> {
    const g = event.data;
    await this.projections.replaceAssignments(m, event.tenantId, g.groupId, g.assessorUserIds, g.cadreIds);
  }

  /** The payload is the campaign's whole current result: replace what is held. */
  @OnEvent('review.results.updated')
  async results(event: EventOf<'review.results.updated'>, m: EntityManager): Promise<void> {
    const r = event.data;
    // A snapshot older than the one held (fewer ballots cast; the same count, published earlier) is
    // one redelivered after a newer one was applied: keep the newer.
    if (
      !(await this.projections.takeDemocraticSnapshot(
        m,
        event.tenantId,
        r.campaignId,
        r.participation.cast,
        event.occurredAt,
      ))
    )
      return;
    // A suppressed target (fewer ballots than the tenant's minGroupSize, v2) has no democratic result:
    // no row, so no part, composite, dossier line or award ever rests on it. v1 entries were all shown.
    const shown = r.results.filter((x) => !('suppressed' in x && x.suppressed) && x.excellentRate !== null);
    await this.projections.replaceDemocratic(m, event.tenantId, r, shown);
    // Cadres' results move their composites; a team's or a unit's (bottom-up) move the team rows.
    await this.recompute.mark(m, event, [r.cycleId]);
  }

  private async taskScore(
    m: EntityManager,
    event: Pick<EventOf<EventType>, 'tenantId' | 'occurredAt'>,
    cadreId: string,
    year: number,
    completion: number,
    signed: boolean,
    overdue = 0,
  ): Promise<void> {
    await this.projections.upsertTaskScore(m, event.tenantId, { cadreId, year, completion, signed, overdue });
    await this.recompute.mark(m, event, [
      ...(await this.projections.periodicCyclesOf(m, event.tenantId, year)),
      ...(await this.snapshots.lateTask(m, event, cadreId, year, completion)),
    ]);
  }

  /**
   * Every cycle event also marks the cycle: inputs (steps, results, tasks) may arrive before the
   * cycle itself — other aggregates, no order between them — and are ranked once it is known.
   * `freeze` (close, publish) runs between: the recompute it marks reads the snapshot.
   */
  private async cycle(event: CycleEvent, m: EntityManager, freeze?: () => Promise<void>): Promise<void> {
    const c = event.data;
    await this.projections.upsertCycle(m, event.tenantId, c);
    if (freeze) await freeze();
    await this.recompute.mark(m, event, [c.id]);
  }
}
