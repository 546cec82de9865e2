import { nextReassessment } from './reassessment';

describe('nightly reassessment', () => {
  it('runs at the next 01:00 Beijing time, the same night before it and the next night after it', () => {
    expect(nextReassessment(new Date('2026-06-30T10:00:00Z')).toISOString()).toBe('2026-06-30T17:00:00.000Z'); // 18:00 in Beijing → 01:00 on 07-01
    expect(nextReassessment(new Date('2026-06-30T16:30:00Z')).toISOString()).toBe('2026-06-30T17:00:00.000Z'); // 00:30 in Beijing → 01:00 that night
    expect(nextReassessment(new Date('2026-06-30T17:00:00Z')).toISOString()).toBe('2026-07-01T17:00:00.000Z'); // exactly 01:00 → the next night
  });
});
