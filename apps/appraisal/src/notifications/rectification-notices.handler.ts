import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import { NotificationsRepository } from './notifications.repository';
import { rectificationOverdueNotices } from './rectification-notices';

/**
 * Review's overdue rectification items become in-app notifications, in the consumer's transaction
 * (with its inbox row: applied once). In-app only: outside deliveries are queued as jobs after their
 * notification has committed, and an event handler runs inside the consumer's transaction.
 */
@Injectable()
export class RectificationNoticesHandler {
  constructor(private readonly notifications: NotificationsRepository) {}

  @OnEvent('review.rectification.overdue')
  async overdue(event: EventOf<'review.rectification.overdue'>, manager: EntityManager): Promise<void> {
    await this.notifications.insert(manager, event.tenantId, rectificationOverdueNotices(event), []);
  }
}
