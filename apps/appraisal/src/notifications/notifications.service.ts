import { Injectable } from '@nestjs/common';
import type {
  ChannelsCommand,
  ListNotificationsQuery,
  MarkReadCommand,
  MarkReadResult,
  NotificationsPage,
  RequestContext,
} from '@cadre/contracts';
import { isLeader } from '@cadre/contracts';
import { pageWindow, RpcError, toPage } from '@cadre/messaging';
import { cursorPart } from '@cadre/persistence';
import { requireOfficer } from '../access/access';
import { channelsToStore, maskedChannels } from './notification-rules';
import { NotificationsRepository, Recipient } from './notifications.repository';

/** A notification is the caller's when it names their user, the cadre their account is, or the unit they lead. */
const recipient = (ctx: RequestContext): Recipient => ({
  userId: ctx.userId,
  cadreId: ctx.cadreId ?? null,
  leaderOfUnit: isLeader(ctx) ? (ctx.unitId ?? null) : null,
});

/** The in-app inbox (`GET /me/notifications`) and the tenant's outside channels. */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationsRepository) {}

  async list(ctx: RequestContext, query: ListNotificationsQuery): Promise<NotificationsPage> {
    const { limit, after: before } = pageWindow(query, [cursorPart.timestamp, cursorPart.uuid]);
    const rows = await this.notifications.inbox(ctx.tenantId, recipient(ctx), {
      unread: query.unread,
      before,
      limit: limit + 1,
    });
    const unread = await this.notifications.unreadCount(ctx.tenantId, recipient(ctx));
    const page = toPage(
      rows,
      limit,
      (last) => [last.createdAt.toISOString(), last.id],
      (r) => ({ ...r, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null }),
    );
    return { ...page, unread };
  }

  /** Marks one (`id`) or all of the caller's notifications read; another person's id is "not found". */
  async markRead(ctx: RequestContext, payload: MarkReadCommand): Promise<MarkReadResult> {
    const marked = await this.notifications.markRead(ctx.tenantId, recipient(ctx), payload.id);
    if (payload.id && marked === 0) throw RpcError.notFound('通知');
    return { marked };
  }

  async channels(ctx: RequestContext): Promise<ChannelsCommand> {
    requireOfficer(ctx, '查看通知渠道');
    return maskedChannels(await this.notifications.channels(ctx.tenantId));
  }

  /** Replaces the channels; a masked secret sent back unchanged keeps the stored one. */
  async putChannels(ctx: RequestContext, command: ChannelsCommand): Promise<ChannelsCommand> {
    requireOfficer(ctx, '设置通知渠道');
    await this.notifications.transaction(async (m) => {
      const old = await this.notifications.channelsForUpdate(m, ctx.tenantId);
      const { webhook, smtp } = channelsToStore(command, old);
      if (webhook && !webhook.secret)
        throw new RpcError(400, '需要签名密钥', [{ field: 'webhook.secret', message: '必须提供' }]);
      await this.notifications.putChannels(m, ctx.tenantId, webhook, smtp);
    });
    return this.channels(ctx);
  }
}
