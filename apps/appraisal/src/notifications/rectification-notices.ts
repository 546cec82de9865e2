import type { EventOf } from '@cadre/contracts';
import type { NewNotification } from './notifications.repository';

/**
 * The notifications of an overdue rectification item: one to the unit's leaders (every unit_leader of
 * the unit sees it) and one to the officer of the organization department who recorded the opinion.
 * The dedupe keys name the item, so the event delivered twice notifies nobody twice.
 */
export function rectificationOverdueNotices(event: EventOf<'review.rectification.overdue'>): NewNotification[] {
  const r = event.data;
  const title = `整改事项逾期：${r.title}`;
  const body = `双向考核意见的整改事项“${r.title}”已过整改期限（${r.deadline}）仍未完成，请尽快整改并填报进展。`;
  return [
    {
      leadersOfUnit: r.unitId,
      kind: 'rectification_overdue',
      title,
      body,
      cycleId: r.cycleId,
      dedupeKey: `rectification-overdue-${r.rectificationId}-unit`,
    },
    {
      userId: r.recordedBy,
      kind: 'rectification_overdue',
      title,
      body: `${body}（单位 ${r.unitId}）`,
      cycleId: r.cycleId,
      dedupeKey: `rectification-overdue-${r.rectificationId}-officer`,
    },
  ];
}
