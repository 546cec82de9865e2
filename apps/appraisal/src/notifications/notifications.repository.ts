import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotificationKind } from '@cadre/contracts';

export interface NewNotification {
  userId?: string;
  cadreId?: string;
  kind: NotificationKind;
  title: string;
  body: string;
  cycleId: string | null;
  /** At most one notification per tenant and key: the same reminder twice is a no-op. */
  dedupeKey: string;
}

/**
 * Writes in-app notifications, and a pending delivery per enabled outside channel in the same
 * transaction — so a crash after the insert leaves the deliveries to be picked up, never forgotten.
 */
@Injectable()
export class NotificationsRepository {
  /** Inserts those not sent before; returns the ids of the new ones. */
  async insert(manager: EntityManager, tenantId: string, items: NewNotification[], channels: string[]): Promise<string[]> {
    if (items.length === 0) return [];
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO notifications (id, tenant_id, user_id, cadre_id, kind, title, body, cycle_id, dedupe_key)
       SELECT gen_random_uuid(), $1, u, c, k, t, b, $2, d
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(u, c, k, t, b, d)
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
}
