import { EVENT_CATALOG } from '@cadre/contracts';
import type { EventOf } from '@cadre/contracts';
import { rectificationOverdueNotices } from './rectification-notices';

describe('an overdue rectification item', () => {
  it('notifies the unit’s leaders and the officer who recorded the opinion, once each', () => {
    const data = EVENT_CATALOG['review.rectification.overdue'].example;
    const event = {
      id: 'e1',
      type: 'review.rectification.overdue',
      version: 1,
      tenantId: 't1',
      occurredAt: '2026-10-01T00:00:00Z',
      actor: null,
      aggregateId: data.rectificationId,
      data,
    } as EventOf<'review.rectification.overdue'>;
    const notices = rectificationOverdueNotices(event);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatchObject({
      leadersOfUnit: data.unitId,
      kind: 'rectification_overdue',
      cycleId: data.cycleId,
    });
    expect(notices[1]).toMatchObject({ userId: data.recordedBy, kind: 'rectification_overdue' });
    expect(new Set(notices.map((n) => n.dedupeKey)).size).toBe(2);
    for (const n of notices) expect(n.title).toContain(data.title);
  });
});
