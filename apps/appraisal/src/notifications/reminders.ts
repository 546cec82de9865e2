import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { REVIEW_REQUESTS, RequestContext } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import type { CycleRow } from '../cycles/cycles.repository';
import { Deliveries } from './deliveries';
import { reminderItems } from './notification-rules';
import { NotificationsRepository } from './notifications.repository';

/** How long the reminder waits for review to say who has not voted before going on without it. */
const PENDING_VOTERS_TIMEOUT_MS = 15_000;

/**
 * Reminders before a cycle closes, to exactly those with unfinished work: assessors with cadres
 * whose four steps are incomplete, voters holding an unused token (review tells who, never how
 * anyone voted) and cadres whose task list for the year is not signed. One notification per person
 * and reminder time (the dedupe key), so a rerun of the job sends nobody a second one.
 */
@Injectable()
export class Reminders {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly deliveries: Deliveries,
    private readonly rpc: ServiceClient,
  ) {}

  async remind(cycle: CycleRow, offsetHours: number): Promise<{ assessors: number; voters: number; cadres: number }> {
    const now = Date.now();
    const periodic = cycle.kind === 'periodic';
    const assessors = periodic ? await this.notifications.assessorsBehind(cycle.tenantId, cycle.id, cycle.unitIds) : [];
    const unsignedCadreIds = periodic
      ? await this.notifications.unsignedTaskLists(cycle.tenantId, cycle.unitIds, cycle.year)
      : [];
    const voters = await this.votersPending(cycle);
    const items = reminderItems(cycle, offsetHours, { assessors, unsignedCadreIds, voters }, now);

    const channels = await this.deliveries.enabledChannels(cycle.tenantId);
    const created = await this.notifications.transaction((m) =>
      this.notifications.insert(m, cycle.tenantId, items, channels),
    );
    // Also those left pending by a run that died before queueing them.
    await this.deliveries.queuePending(cycle.tenantId, cycle.id);
    const counts = {
      assessors: items.filter((i) => i.kind === 'step_reminder').length,
      voters: voters.length,
      cadres: items.filter((i) => i.kind === 'tasklist_reminder').length,
    };
    this.logger.log(
      `cycle ${cycle.id} reminder ${offsetHours} h before close: ${created.length} new notifications (${JSON.stringify(counts)})`,
    );
    return counts;
  }

  /**
   * Platform users among the voters who have not voted. Review being away must not stop the other
   * reminders: it is logged and those voters are reminded at the next reminder time.
   */
  private async votersPending(cycle: CycleRow): Promise<string[]> {
    const ctx: RequestContext = {
      requestId: randomUUID(),
      tenantId: cycle.tenantId,
      userId: '00000000-0000-0000-0000-000000000000',
      username: 'appraisal-reminders',
      roles: ['org_officer'],
    };
    try {
      const view = await this.rpc.request(
        REVIEW_REQUESTS.pendingVoters,
        { cycleId: cycle.id },
        ctx,
        PENDING_VOTERS_TIMEOUT_MS,
      );
      return [...new Set(view.voters.map((v) => v.userId).filter((u): u is string => !!u))].sort();
    } catch (err) {
      this.logger.warn(
        `cycle ${cycle.id}: could not ask review who has not voted (${(err as Error).message}); voters are not reminded this time`,
      );
      return [];
    }
  }
}
