import type { ChannelsCommand, CycleKind } from '@cadre/contracts';
import { offsetKey } from '../cycles/cycle-rules';
import type { SmtpSettings, WebhookSettings } from './channels';
import type { NewNotification } from './notifications.repository';

/** What a stored secret reads as: the settings are shown, the webhook secret and SMTP password never. */
export const MASK = '••••••';

export interface ChannelSettings {
  webhook: WebhookSettings | null;
  smtp: SmtpSettings | null;
}

export function maskedChannels(row: ChannelSettings | null): ChannelsCommand {
  return {
    webhook: row?.webhook ? { ...row.webhook, secret: MASK } : null,
    smtp: row?.smtp ? { ...row.smtp, ...(row.smtp.password ? { password: MASK } : {}) } : null,
  };
}

/**
 * The channels to store for a command: a masked secret sent back unchanged keeps the stored one.
 * The webhook's secret may come out empty (none sent and none stored): the caller refuses that.
 */
export function channelsToStore(
  command: ChannelsCommand,
  old: ChannelSettings | null,
): { webhook: (Omit<WebhookSettings, 'secret'> & { secret?: string }) | null; smtp: SmtpSettings | null } {
  const webhook = command.webhook
    ? { ...command.webhook, secret: command.webhook.secret === MASK ? old?.webhook?.secret : command.webhook.secret }
    : null;
  const smtp = command.smtp
    ? { ...command.smtp, password: command.smtp.password === MASK ? old?.smtp?.password : command.smtp.password }
    : null;
  return { webhook, smtp };
}

/** The outside channels a new notification goes through. */
export function enabledChannels(row: ChannelSettings | null): Array<'webhook' | 'smtp'> {
  const channels: Array<'webhook' | 'smtp'> = [];
  if (row?.webhook?.enabled) channels.push('webhook');
  if (row?.smtp?.enabled) channels.push('smtp');
  return channels;
}

/** Time left before close, as a reminder says it: days from 48 hours on, else hours (at least 1). */
export function hoursLeft(closesAt: Date, now: number): string {
  const hours = Math.max(0, (closesAt.getTime() - now) / 3_600_000);
  return hours >= 48 ? `${Math.round(hours / 24)} 天` : `${Math.max(1, Math.round(hours))} 小时`;
}

export interface RemindedCycle {
  id: string;
  name: string;
  kind: CycleKind;
  year: number;
  closesAt: Date;
}

export interface UnfinishedWork {
  /** Assessors with cadres whose four steps are incomplete, and how many. */
  assessors: Array<{ userId: string; cadres: number }>;
  /** Cadres whose task list for the cycle's year is not signed. */
  unsignedCadreIds: string[];
  /** Platform users holding an unused ballot token. */
  voters: string[];
}

/**
 * The reminders of one reminder time: assessors and cadres of a periodic cycle, voters of any.
 * The dedupe key names the cycle, the reminder time and the person, so a rerun sends nobody a second one.
 */
export function reminderItems(
  cycle: RemindedCycle,
  offsetHours: number,
  work: UnfinishedWork,
  now: number,
): NewNotification[] {
  const key = (who: string) => `remind-${cycle.id}-${offsetKey(offsetHours)}-${who}`;
  const left = hoursLeft(cycle.closesAt, now);
  const items: NewNotification[] = [];
  if (cycle.kind === 'periodic') {
    for (const a of work.assessors) {
      items.push({
        userId: a.userId,
        kind: 'step_reminder',
        title: `【${cycle.name}】考核记录待完成`,
        body: `距考核周期关闭还有约 ${left}，您负责的 ${a.cadres} 名干部的望闻问切记录尚未完成，请及时填写。`,
        cycleId: cycle.id,
        dedupeKey: key(`assessor-${a.userId}`),
      });
    }
    for (const cadreId of work.unsignedCadreIds) {
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
  for (const userId of work.voters) {
    items.push({
      userId,
      kind: 'ballot_reminder',
      title: `【${cycle.name}】民主测评待投票`,
      body: `距考核周期关闭还有约 ${left}，您还有尚未提交的测评票，请使用收到的测评链接完成投票。`,
      cycleId: cycle.id,
      dedupeKey: key(`voter-${userId}`),
    });
  }
  return items;
}
