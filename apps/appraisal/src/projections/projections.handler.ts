import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import { ProjectionsRepository } from './projections.repository';

/**
 * What the appraisal service needs from the others beside the roster projection (the cadres, who is
 * in a cycle's units: RosterProjectionModule), built from their events only: political verdicts (the
 * gate on an `excellent` grade), signed task lists (who still owes a commitment; their tasks, which a
 * wartime record may follow) and democratic
 * results (闻).
 */
@Injectable()
export class ProjectionsHandler {
  constructor(private readonly projections: ProjectionsRepository) {}

  @OnEvent('checklists.political.verdict_changed')
  async verdictChanged(event: EventOf<'checklists.political.verdict_changed'>, manager: EntityManager): Promise<void> {
    const v = event.data;
    await this.projections.upsertVerdict(manager, event.tenantId, v.cadreId, v.to);
  }

  @OnEvent('checklists.tasklist.signed')
  async taskListSigned(event: EventOf<'checklists.tasklist.signed'>, manager: EntityManager): Promise<void> {
    const s = event.data;
    await this.projections.addSignedTaskList(manager, event.tenantId, s.cadreId, s.year);
    await this.projections.upsertTasks(manager, event.tenantId, s);
  }

  /** The payload is the campaign's whole current result: replace what is held. */
  @OnEvent('review.results.updated')
  async resultsUpdated(event: EventOf<'review.results.updated'>, manager: EntityManager): Promise<void> {
    const r = event.data;
    if (r.subject !== 'cadre') return;
    // A suppressed cadre (fewer ballots than the tenant's minGroupSize, v2) has no democratic result
    // for the listen step; v1 entries were all shown.
    const shown = r.results.filter(
      (x) => !('suppressed' in x && x.suppressed) && x.excellentRate !== null && x.gradeCounts !== null,
    );
    await this.projections.replaceDemocraticResults(manager, event.tenantId, r, shown);
  }
}
