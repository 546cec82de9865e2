import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChannelsCommand, RequestContext } from '@cadre/contracts';
import type { ListNotificationsQuery, MarkReadCommand, MarkReadResult, NotificationsPage } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';
import { cursorPart, decodeCursor, encodeCursor, pageSize } from '@cadre/persistence';
import { requireOfficer } from '../access/access';

const MASK = '••••••';

/** A notification is the caller's when it names their user, or the cadre their account is. */
const MINE = `tenant_id = $1 AND (user_id = $2 OR ($3::uuid IS NOT NULL AND cadre_id = $3))`;

/** The in-app inbox (`GET /me/notifications`) and the tenant's outside channels. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async list(query: ListNotificationsQuery, ctx: RequestContext): Promise<NotificationsPage> {
    const limit = pageSize(query.limit);
    const params: unknown[] = [ctx.tenantId, ctx.userId, ctx.cadreId ?? null];
    const where = [MINE];
    if (query.unread) where.push('read_at IS NULL');
    if (query.cursor) {
      const key = decodeCursor(query.cursor, [cursorPart.timestamp, cursorPart.uuid]);
      if (!key) throw new RpcError(400, '分页游标无效', [{ field: 'cursor', message: '不是本列表给出的游标' }]);
      where.push(`(created_at, id) < ($${params.push(key[0])}::timestamptz, $${params.push(key[1])}::uuid)`);
    }
    const rows = await this.dataSource.query(
      `SELECT id, kind, title, body, cycle_id AS "cycleId", created_at AS "createdAt", read_at AS "readAt"
         FROM notifications WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`,
      params,
    );
    const [{ unread }] = await this.dataSource.query(`SELECT count(*)::int AS unread FROM notifications WHERE ${MINE} AND read_at IS NULL`, [ctx.tenantId, ctx.userId, ctx.cadreId ?? null]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r: any) => ({ ...r, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null })),
      unread,
      nextCursor: rows.length > limit ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
  }

  /** Marks one (`id`) or all of the caller's notifications read; another person's id is "not found". */
  async markRead(payload: MarkReadCommand, ctx: RequestContext): Promise<MarkReadResult> {
    const params: unknown[] = [ctx.tenantId, ctx.userId, ctx.cadreId ?? null];
    const idFilter = payload.id ? ` AND id = $${params.push(payload.id)}` : '';
    const [, marked] = await this.dataSource.query(`UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE ${MINE}${idFilter}`, params);
    if (payload.id && marked === 0) throw RpcError.notFound('通知');
    return { marked };
  }
  async channels(_payload: unknown, ctx: RequestContext): Promise<ChannelsCommand> {
    requireOfficer(ctx, '查看通知渠道');
    const [row] = await this.dataSource.query(`SELECT webhook, smtp FROM notification_channels WHERE tenant_id = $1`, [ctx.tenantId]);
    return {
      webhook: row?.webhook ? { ...row.webhook, secret: MASK } : null,
      smtp: row?.smtp ? { ...row.smtp, ...(row.smtp.password ? { password: MASK } : {}) } : null,
    };
  }

  /** Replaces the channels; a masked secret sent back unchanged keeps the stored one. */
  async putChannels(command: ChannelsCommand, ctx: RequestContext): Promise<ChannelsCommand> {
    requireOfficer(ctx, '设置通知渠道');
    await this.dataSource.transaction(async (m) => {
      const [old] = await m.query(`SELECT webhook, smtp FROM notification_channels WHERE tenant_id = $1 FOR UPDATE`, [ctx.tenantId]);
      const webhook = command.webhook ? { ...command.webhook, secret: command.webhook.secret === MASK ? old?.webhook?.secret : command.webhook.secret } : null;
      if (webhook && !webhook.secret) throw new RpcError(400, '需要签名密钥', [{ field: 'webhook.secret', message: '必须提供' }]);
      const smtp = command.smtp ? { ...command.smtp, password: command.smtp.password === MASK ? old?.smtp?.password : command.smtp.password } : null;
      await m.query(
        `INSERT INTO notification_channels (tenant_id, webhook, smtp) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET webhook = EXCLUDED.webhook, smtp = EXCLUDED.smtp, updated_at = now()`,
        [ctx.tenantId, webhook ? JSON.stringify(webhook) : null, smtp ? JSON.stringify(smtp) : null],
      );
    });
    return this.channels({}, ctx);
  }
}
