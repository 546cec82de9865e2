import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { NotificationKind } from '@cadre/contracts';
import type { ChannelSettings } from './notification-rules';

export interface NewNotification {
  userId?: string;
  cadreId?: string;
  /** Every unit_leader of this unit (one notification they share, read state included). */
  leadersOfUnit?: string;
  kind: NotificationKind;
  title: string;
  body: string;
  cycleId: string | null;
  /** At most one notification per tenant and key: the same reminder twice is a no-op. */
  dedupeKey: string;
}

/** Whose inbox: a notification is the caller's when it names their user, or the cadre their account is. */
export interface Recipient {
  userId: string;
  cadreId: string | null;
  /** The unit the caller leads (role unit_leader), else null. */
  leaderOfUnit?: string | null;
}

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  cycleId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface InboxFilter {
  unread?: boolean;
  /** Keyset: notifications sorted by (created_at, id) descending, before this key. */
  before?: [string, string];
  limit: number;
}

/** The recipient's notifications (the statements' `$1`…`$4`: tenant, user, cadre, unit led). */
const MINE = `tenant_id = $1 AND (user_id = $2 OR ($3::uuid IS NOT NULL AND cadre_id = $3) OR ($4::uuid IS NOT NULL AND leaders_of_unit = $4))`;

const mine = (tenantId: string, to: Recipient): unknown[] => [tenantId, to.userId, to.cadreId, to.leaderOfUnit ?? null];

/**
 * The in-app notifications and the tenant's outside channels; every statement names the tenant.
 * Notifications are written with a pending delivery per enabled outside channel in the same
 * transaction — so a crash after the insert leaves the deliveries to be picked up, never forgotten.
 */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A transaction for writes that carry no event (notifications are not published). */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts those not sent before; returns the ids of the new ones. */
  async insert(
    manager: EntityManager,
    tenantId: string,
    items: NewNotification[],
    channels: string[],
  ): Promise<string[]> {
    if (items.length === 0) return [];
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO notifications (id, tenant_id, user_id, cadre_id, kind, title, body, cycle_id, dedupe_key, leaders_of_unit)
       SELECT gen_random_uuid(), $1, u, c, k, t, b, $2, d, l
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[]) AS x(u, c, k, t, b, d, l)
       ON CONFLICT (tenant_id, dedupe_key) DO NOTHING RETURNING id`,
      [
        tenantId,
        items[0].cycleId,
        items.map((i) => i.userId ?? null),
        items.map((i) => i.cadreId ?? null),
        items.map((i) => i.kind),
        items.map((i) => i.title),
        items.map((i) => i.body),
        items.map((i) => i.dedupeKey),
        items.map((i) => i.leadersOfUnit ?? null),
      ],
    );
    const ids = rows.map((r) => r.id);
    if (ids.length > 0 && channels.length > 0) {
      await manager.query(
        `INSERT INTO deliveries (notification_id, channel, tenant_id) SELECT n, ch, $1 FROM unnest($2::uuid[]) n CROSS JOIN unnest($3::text[]) ch`,
        [tenantId, ids, channels],
      );
    }
    return ids;
  }

  /** The recipient's notifications, the latest first. */
  inbox(tenantId: string, to: Recipient, filter: InboxFilter): Promise<NotificationRow[]> {
    const params: unknown[] = mine(tenantId, to);
    const where = [MINE];
    if (filter.unread) where.push('read_at IS NULL');
    if (filter.before)
      where.push(
        `(created_at, id) < ($${params.push(filter.before[0])}::timestamptz, $${params.push(filter.before[1])}::uuid)`,
      );
    return this.dataSource.query(
      `SELECT id, kind, title, body, cycle_id AS "cycleId", created_at AS "createdAt", read_at AS "readAt"
         FROM notifications WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${filter.limit}`,
      params,
    );
  }

  async unreadCount(tenantId: string, to: Recipient): Promise<number> {
    const [{ unread }]: Array<{ unread: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS unread FROM notifications WHERE ${MINE} AND read_at IS NULL`,
      mine(tenantId, to),
    );
    return unread;
  }

  /** Marks one (`id`) or all of the recipient's notifications read; returns how many are theirs. */
  async markRead(tenantId: string, to: Recipient, id?: string): Promise<number> {
    const params: unknown[] = mine(tenantId, to);
    const idFilter = id ? ` AND id = $${params.push(id)}` : '';
    const [, marked]: [unknown[], number] = await this.dataSource.query(
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE ${MINE}${idFilter}`,
      params,
    );
    return marked;
  }

  async channels(tenantId: string): Promise<ChannelSettings | null> {
    const [row]: ChannelSettings[] = await this.dataSource.query(
      `SELECT webhook, smtp FROM notification_channels WHERE tenant_id = $1`,
      [tenantId],
    );
    return row ?? null;
  }

  /** The channels as stored, locked until the transaction replaces them. */
  async channelsForUpdate(m: EntityManager, tenantId: string): Promise<ChannelSettings | null> {
    const [row]: ChannelSettings[] = await m.query(
      `SELECT webhook, smtp FROM notification_channels WHERE tenant_id = $1 FOR UPDATE`,
      [tenantId],
    );
    return row ?? null;
  }

  async putChannels(m: EntityManager, tenantId: string, webhook: object | null, smtp: object | null): Promise<void> {
    await m.query(
      `INSERT INTO notification_channels (tenant_id, webhook, smtp) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET webhook = EXCLUDED.webhook, smtp = EXCLUDED.smtp, updated_at = now()`,
      [tenantId, webhook ? JSON.stringify(webhook) : null, smtp ? JSON.stringify(smtp) : null],
    );
  }

  /** Assessors with active cadres of the cycle's units whose four steps are incomplete, and how many. */
  assessorsBehind(
    tenantId: string,
    cycleId: string,
    unitIds: string[] | null,
  ): Promise<Array<{ userId: string; cadres: number }>> {
    return this.dataSource.query(
      `SELECT a.user_id AS "userId", count(DISTINCT c.id)::int AS cadres
         FROM cadres c
         JOIN assessment_groups g ON g.tenant_id = c.tenant_id AND c.id = ANY (g.cadre_ids)
         CROSS JOIN LATERAL unnest(g.assessor_user_ids) AS a(user_id)
         LEFT JOIN appraisals ap ON ap.cycle_id = $2 AND ap.cadre_id = c.id
        WHERE c.tenant_id = $1 AND c.status = 'active' AND ($3::uuid[] IS NULL OR c.unit_id = ANY ($3))
          AND coalesce(cardinality(ap.completed_steps), 0) < 4
        GROUP BY a.user_id ORDER BY a.user_id`,
      [tenantId, cycleId, unitIds],
    );
  }

  /** Active cadres of the units whose task list for the year is not signed. */
  async unsignedTaskLists(tenantId: string, unitIds: string[] | null, year: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT c.id FROM cadres c
        WHERE c.tenant_id = $1 AND c.status = 'active' AND ($2::uuid[] IS NULL OR c.unit_id = ANY ($2))
          AND NOT EXISTS (SELECT 1 FROM signed_task_lists s WHERE s.tenant_id = c.tenant_id AND s.cadre_id = c.id AND s.year = $3)
        ORDER BY c.id`,
      [tenantId, unitIds, year],
    );
    return rows.map((r) => r.id);
  }
}
