import { channelsToStore, enabledChannels, hoursLeft, MASK, maskedChannels, reminderItems } from './notification-rules';

const webhook = { url: 'https://hooks.example/a', secret: 's3cret', enabled: true };
const smtp = {
  host: 'smtp.example',
  port: 587,
  secure: false,
  user: 'u',
  password: 'pw',
  from: 'a@example',
  to: ['b@example'],
  enabled: false,
};

describe('notification rules', () => {
  it('never shows a stored secret, and keeps it when the mask comes back', () => {
    expect(maskedChannels({ webhook, smtp })).toEqual({
      webhook: { ...webhook, secret: MASK },
      smtp: { ...smtp, password: MASK },
    });
    expect(maskedChannels({ webhook: null, smtp: { ...smtp, password: undefined } })).toEqual({
      webhook: null,
      smtp: { ...smtp, password: undefined },
    });
    expect(maskedChannels(null)).toEqual({ webhook: null, smtp: null });
    expect(
      channelsToStore({ webhook: { ...webhook, secret: MASK }, smtp: { ...smtp, password: MASK } }, { webhook, smtp }),
    ).toEqual({ webhook, smtp });
    expect(channelsToStore({ webhook: { ...webhook, secret: 'new' } }, { webhook, smtp })).toEqual({
      webhook: { ...webhook, secret: 'new' },
      smtp: null,
    });
    expect(channelsToStore({ webhook: { ...webhook, secret: MASK } }, null).webhook?.secret).toBeUndefined();
  });

  it('delivers through the enabled channels only', () => {
    expect(enabledChannels({ webhook, smtp })).toEqual(['webhook']);
    expect(enabledChannels({ webhook: { ...webhook, enabled: false }, smtp: { ...smtp, enabled: true } })).toEqual([
      'smtp',
    ]);
    expect(enabledChannels(null)).toEqual([]);
  });

  it('says the time left in days from 48 hours, else in hours', () => {
    const now = Date.parse('2026-07-01T00:00:00Z');
    expect(hoursLeft(new Date('2026-07-04T00:00:00Z'), now)).toBe('3 天');
    expect(hoursLeft(new Date('2026-07-02T00:00:00Z'), now)).toBe('24 小时');
    expect(hoursLeft(new Date('2026-06-30T00:00:00Z'), now)).toBe('1 小时');
  });

  it('reminds assessors and cadres of a periodic cycle, voters of any, once per person and reminder time', () => {
    const now = Date.parse('2026-07-07T00:00:00Z');
    const cycle = {
      id: 'cy1',
      name: '2026年上半年定期考核',
      kind: 'periodic' as const,
      year: 2026,
      closesAt: new Date('2026-07-10T00:00:00Z'),
    };
    const work = { assessors: [{ userId: 'a1', cadres: 3 }], unsignedCadreIds: ['c1'], voters: ['v1'] };
    const items = reminderItems(cycle, 72, work, now);
    expect(items.map((i) => [i.kind, i.userId ?? i.cadreId, i.dedupeKey])).toEqual([
      ['step_reminder', 'a1', 'remind-cy1-72-assessor-a1'],
      ['tasklist_reminder', 'c1', 'remind-cy1-72-cadre-c1'],
      ['ballot_reminder', 'v1', 'remind-cy1-72-voter-v1'],
    ]);
    expect(items[0].body).toContain('3 天');
    expect(items[0].body).toContain('3 名干部');
    expect(items.every((i) => i.cycleId === 'cy1')).toBe(true);
    expect(reminderItems({ ...cycle, kind: 'random' }, 0.5, work, now).map((i) => [i.kind, i.dedupeKey])).toEqual([
      ['ballot_reminder', 'remind-cy1-0_5-voter-v1'],
    ]);
  });
});
