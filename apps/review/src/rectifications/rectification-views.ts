import type { RectificationView, TwoWayOpinionView } from '@cadre/contracts';
import type { OpinionRow, RectificationRow } from './rectifications.repository';

/** An item as the API shows it: `overdue` only while it is not done (overdueOn stays: done late). */
export function rectificationView(r: RectificationRow): RectificationView {
  return {
    id: r.id,
    opinionId: r.opinionId,
    cycleId: r.cycleId,
    unitId: r.unitId,
    title: r.title,
    deadline: r.deadline,
    status: r.status,
    overdue: r.overdueOn !== null && r.status !== 'done',
    overdueOn: r.overdueOn,
    doneOn: r.doneOn,
    progress: r.progress,
  };
}

export function opinionView(o: OpinionRow, items: RectificationRow[]): TwoWayOpinionView {
  return {
    id: o.id,
    cycleId: o.cycleId,
    unitId: o.unitId,
    summary: o.summary,
    recordedBy: o.recordedByName,
    recordedOn: o.recordedOn,
    items: items.filter((i) => i.opinionId === o.id).map(rectificationView),
  };
}
