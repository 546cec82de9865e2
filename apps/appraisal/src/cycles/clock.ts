/**
 * The time the cycle clock and the schedule go by. Production reads the system clock; tests give a
 * fixed or shifted one (a provider override) to see a year boundary without waiting for it.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
