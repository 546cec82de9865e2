import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dropNamespace, eventually, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import { Clock } from '../../apps/appraisal/src/cycles/clock';
import { createTenant, startAppraisal, startGateway } from '../support';

/** A clock the test moves: half-yearly creation across a year boundary without waiting for one. */
class FakeClock extends Clock {
  constructor(public current: Date) {
    super();
  }
  now(): Date {
    return this.current;
  }
}

/**
 * The tenant's schedule creates each half-year's cycle by a job, CYCLE_LEAD_DAYS (30) before it
 * opens, in the tenant's time zone (Asia/Shanghai, no daylight saving): a second half running
 * from 12-15 into January, then the next year's first half.
 */
describe('half-yearly cycle schedule', () => {
  const namespace = testNamespace();
  const clock = new FakeClock(new Date('2026-11-01T00:00:00Z'));
  let appraisal: INestApplication;
  let gateway: INestApplication;
  let db: DataSource;
  let officer: string;
  const send = (method: 'put' | 'get', p: string, body?: object) =>
    request(gateway.getHttpServer())[method](`/api/v1${p}`).set('authorization', `Bearer ${officer}`).send(body);
  const cycles = async () =>
    (await db.query(
      `SELECT year, half, name, opens_at, closes_at, created_by FROM "${namespace}_appraisal".cycles ORDER BY opens_at`,
    )) as Array<{
      year: number;
      half: number;
      name: string;
      opens_at: Date;
      closes_at: Date;
      created_by: string | null;
    }>;

  beforeAll(async () => {
    appraisal = await startAppraisal(namespace, { CYCLE_SWEEP_SECONDS: '1' }, { clock });
    gateway = await startGateway(namespace);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    officer = (await createTenant(gateway, 'lvyuan')).token;
  });

  afterAll(async () => {
    await db?.destroy();
    await gateway?.close();
    await appraisal?.close();
    await dropNamespace(namespace);
  });

  it('refuses impossible windows, naming them', async () => {
    const res = await send('put', '/cycle-schedule', {
      enabled: true,
      windows: [
        { half: 1, opens: '02-29', closes: '07-10' },
        { half: 1, opens: '12-15', closes: '12-15' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'windows.0.opens',
      'windows.1.closes',
      'windows',
    ]);
  });

  it('creates the second half 30 days ahead, closing in the next year, then the next first half', async () => {
    const windows = [
      { half: 1, opens: '06-15', closes: '07-10' },
      { half: 2, opens: '12-15', closes: '01-10' },
    ];
    const put = await send('put', '/cycle-schedule', { enabled: true, windows, reminderOffsetsHours: [48] });
    expect(put.status).toBe(200);
    // On 11-01 the 2026 H2 cycle is 44 days away: not yet.
    expect(put.body.next).toEqual({
      year: 2026,
      half: 2,
      opensAt: '2026-12-15T00:00:00+08:00',
      closesAt: '2027-01-11T00:00:00+08:00',
      cycleId: null,
    });
    expect(await cycles()).toEqual([]);

    clock.current = new Date('2026-11-20T00:00:00Z'); // within 30 days
    await eventually(async () => (await cycles()).length === 1, 10_000, 'H2 created by the sweep');
    const [h2] = await cycles();
    expect(h2).toMatchObject({ year: 2026, half: 2, name: '2026年下半年定期考核', created_by: null });
    expect(h2.opens_at.toISOString()).toBe('2026-12-14T16:00:00.000Z');
    expect(h2.closes_at.toISOString()).toBe('2027-01-10T16:00:00.000Z');

    clock.current = new Date('2027-01-05T00:00:00Z'); // across the year boundary, H2 still running
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await cycles()).toHaveLength(1);
    expect((await send('get', '/cycle-schedule')).body.next).toMatchObject({
      year: 2026,
      half: 2,
      cycleId: expect.any(String),
    });

    clock.current = new Date('2027-05-20T00:00:00Z'); // 2027 H1 opens 06-15: within 30 days
    await eventually(async () => (await cycles()).length === 2, 10_000, '2027 H1 created');
    const [, h1] = await cycles();
    expect(h1).toMatchObject({ year: 2027, half: 1, name: '2027年上半年定期考核' });
    expect(h1.opens_at.toISOString()).toBe('2027-06-14T16:00:00.000Z');

    // Run again at the same time: still one cycle per half-year.
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await cycles()).map((c) => `${c.year}-${c.half}`)).toEqual(['2026-2', '2027-1']);
  });

  it('stops creating when disabled', async () => {
    expect((await send('put', '/cycle-schedule', { enabled: false, windows: [] })).status).toBe(200);
    clock.current = new Date('2027-11-20T00:00:00Z');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await cycles()).toHaveLength(2);
  });
});
