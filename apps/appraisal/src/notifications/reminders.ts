import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { REVIEW_REQUESTS, RequestContext } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { offsetKey } from '../cycles/cycle-rules';
import type { CycleRow } from '../cycles/cycles.service';
import { Deliveries } from './deliveries';
import { NewNotification, NotificationsRepository } from './notifications.repository';

/** How long the reminder waits for review to say who has not voted before going on without it. */
const PENDING_VOTERS_TIMEOUT_MS = 15_000;

function hoursLeft(closesAt: Date): string {
  const hours = Math.max(0, (closesAt.getTime() - Date.now()) / 3_600_000);
  return hours >= 48 ? `${Math.round(hours / 24)} 天` : `${Math.max(1, Math.round(hours))} 小时`;
}

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly deliveries: Deliveries,
    private readonly rpc: ServiceClient,
  ) {}

  async remind(cycle: CycleRow, offsetHours: number): Promise<{ assessors: number; voters: number; cadres: number }> {
    const key = (who: string) => `remind-${cycle.id}-${offsetKey(offsetHours)}-${who}`;
    const left = hoursLeft(cycle.closesAt);
    const items: NewNotification[] = [];

    if (cycle.kind === 'periodic') {
      for (const a of await this.assessorsBehind(cycle)) {
        items.push({
          userId: a.userId,
          kind: 'step_reminder',
          title: `【${cycle.name}】考核记录待完成`,
          body: `距考核周期关闭还有约 ${left}，您负责的 ${a.cadres} 名干部的望闻问切记录尚未完成，请及时填写。`,
          cycleId: cycle.id,
          dedupeKey: key(`assessor-${a.userId}`),
        });
      }
      for (const cadreId of await this.unsignedTaskLists(cycle)) {
        items.push({
          cadreId,
          kind: 'tasklist_reminder',
          title: `【${cycle.name}】${cycle.year} 年任务清单尚未签署`,
          body: `距考核周期关闭还有约 ${left}，您 ${cycle.year} 年的任务清单尚未签署承诺书，请尽快完成审核与签署。`,
          cycleId: cycle.id,
          dedupeKey: key(`cadre-${cadreId}`),
        });
      }
    }
    const voters = await this.votersPending(cycle);
    for (const userId of voters) {
      items.push({
        userId,
        kind: 'ballot_reminder',
        title: `【${cycle.name}】民主测评待投票`,
        body: `距考核周期关闭还有约 ${left}，您还有尚未提交的测评票，请使用收到的测评链接完成投票。`,
        cycleId: cycle.id,
        dedupeKey: key(`voter-${userId}`),
      });
    }

    const channels = await this.deliveries.enabledChannels(cycle.tenantId);
    const created = await this.dataSource.transaction((m) => this.notifications.insert(m, cycle.tenantId, items, channels));
    // Also those left pending by a run that died before queueing them.
    await this.deliveries.queuePending(cycle.tenantId, cycle.id);
    const counts = { assessors: items.filter((i) => i.kind === 'step_reminder').length, voters: voters.length, cadres: items.filter((i) => i.kind === 'tasklist_reminder').length };
    this.logger.log(`cycle ${cycle.id} reminder ${offsetHours} h before close: ${created.length} new notifications (${JSON.stringify(counts)})`);
    return counts;
  }

  private assessorsBehind(cycle: CycleRow): Promise<Array<{ userId: string; cadres: number }>> {
    return this.dataSource.query(
      `SELECT a.user_id AS "userId", count(DISTINCT c.id)::int AS cadres
         FROM cadres c
         JOIN assessment_groups g ON g.tenant_id = c.tenant_id AND c.id = ANY (g.cadre_ids)
         CROSS JOIN LATERAL unnest(g.assessor_user_ids) AS a(user_id)
         LEFT JOIN appraisals ap ON ap.cycle_id = $2 AND ap.cadre_id = c.id
        WHERE c.tenant_id = $1 AND c.status = 'active' AND ($3::uuid[] IS NULL OR c.unit_id = ANY ($3))
          AND coalesce(cardinality(ap.completed_steps), 0) < 4
        GROUP BY a.user_id ORDER BY a.user_id`,
      [cycle.tenantId, cycle.id, cycle.unitIds],
    );
  }

  private async unsignedTaskLists(cycle: CycleRow): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT c.id FROM cadres c
        WHERE c.tenant_id = $1 AND c.status = 'active' AND ($2::uuid[] IS NULL OR c.unit_id = ANY ($2))
          AND NOT EXISTS (SELECT 1 FROM signed_task_lists s WHERE s.tenant_id = c.tenant_id AND s.cadre_id = c.id AND s.year = $3)
        ORDER BY c.id`,
      [cycle.tenantId, cycle.unitIds, cycle.year],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Platform users among the voters who have not voted. Review being away must not stop the other
   * reminders: it is logged and those voters are reminded at the next reminder time.
   */
  private async votersPending(cycle: CycleRow): Promise<string[]> {
    const ctx: RequestContext = { requestId: randomUUID(), tenantId: cycle.tenantId, userId: '00000000-0000-0000-0000-000000000000', username: 'appraisal-reminders', roles: ['org_officer'] };
    try {
      const view = await this.rpc.request(REVIEW_REQUESTS.pendingVoters, { cycleId: cycle.id }, ctx, PENDING_VOTERS_TIMEOUT_MS);
      return [...new Set(view.voters.map((v) => v.userId).filter((u): u is string => !!u))].sort();
    } catch (err) {
      this.logger.warn(`cycle ${cycle.id}: could not ask review who has not voted (${(err as Error).message}); voters are not reminded this time`);
      return [];
    }
  }
}
