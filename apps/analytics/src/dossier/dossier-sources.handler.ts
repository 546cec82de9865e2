import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import { DossierSourcesRepository } from './dossier-sources.repository';

/**
 * The dossier's projections of the 责任清单 and of two-way review's rectification items: nothing is
 * ranked on them, so no cycle is marked. (The 问 step's problems and a team's 切 text arrive with
 * events other handlers own: ProjectionsHandler.step and TeamRankingService.applied write them here.)
 */
@Injectable()
export class DossierSourcesHandler {
  constructor(private readonly sources: DossierSourcesRepository) {}

  @OnEvent('checklists.responsibility.updated')
  responsibility(event: EventOf<'checklists.responsibility.updated'>, m: EntityManager) {
    return this.sources.upsertResponsibility(m, event.tenantId, event.data, event.occurredAt);
  }

  @OnEvent('review.rectification.overdue')
  overdue(event: EventOf<'review.rectification.overdue'>, m: EntityManager) {
    return this.sources.rectificationOverdue(m, event.tenantId, event.data);
  }

  @OnEvent('review.rectification.done')
  done(event: EventOf<'review.rectification.done'>, m: EntityManager) {
    return this.sources.rectificationDone(m, event.tenantId, event.data);
  }
}
