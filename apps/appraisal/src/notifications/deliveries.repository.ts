import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NotificationKind } from '@cadre/contracts';
import type { SmtpSettings, WebhookSettings } from './channels';

export type DeliveryChannelName = 'webhook' | 'smtp';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryKey {
  notificationId: string;
  channel: DeliveryChannelName;
}

/** A delivery with its notification and the tenant's channels as they are now. */
export interface DeliveryRow {
  status: DeliveryStatus;
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  cycleId: string | null;
  userId: string | null;
  cadreId: string | null;
  createdAt: Date;
  webhook: WebhookSettings | null;
  smtp: SmtpSettings | null;
}

/** Deliveries of notifications through the outside channels; every statement names the tenant. */
@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The pending deliveries of the cycle's notifications. */
  pending(tenantId: string, cycleId: string): Promise<DeliveryKey[]> {
    return this.dataSource.query(
      `SELECT d.notification_id AS "notificationId", d.channel FROM deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.tenant_id = $1 AND n.cycle_id = $2 AND d.status = 'pending'`,
      [tenantId, cycleId],
    );
  }

  async find(tenantId: string, key: DeliveryKey): Promise<DeliveryRow | null> {
    const [row]: DeliveryRow[] = await this.dataSource.query(
      `SELECT d.status, n.id, n.kind, n.title, n.body, n.cycle_id AS "cycleId", n.user_id AS "userId", n.cadre_id AS "cadreId", n.created_at AS "createdAt", ch.webhook, ch.smtp
         FROM deliveries d JOIN notifications n ON n.id = d.notification_id LEFT JOIN notification_channels ch ON ch.tenant_id = d.tenant_id
        WHERE d.tenant_id = $1 AND d.notification_id = $2 AND d.channel = $3`,
      [tenantId, key.notificationId, key.channel],
    );
    return row ?? null;
  }

  /** Counts the attempt and records its outcome (the delivery time only when delivered). */
  async finish(tenantId: string, key: DeliveryKey, status: DeliveryStatus, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET status = $4, attempts = attempts + 1, last_error = $5, delivered_at = CASE WHEN $4 = 'delivered' THEN now() END
        WHERE tenant_id = $1 AND notification_id = $2 AND channel = $3`,
      [tenantId, key.notificationId, key.channel, status, error],
    );
  }
}
