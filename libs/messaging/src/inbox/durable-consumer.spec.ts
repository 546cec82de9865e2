import { filterSubjectFor, redeliveryDelay } from './durable-consumer';

describe('durable consumer rules', () => {
  it('filters on one service’s events when all handled types share it', () => {
    expect(filterSubjectFor('', ['roster.unit.created', 'roster.cadre.transferred'])).toBe('evt.roster.>');
    expect(filterSubjectFor('t1.', ['roster.unit.created'])).toBe('t1.evt.roster.>');
  });

  it('filters on every event when handled types span services (NATS 2.9 takes one filter)', () => {
    expect(filterSubjectFor('', ['roster.unit.created', 'review.ballot.cast'])).toBe('evt.>');
  });

  it('backs off redelivery exponentially, capped at a minute', () => {
    expect([1, 2, 3, 4].map(redeliveryDelay)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(redeliveryDelay(30)).toBe(60_000);
    expect(redeliveryDelay(0)).toBe(1_000);
  });
});
