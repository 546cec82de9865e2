/** What the late-input rule needs of a cycle's freeze and of the value its snapshot holds. */
export interface HeldInput {
  /** When the cycle closed (the close event's time). */
  closedAt: Date;
  /** When it was published; null while it is only closed. */
  publishedAt: Date | null;
  /** When the held value was reported; null: as analytics held it when the close arrived. */
  heldAt: Date | null;
}

/**
 * Whether an input (a verdict, a task report) that occurred at `occurredAt` but reached analytics
 * after the close still enters the cycle's snapshot. "As of the close" means what had happened by
 * the close, not what had been delivered: events of other services have no order with the close
 * event, and a report sent a moment before the close may arrive after it. So it counts when it
 * occurred by the close, is not older than the value held, and the cycle is not published yet — a
 * published cycle never changes.
 */
export function takesLateInput(held: HeldInput, occurredAt: Date): boolean {
  if (held.publishedAt) return false;
  if (occurredAt.getTime() > held.closedAt.getTime()) return false;
  return held.heldAt === null || held.heldAt.getTime() <= occurredAt.getTime();
}
