import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import { ReviewProjectionsRepository } from './review-projections.repository';

/**
 * The cycles, as far as review needs them, from appraisal's events only: ballots are taken only while
 * the cycle is open. Units (kind, for who rates whom in two-way review) and cadres (their unit, for
 * the own-unit rule; their name, for the ballot form) are the roster projection (RosterProjectionModule).
 */
@Injectable()
export class ProjectionsHandler {
  constructor(private readonly projections: ReviewProjectionsRepository) {}

  @OnEvent('appraisal.cycle.scheduled')
  cycleScheduled(event: EventOf<'appraisal.cycle.scheduled'>, manager: EntityManager) {
    return this.upsertCycle(event, manager);
  }

  @OnEvent('appraisal.cycle.opened')
  cycleOpened(event: EventOf<'appraisal.cycle.opened'>, manager: EntityManager) {
    return this.upsertCycle(event, manager);
  }

  @OnEvent('appraisal.cycle.closed')
  cycleClosed(event: EventOf<'appraisal.cycle.closed'>, manager: EntityManager) {
    return this.upsertCycle(event, manager);
  }

  @OnEvent('appraisal.cycle.published')
  cyclePublished(event: EventOf<'appraisal.cycle.published'>, manager: EntityManager) {
    return this.upsertCycle(event, manager);
  }

  /** The newer status wins (the repository's upsert); the cycle's closing marks its campaigns' results due. */
  private async upsertCycle(
    event: EventOf<
      'appraisal.cycle.scheduled' | 'appraisal.cycle.opened' | 'appraisal.cycle.closed' | 'appraisal.cycle.published'
    >,
    manager: EntityManager,
  ): Promise<void> {
    const c = event.data;
    const before = await this.projections.lockCycleStatus(event.tenantId, c.id, manager);
    await this.projections.upsertCycle(event.tenantId, c, manager);
    // Closed now (whichever of closed/published arrives first): the campaigns' final results are due.
    // The results publisher shuffles their ballots and publishes them once (results.service.ts).
    const ended = (status: string | undefined) => status === 'closed' || status === 'published';
    if (before && !ended(before) && ended(c.status)) {
      await this.projections.markCycleCampaignsDirty(event.tenantId, c.id, manager);
    }
  }
}
