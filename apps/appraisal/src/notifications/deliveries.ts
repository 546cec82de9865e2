import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobScheduler, OnJob } from '@cadre/jobs';
import { PLATFORM_CONFIG } from '@cadre/platform';
import { AppraisalConfig } from '../config/appraisal.config';
import { DeliveryChannel, OutgoingNotification, SmtpChannel, SmtpSettings, WebhookChannel, WebhookSettings } from './channels';

/** Persisted job name: never rename. */
export const DELIVER_JOB = 'notification-deliver';

interface DeliverData {
  tenantId: string;
  notificationId: string;
  channel: 'webhook' | 'smtp';
}

/**
 * Sends notifications through the tenant's outside channels, one keyed job per notification and
 * channel, retried with exponential backoff. A failure is recorded on the delivery and never
 * touches the cycle or the in-app inbox: the reminder is there whatever the mail server does.
 */
@Injectable()
export class Deliveries {
  private readonly logger = new Logger('Deliveries');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly config: AppraisalConfig,
    private readonly scheduler: JobScheduler,
  ) {}

  async enabledChannels(tenantId: string): Promise<Array<'webhook' | 'smtp'>> {
    const [row] = await this.dataSource.query(`SELECT webhook, smtp FROM notification_channels WHERE tenant_id = $1`, [tenantId]);
    const channels: Array<'webhook' | 'smtp'> = [];
    if (row?.webhook?.enabled) channels.push('webhook');
    if (row?.smtp?.enabled) channels.push('smtp');
    return channels;
  }

  /** Queues every pending delivery of the cycle's notifications (a job per id: queueing twice is a no-op). */
  async queuePending(tenantId: string, cycleId: string): Promise<void> {
    const pending: Array<{ notificationId: string; channel: 'webhook' | 'smtp' }> = await this.dataSource.query(
      `SELECT d.notification_id AS "notificationId", d.channel FROM deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.tenant_id = $1 AND n.cycle_id = $2 AND d.status = 'pending'`,
      [tenantId, cycleId],
    );
    for (const d of pending) {
      const data: DeliverData = { tenantId, ...d };
      await this.scheduler.schedule(DELIVER_JOB, data, { jobId: `deliver-${d.notificationId}-${d.channel}`, attempts: this.config.DELIVERY_ATTEMPTS });
    }
  }

  @OnJob(DELIVER_JOB)
  async deliver(data: DeliverData, job: Job<DeliverData>): Promise<void> {
    const [row] = await this.dataSource.query(
      `SELECT d.status, n.id, n.kind, n.title, n.body, n.cycle_id AS "cycleId", n.user_id AS "userId", n.cadre_id AS "cadreId", n.created_at AS "createdAt", ch.webhook, ch.smtp
         FROM deliveries d JOIN notifications n ON n.id = d.notification_id LEFT JOIN notification_channels ch ON ch.tenant_id = d.tenant_id
        WHERE d.tenant_id = $1 AND d.notification_id = $2 AND d.channel = $3`,
      [data.tenantId, data.notificationId, data.channel],
    );
    if (!row || row.status !== 'pending') return; // delivered by an earlier run, or given up
    const channel = this.channel(data.channel, row);
    if (!channel) {
      await this.finish(data, 'failed', '渠道已停用');
      return;
    }
    const outgoing: OutgoingNotification = {
      id: row.id,
      tenantId: data.tenantId,
      kind: row.kind,
      title: row.title,
      body: row.body,
      cycleId: row.cycleId,
      recipient: { userId: row.userId, cadreId: row.cadreId },
      createdAt: row.createdAt.toISOString(),
    };
    try {
      await channel.deliver(outgoing);
      await this.finish(data, 'delivered', null);
    } catch (err) {
      const message = (err as Error).message;
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.finish(data, last ? 'failed' : 'pending', message);
      if (last) this.logger.warn(`notification ${data.notificationId} via ${data.channel} given up: ${message}`);
      else throw err; // BullMQ retries with backoff
    }
  }

  private channel(name: 'webhook' | 'smtp', row: { webhook: WebhookSettings | null; smtp: SmtpSettings | null }): DeliveryChannel | null {
    if (name === 'webhook' && row.webhook?.enabled) return new WebhookChannel(row.webhook);
    if (name === 'smtp' && row.smtp?.enabled) return new SmtpChannel(row.smtp);
    return null;
  }

  private async finish(data: DeliverData, status: 'delivered' | 'pending' | 'failed', error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET status = $4, attempts = attempts + 1, last_error = $5, delivered_at = CASE WHEN $4 = 'delivered' THEN now() END
        WHERE tenant_id = $1 AND notification_id = $2 AND channel = $3`,
      [data.tenantId, data.notificationId, data.channel, status, error],
    );
  }
}
