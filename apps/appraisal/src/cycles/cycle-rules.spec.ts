import type { CreateCycleCommand } from '@cadre/contracts';
import {
  cycleProblems,
  dueTransitions,
  inScope,
  missingBefore,
  newCycle,
  nextStep,
  offsetKey,
  reminderTimes,
  transitionTarget,
  withStep,
} from './cycle-rules';

const at = (iso: string) => new Date(iso);

describe('cycle rules', () => {
  const cycle = { opensAt: at('2026-06-15T00:00:00Z'), closesAt: at('2026-07-10T00:00:00Z') };

  it('owes nothing before opensAt, open after it, and open then close when both passed while down', () => {
    expect(dueTransitions({ ...cycle, status: 'scheduled' }, at('2026-06-14T23:59:59Z'))).toEqual([]);
    expect(dueTransitions({ ...cycle, status: 'scheduled' }, at('2026-06-15T00:00:00Z'))).toEqual(['open']);
    expect(dueTransitions({ ...cycle, status: 'scheduled' }, at('2026-08-01T00:00:00Z'))).toEqual(['open', 'close']);
    expect(dueTransitions({ ...cycle, status: 'open' }, at('2026-07-10T00:00:00Z'))).toEqual(['close']);
    expect(dueTransitions({ ...cycle, status: 'closed' }, at('2027-01-01T00:00:00Z'))).toEqual([]);
    expect(dueTransitions({ ...cycle, status: 'published' }, at('2027-01-01T00:00:00Z'))).toEqual([]);
  });

  it('allows each hand transition only from its own status', () => {
    expect(transitionTarget('scheduled', 'open')).toBe('open');
    expect(transitionTarget('open', 'close')).toBe('closed');
    expect(transitionTarget('closed', 'publish')).toBe('published');
    expect(transitionTarget('scheduled', 'close')).toBeNull();
    expect(transitionTarget('open', 'publish')).toBeNull();
    expect(transitionTarget('published', 'open')).toBeNull();
  });

  it('reminds at each offset before close, once per offset, never before the opening', () => {
    expect(
      reminderTimes(cycle.opensAt, cycle.closesAt, [24, 72, 24, 2000]).map((r) => [r.offsetHours, r.at.toISOString()]),
    ).toEqual([
      [72, '2026-07-07T00:00:00.000Z'],
      [24, '2026-07-09T00:00:00.000Z'],
    ]);
    expect(offsetKey(0.5)).toBe('0_5');
  });

  it('keeps 望闻问切 in order and allows recording a step again', () => {
    expect(missingBefore('look', [])).toBeNull();
    expect(missingBefore('ask', ['look'])).toBe('listen');
    expect(missingBefore('apply', ['look', 'listen', 'ask'])).toBeNull();
    expect(missingBefore('look', ['look', 'listen'])).toBeNull();
    expect(withStep(['listen', 'look'], 'ask')).toEqual(['look', 'listen', 'ask']);
    expect(nextStep(['look'])).toBe('listen');
    expect(nextStep(['look', 'listen', 'ask', 'apply'])).toBeNull();
  });

  const periodic: CreateCycleCommand = {
    kind: 'periodic',
    name: '2026年上半年定期考核',
    year: 2026,
    half: 1,
    opensAt: '2026-06-15T00:00:00Z',
    closesAt: '2026-07-10T00:00:00Z',
  };

  it('names each field a cycle command gets wrong', () => {
    expect(cycleProblems(periodic)).toEqual([]);
    expect(
      cycleProblems({ ...periodic, closesAt: periodic.opensAt, half: undefined, topic: 'epidemic' }).map(
        (p) => p.field,
      ),
    ).toEqual(['closesAt', 'half', 'topic']);
    expect(cycleProblems({ ...periodic, kind: 'random' }).map((p) => p.field)).toEqual(['topic', 'half']);
    expect(cycleProblems({ ...periodic, kind: 'random', half: undefined, topic: 'epidemic' })).toEqual([]);
  });

  it('makes the row: half only when periodic, topic only when random, units once each, default reminders', () => {
    expect(newCycle('c1', periodic, 'officer')).toEqual({
      id: 'c1',
      kind: 'periodic',
      name: periodic.name,
      year: 2026,
      half: 1,
      topic: null,
      opensAt: periodic.opensAt,
      closesAt: periodic.closesAt,
      unitIds: null,
      reminderOffsetsHours: [72, 24],
      createdBy: 'officer',
    });
    const random = newCycle(
      'c2',
      {
        ...periodic,
        kind: 'random',
        half: undefined,
        topic: 'epidemic',
        unitIds: ['u1', 'u2', 'u1'],
        reminderOffsetsHours: [6],
      },
      null,
    );
    expect(random).toMatchObject({
      half: null,
      topic: 'epidemic',
      unitIds: ['u1', 'u2'],
      reminderOffsetsHours: [6],
      createdBy: null,
    });
    expect(newCycle('c3', { ...periodic, unitIds: [] }, null).unitIds).toBeNull();
  });

  it('takes every unit when a cycle names none', () => {
    expect(inScope({ unitIds: null }, 'u1')).toBe(true);
    expect(inScope({ unitIds: ['u1'] }, 'u1')).toBe(true);
    expect(inScope({ unitIds: ['u2'] }, 'u1')).toBe(false);
  });
});
