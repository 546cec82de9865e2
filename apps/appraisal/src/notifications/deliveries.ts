import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobScheduler } from '@cadre/jobs';
import { PLATFORM_CONFIG } from '@cadre/platform';
import { AppraisalConfig } from '../config/appraisal.config';
import {
  DeliveryChannel,
  OutgoingNotification,
  SmtpChannel,
  SmtpSettings,
  WebhookChannel,
  WebhookSettings,
} from './channels';
import { DeliveriesRepository, DeliveryChannelName, DeliveryKey, DeliveryStatus } from './deliveries.repository';
import { enabledChannels } from './notification-rules';
import { NotificationsRepository } from './notifications.repository';

/** Persisted job name: never rename. */
export const DELIVER_JOB = 'notification-deliver';

export interface DeliverData extends DeliveryKey {
  tenantId: string;
}

/**
 * Sends notifications through the tenant's outside channels, one keyed job per notification and
 * channel (DeliveriesHandler), retried with exponential backoff. A failure is recorded on the
 * delivery and never touches the cycle or the in-app inbox: the reminder is there whatever the
 * mail server does.
 */
@Injectable()
export class Deliveries {
  private readonly logger = new Logger('Deliveries');

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly notifications: NotificationsRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: AppraisalConfig,
    private readonly scheduler: JobScheduler,
  ) {}

  async enabledChannels(tenantId: string): Promise<DeliveryChannelName[]> {
    return enabledChannels(await this.notifications.channels(tenantId));
  }

  /** Queues every pending delivery of the cycle's notifications (a job per id: queueing twice is a no-op). */
  async queuePending(tenantId: string, cycleId: string): Promise<void> {
    for (const d of await this.deliveries.pending(tenantId, cycleId)) {
      const data: DeliverData = { tenantId, ...d };
      await this.scheduler.schedule(DELIVER_JOB, data, {
        jobId: `deliver-${d.notificationId}-${d.channel}`,
        attempts: this.config.DELIVERY_ATTEMPTS,
      });
    }
  }

  async deliver(data: DeliverData, job: Job<DeliverData>): Promise<void> {
    const row = await this.deliveries.find(data.tenantId, data);
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

  private channel(
    name: DeliveryChannelName,
    row: { webhook: WebhookSettings | null; smtp: SmtpSettings | null },
  ): DeliveryChannel | null {
    if (name === 'webhook' && row.webhook?.enabled) return new WebhookChannel(row.webhook);
    if (name === 'smtp' && row.smtp?.enabled) return new SmtpChannel(row.smtp);
    return null;
  }

  private finish(data: DeliverData, status: DeliveryStatus, error: string | null): Promise<void> {
    return this.deliveries.finish(data.tenantId, data, status, error);
  }
}
