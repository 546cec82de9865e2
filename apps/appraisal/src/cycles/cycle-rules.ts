import type { AppraisalStep, CreateCycleCommand, CycleAction, CycleStatus } from '@cadre/contracts';
import { APPRAISAL_STEPS } from '@cadre/contracts';
import type { NewCycle } from './cycles.repository';

export const STATUS_NAMES: Record<CycleStatus, string> = {
  scheduled: '待开启',
  open: '进行中',
  closed: '已关闭',
  published: '已发布',
};
export const ACTION_NAMES: Record<CycleAction, string> = { open: '开启', close: '关闭', publish: '发布' };
export const STEP_NAMES: Record<AppraisalStep, string> = {
  look: '望（述职与总结）',
  listen: '闻（民主测评）',
  ask: '问（谈话了解）',
  apply: '切（综合研判）',
};

/** Reminder offsets when a cycle names none: three days and one day before it closes. */
export const DEFAULT_REMINDER_OFFSETS_HOURS = [72, 24];

const FROM: Record<CycleAction, CycleStatus> = { open: 'scheduled', close: 'open', publish: 'closed' };
const TO: Record<CycleAction, CycleStatus> = { open: 'open', close: 'closed', publish: 'published' };

/** The status a transition leads to from `status`, or null when it does not apply. */
export function transitionTarget(status: CycleStatus, action: CycleAction): CycleStatus | null {
  return FROM[action] === status ? TO[action] : null;
}

export function fromStatus(action: CycleAction): CycleStatus {
  return FROM[action];
}

/**
 * The transitions the clock owes a cycle at `now`, in order: a cycle whose open and close times
 * both passed while no worker ran is opened and then closed, so every subscriber sees both.
 */
export function dueTransitions(
  cycle: { status: CycleStatus; opensAt: Date; closesAt: Date },
  now: Date,
): Array<'open' | 'close'> {
  const due: Array<'open' | 'close'> = [];
  let status = cycle.status;
  if (status === 'scheduled' && cycle.opensAt <= now) {
    due.push('open');
    status = 'open';
  }
  if (status === 'open' && cycle.closesAt <= now) due.push('close');
  return due;
}

/** When each reminder fires: `offset` hours before close; a time before the opening is dropped. */
export function reminderTimes(
  opensAt: Date,
  closesAt: Date,
  offsetsHours: number[],
): Array<{ offsetHours: number; at: Date }> {
  return [...new Set(offsetsHours)]
    .map((offsetHours) => ({ offsetHours, at: new Date(closesAt.getTime() - offsetHours * 3_600_000) }))
    .filter((r) => r.at >= opensAt)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Job-id-safe form of an offset (BullMQ ids: no ':' and no '.'-ambiguity worries): 0.5 → 0_5. */
export function offsetKey(offsetHours: number): string {
  return String(offsetHours).replace(/[^0-9]/g, '_');
}

/**
 * 望闻问切 in order: a step may be recorded once every step before it is, and recorded again later
 * (a correction) while the cycle is open. Returns the step that is missing, or null.
 */
export function missingBefore(step: AppraisalStep, completed: AppraisalStep[]): AppraisalStep | null {
  for (const earlier of APPRAISAL_STEPS.slice(0, APPRAISAL_STEPS.indexOf(step))) {
    if (!completed.includes(earlier)) return earlier;
  }
  return null;
}

/** Completed steps in 望闻问切 order after recording `step`. */
export function withStep(completed: AppraisalStep[], step: AppraisalStep): AppraisalStep[] {
  const set = new Set([...completed, step]);
  return APPRAISAL_STEPS.filter((s) => set.has(s));
}

export function nextStep(completed: AppraisalStep[]): AppraisalStep | null {
  return APPRAISAL_STEPS.find((s) => !completed.includes(s)) ?? null;
}

/** Rules the DTO cannot say alone: times in order, half only for periodic, topic only for random. */
export function cycleProblems(c: CreateCycleCommand): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (new Date(c.closesAt) <= new Date(c.opensAt))
    problems.push({ field: 'closesAt', message: '必须晚于开启时间 opensAt' });
  if (c.kind === 'periodic' && c.half === undefined)
    problems.push({ field: 'half', message: '定期考核必须指明上半年（1）或下半年（2）' });
  if (c.kind === 'periodic' && c.topic !== undefined) problems.push({ field: 'topic', message: '只有随机考核有主题' });
  if (c.kind === 'random' && c.topic === undefined)
    problems.push({ field: 'topic', message: '随机考核必须指明主题（如 epidemic 疫情防控）' });
  if (c.kind === 'random' && c.half !== undefined) problems.push({ field: 'half', message: '随机考核不分上下半年' });
  return problems;
}

/**
 * The row a command makes: a half only for a periodic cycle, a topic only for a random one, the
 * units once each (none named: every unit), the default reminders when it names none.
 */
export function newCycle(id: string, command: CreateCycleCommand, createdBy: string | null): NewCycle {
  return {
    id,
    kind: command.kind,
    name: command.name,
    year: command.year,
    half: command.kind === 'periodic' ? (command.half ?? null) : null,
    topic: command.kind === 'random' ? (command.topic ?? null) : null,
    opensAt: command.opensAt,
    closesAt: command.closesAt,
    unitIds: command.unitIds && command.unitIds.length > 0 ? [...new Set(command.unitIds)] : null,
    reminderOffsetsHours: command.reminderOffsetsHours ?? DEFAULT_REMINDER_OFFSETS_HOURS,
    createdBy,
  };
}

/** Whether a cadre of the unit is in the cycle's scope (a cycle naming no units takes every unit). */
export function inScope(cycle: { unitIds: string[] | null }, unitId: string): boolean {
  return !cycle.unitIds || cycle.unitIds.includes(unitId);
}
