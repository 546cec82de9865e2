import { TASK_LIST_ACTIONS, TASK_LIST_STATUSES } from '@cadre/contracts';
import {
  acceptsProgress,
  completionScore,
  isEditable,
  nextStatus,
  overdueAt,
  reasonRequired,
  statusAfterProgress,
  TRANSITION_ACCESS,
} from './task-list-rules';

describe('task list rules', () => {
  it('allows exactly the transitions of the workflow', () => {
    const allowed: string[] = [];
    for (const status of TASK_LIST_STATUSES)
      for (const action of TASK_LIST_ACTIONS)
        if (nextStatus(status, action)) allowed.push(`${status} -${action}-> ${nextStatus(status, action)}`);
    expect(allowed.sort()).toEqual(
      [
        'draft -submit-> submitted',
        'returned -submit-> submitted',
        'submitted -approve-> approved',
        'submitted -return-> returned',
        'approved -sign-> signed',
        'signed -amend-> draft',
      ].sort(),
    );
  });

  it('freezes a list once submitted, and takes progress only once approved', () => {
    expect(TASK_LIST_STATUSES.filter(isEditable)).toEqual(['draft', 'returned']);
    expect(TASK_LIST_STATUSES.filter(acceptsProgress)).toEqual(['approved', 'signed']);
  });

  it('scores completion as the weighted share of targets reached, capped per task', () => {
    expect(completionScore([])).toBe(0);
    expect(completionScore([{ weight: 1, target: 100, actual: null }])).toBe(0);
    expect(completionScore([{ weight: 1, target: 100, actual: 250 }])).toBe(100); // over-fulfilment does not carry over
    expect(
      completionScore([
        { weight: 3, target: 10, actual: 5 },
        { weight: 1, target: 4, actual: 4 },
      ]),
    ).toBe(62.5);
  });

  it('completes a task at its target and keeps an overdue one overdue until then', () => {
    expect(statusAfterProgress('planned', 50, 100)).toBe('in_progress');
    expect(statusAfterProgress('overdue', 50, 100)).toBe('overdue');
    expect(statusAfterProgress('overdue', 100, 100)).toBe('completed');
  });

  it('makes a deadline pass at the end of that day, Beijing time', () => {
    expect(overdueAt('2026-06-30').toISOString()).toBe('2026-06-30T16:00:00.000Z');
  });

  it('lets the leadership review, the cadre alone sign and amend, and asks a reason of a return or an amendment', () => {
    expect(TRANSITION_ACCESS).toEqual({
      submit: 'fill',
      approve: 'review',
      return: 'review',
      sign: 'sign',
      amend: 'amend',
    });
    expect(TASK_LIST_ACTIONS.filter(reasonRequired)).toEqual(['return', 'amend']);
  });
});
