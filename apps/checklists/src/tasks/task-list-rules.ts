import type { TaskListAction, TaskListStatus, TaskStatus } from '@cadre/contracts';
import type { ListAction } from '../access/access';
import { progressRatio } from '../progress-ratio';

/**
 * The task list's life: draft → submitted → approved or returned (with a reason) → signed
 * (承诺书, by the cadre only). A signed list is frozen; an amendment takes it back to draft, to be
 * submitted and approved again. Any other move is a conflict (409).
 */
export const TRANSITIONS: Record<TaskListAction, { from: TaskListStatus[]; to: TaskListStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
  sign: { from: ['approved'], to: 'signed' },
  amend: { from: ['signed'], to: 'draft' },
};

export const TRANSITION_NAMES: Record<TaskListAction, string> = {
  submit: '提交',
  approve: '审核通过',
  return: '退回',
  sign: '签署承诺书',
  amend: '申请修订',
};
export const STATUS_NAMES: Record<TaskListStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  approved: '已审核',
  signed: '已签署',
};

/** The status after `action`, or null when the action is not allowed from `status`. */
export function nextStatus(status: TaskListStatus, action: TaskListAction): TaskListStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/**
 * Who may take each step, as the access rule names it: the leadership reviews (approve, return), the
 * cadre alone signs and amends the commitment, and submitting is filling in.
 */
export const TRANSITION_ACCESS: Record<TaskListAction, ListAction> = {
  submit: 'fill',
  approve: 'review',
  return: 'review',
  sign: 'sign',
  amend: 'amend',
};

/** A return and an amendment say why: the cadre must know what to change, the leadership why the commitment reopens. */
export function reasonRequired(action: TaskListAction): boolean {
  return action === 'return' || action === 'amend';
}

/** Tasks can be added or changed only while the list is being written. */
export function isEditable(status: TaskListStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/** Progress is reported on a list the leadership approved (and, normally, the cadre signed). */
export function acceptsProgress(status: TaskListStatus): boolean {
  return status === 'approved' || status === 'signed';
}

/** completionScore = 100 × Σ weight·min(actual/target, 1) / Σ weight (CONTRACT.md), to 0.1. */
export function completionScore(tasks: Array<{ weight: number; target: number; actual: number | null }>): number {
  const total = tasks.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return 0;
  const done = tasks.reduce((sum, t) => sum + t.weight * progressRatio(t.actual, t.target), 0);
  return Math.round((1000 * done) / total) / 10;
}

/** A task's status after a report: done at the target; otherwise in progress, or still overdue. */
export function statusAfterProgress(current: TaskStatus, actual: number, target: number): TaskStatus {
  if (actual >= target) return 'completed';
  return current === 'overdue' ? 'overdue' : 'in_progress';
}

/**
 * When a deadline has passed: the end of that day in China (UTC+8, no daylight saving), as an
 * instant. A task due 2026-06-30 is overdue from 2026-07-01 00:00 Beijing time.
 */
export function overdueAt(deadline: string): Date {
  return new Date(new Date(`${deadline}T00:00:00+08:00`).getTime() + 24 * 3600_000);
}
