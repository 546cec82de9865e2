import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_COMPOSITE_WEIGHTS, DEFAULT_TEAM_COMPOSITE_WEIGHTS } from '@cadre/contracts';
import type { EventEnvelope } from '@cadre/contracts';
import { CycleSnapshotRepository } from './cycle-snapshot.repository';
import { takesLateInput } from './cycle-snapshot-rules';

type Event = Pick<EventEnvelope, 'tenantId' | 'occurredAt'>;

/**
 * Results as of their cycle (docs/records.md). At close the cycle's inputs are frozen: per cadre of
 * its units the unit, team, team role, field, status, verdict and task completion, and the weights in
 * force (the cadres' and the teams'). A closed or published cycle is ranked from that snapshot (RankingService.recompute), so no
 * later transfer, retirement, verdict, task report or weight change moves it; only a roster change,
 * verdict or task report that occurred by the close but arrived after it still enters, until the
 * cycle is published.
 * Each method runs in the event's transaction.
 */
@Injectable()
export class CycleSnapshotService {
  constructor(private readonly repository: CycleSnapshotRepository) {}

  /** appraisal.cycle.closed: the freeze; a redelivered close finds it taken and changes nothing. */
  async closed(m: EntityManager, event: Event, cycleId: string): Promise<void> {
    await this.repository.freeze(
      m,
      event.tenantId,
      cycleId,
      event.occurredAt,
      DEFAULT_COMPOSITE_WEIGHTS,
      DEFAULT_TEAM_COMPOSITE_WEIGHTS,
      'close',
    );
  }

  /**
   * appraisal.cycle.published: frozen already by its close as a rule (a cycle closed before the upgrade
   * was frozen by the migration); frozen now if neither happened. From now on nothing late enters.
   */
  async published(m: EntityManager, event: Event, cycleId: string): Promise<void> {
    await this.repository.freeze(
      m,
      event.tenantId,
      cycleId,
      event.occurredAt,
      DEFAULT_COMPOSITE_WEIGHTS,
      DEFAULT_TEAM_COMPOSITE_WEIGHTS,
      'publish',
    );
    await this.repository.markPublished(m, event.tenantId, cycleId, event.occurredAt);
  }

  /** A verdict that occurred by a cycle's close: into its snapshot. Returns the cycles to re-rank. */
  async lateVerdict(m: EntityManager, event: Event, cadreId: string, verdict: string): Promise<string[]> {
    const at = new Date(event.occurredAt);
    const held = await this.repository.heldUnpublished(m, event.tenantId, cadreId);
    const cycleIds = held.filter((h) => takesLateInput({ ...h, heldAt: h.verdictAt }, at)).map((h) => h.cycleId);
    if (cycleIds.length > 0)
      await this.repository.setVerdict(m, event.tenantId, cadreId, cycleIds, verdict, event.occurredAt);
    return cycleIds;
  }

  /**
   * A roster change (the projection has just applied it) that occurred by a cycle's close: the
   * cadre's unit, team, role, field and status in its snapshot become the new ones. Returns the cycles
   * to re-rank.
   */
  async lateRoster(m: EntityManager, event: Event, cadreId: string): Promise<string[]> {
    const at = new Date(event.occurredAt);
    const held = await this.repository.heldRoster(m, event.tenantId, cadreId);
    const cycleIds = held.filter((h) => takesLateInput({ ...h, heldAt: h.rosterAt }, at)).map((h) => h.cycleId);
    if (cycleIds.length > 0)
      await this.repository.refreshRoster(m, event.tenantId, cadreId, cycleIds, event.occurredAt);
    return cycleIds;
  }

  /** A task completion of `year` reported by the close of a half-year of it: into its snapshot. */
  async lateTask(m: EntityManager, event: Event, cadreId: string, year: number, completion: number): Promise<string[]> {
    const at = new Date(event.occurredAt);
    const held = await this.repository.heldUnpublished(m, event.tenantId, cadreId);
    const cycleIds = held
      .filter((h) => h.kind === 'periodic' && h.year === year && takesLateInput({ ...h, heldAt: h.taskAt }, at))
      .map((h) => h.cycleId);
    if (cycleIds.length > 0)
      await this.repository.setTask(m, event.tenantId, cadreId, cycleIds, completion, event.occurredAt);
    return cycleIds;
  }
}
