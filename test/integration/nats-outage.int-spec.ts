import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { RequestContext } from '@cadre/contracts';
import { dropNamespace, eventually, ProbeConsumer, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import { UnitsService } from '../../apps/roster/src/units/units.service';
import { PrivateServer, startPrivateNats, startRoster } from '../support';

/**
 * NATS stops while 200 writes are made. The writes succeed (they only need Postgres), their events
 * wait in the outbox, and when NATS is back every one of them arrives, none twice.
 * The NATS here is a private server on a spare port: the machine's shared one is never stopped.
 */
describe('outbox across a NATS outage', () => {
  const namespace = testNamespace();
  const WRITES = 200;
  let nats: PrivateServer;
  let roster: INestApplication;
  let probe: ProbeConsumer;

  beforeAll(async () => {
    nats = await startPrivateNats();
    roster = await startRoster(namespace, { NATS_URL: nats.url });
    probe = new ProbeConsumer({
      namespace,
      types: ['roster.unit.created'],
      databaseUrl: TEST_DATABASE_URL,
      natsUrl: nats.url,
    });
    await probe.start();
  });

  afterAll(async () => {
    await probe?.stop();
    await roster?.close();
    await dropNamespace(namespace, { nats: nats.url });
    await nats?.dispose();
  });

  it('delivers all 200 events written while NATS was down, each exactly once', async () => {
    const units = roster.get(UnitsService);
    const ctx: RequestContext = {
      requestId: 'outage-test',
      tenantId: randomUUID(),
      userId: randomUUID(),
      username: 'officer',
      roles: ['org_officer'],
    };

    await nats.stop();
    const created = [];
    for (let i = 0; i < WRITES; i++) {
      created.push(
        await units.create(ctx, { code: `U${String(i).padStart(3, '0')}`, name: `单位${i}`, kind: 'department' }),
      );
    }
    const [{ pending }] = await probe.dataSource.query(
      `SELECT count(*)::int AS pending FROM "${namespace}_roster".outbox WHERE published_at IS NULL`,
    );
    expect(pending).toBe(WRITES); // nothing could be published: all waiting, none lost

    await nats.start();
    await eventually(async () => (await probe.counts()).distinct === WRITES, 60_000, 'all 200 events delivered');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await probe.counts()).toEqual({ rows: WRITES, distinct: WRITES });
    const applied = await probe.applied('roster.unit.created');
    expect(new Set(applied.map((r) => r.aggregate_id))).toEqual(new Set(created.map((u) => u.id)));
    const [{ unpublished }] = await probe.dataSource.query(
      `SELECT count(*)::int AS unpublished FROM "${namespace}_roster".outbox WHERE published_at IS NULL`,
    );
    expect(unpublished).toBe(0);
  });
});
