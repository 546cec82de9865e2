import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { eventSubject, streamName, subjectPrefix } from '@cadre/contracts';
import { eventually, ProbeConsumer } from '@cadre/testing';
import { FaultStack } from './support/fault-stack';
import { overdueEvent } from './support/checks';
import { Client } from './support/workload';

/**
 * The same thing three times at once changes nothing after the first:
 *  - one ballot (the same token and content) posted three times concurrently: one 201, two 409, one
 *    ballot stored, the token used once, the results counting it once;
 *  - one event published three times with distinct JetStream message ids (so the broker's dedupe
 *    does not catch them: three messages in the stream), consumed by two replicas of every service:
 *    applied once in every consumer — analytics' overdue counter (an increment) goes to 1, not 3.
 */
describe('duplicate storm', () => {
  const stack = new FaultStack();
  const client = new Client(() => stack.base);
  let nc: NatsConnection;
  let probe: ProbeConsumer;
  let officer: string;
  let tenantId: string;
  let cadreId: string;
  let cycleId: string;
  let campaign: { id: string; tokens: Array<{ token: string }> };

  beforeAll(async () => {
    await stack.start();
    // A second replica of every consumer, so copies of one event can be worked on side by side.
    await Promise.all(
      (['checklists', 'appraisal', 'review', 'analytics'] as const).map((app) =>
        stack.startApp(app, { ROLE: 'worker' }, `${app}-2`),
      ),
    );
    nc = await connect({ servers: stack.urls.nats });
    probe = new ProbeConsumer({
      namespace: stack.namespace,
      types: ['roster.cadre.updated', 'checklists.task.overdue'],
      databaseUrl: stack.urls.database,
      natsUrl: stack.urls.nats,
    });
    await probe.start();

    const admin = (
      await client.expect(
        'POST',
        '/auth/login',
        null,
        { tenant: 'system', username: 'admin', password: 'system-pass-2026' },
        [200],
      )
    ).body.accessToken;
    tenantId = (
      await client.expect(
        'POST',
        '/tenants',
        admin,
        {
          code: 'storm',
          name: '风暴组织部',
          timezone: 'Asia/Shanghai',
          officer: { username: 'officer', password: 'demo-pass-2026' },
        },
        [201],
      )
    ).body.id;
    officer = (
      await client.expect(
        'POST',
        '/auth/login',
        null,
        { tenant: 'storm', username: 'officer', password: 'demo-pass-2026' },
        [200],
      )
    ).body.accessToken;
    const unit = (
      await client.expect('POST', '/units', officer, { code: 'FGJ', name: '区发改局', kind: 'department' }, [201])
    ).body.id;
    const town = (await client.expect('POST', '/units', officer, { code: 'TOWN', name: '春城镇', kind: 'town' }, [201]))
      .body.id;
    cadreId = (
      await client.expect(
        'POST',
        '/cadres',
        officer,
        { personnelNo: 'S-1', name: '风暴', gender: 'male', birthDate: '1980-01-01', unitId: unit, position: '局长' },
        [201],
      )
    ).body.id;
    const year = new Date().getUTCFullYear();
    cycleId = (
      await client.expect(
        'POST',
        '/cycles',
        officer,
        {
          kind: 'periodic',
          name: '上半年',
          year,
          half: 1,
          opensAt: new Date(Date.now() + 86_400_000).toISOString(),
          closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
        [201],
      )
    ).body.id;
    await client.expect('POST', `/cycles/${cycleId}/open`, officer, undefined, [200, 201]);
    campaign = (
      await client.expect(
        'POST',
        `/cycles/${cycleId}/campaigns`,
        officer,
        {
          direction: 'top_down',
          subject: 'cadre',
          targetIds: [cadreId],
          voters: [
            { name: '张三', unitId: town, group: '群众代表' },
            { name: '李四', unitId: town, group: '群众代表' },
          ],
        },
        [201],
        [404, 409, 422],
      )
    ).body;
  }, 180_000);

  afterAll(async () => {
    await probe?.stop();
    await nc?.close();
    await stack.stop();
  });

  it('takes one of three identical ballots sent at once: one 201, two 409', async () => {
    const token = campaign.tokens[0].token;
    const body = { ratings: [{ targetId: cadreId, grade: 'excellent', scores: { morality: 90, ability: 92 } }] };
    const once = new Client(() => stack.base, 0);
    const answers = await Promise.all([1, 2, 3].map(() => once.send('POST', `/ballots/${token}`, null, body, null)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const db = stack.namespace;
    const [{ n }] = await probe.dataSource.query(
      `SELECT count(*)::int AS n FROM "${db}_review".ballots WHERE campaign_id = $1`,
      [campaign.id],
    );
    expect(n).toBe(1);
    const participation = await client.expect(
      'GET',
      `/campaigns/${campaign.id}/participation`,
      officer,
      undefined,
      [200],
    );
    expect(participation.body).toMatchObject({ issued: 2, cast: 1 });
    // Results appear once the cycle has closed (a one-ballot target shows its count only).
    await client.expect('POST', `/cycles/${cycleId}/close`, officer, undefined, [200, 201]);
    const results = await eventually(
      async () => {
        const r = await client.send('GET', `/campaigns/${campaign.id}/results`, officer);
        const rows = Array.isArray(r.body) ? r.body : (r.body?.items ?? []);
        return rows.length === 1 && rows[0].ballots >= 1 ? rows : null;
      },
      20_000,
      'results',
    );
    expect(results[0].ballots).toBe(1);
  });

  it('applies an event published three times (distinct message ids) once in every consumer', async () => {
    const year = new Date().getUTCFullYear();
    const subject = (type: string) => eventSubject(subjectPrefix(stack.namespace), type);
    const js = jetstream(nc);
    const overdue = overdueEvent(tenantId, cadreId, year);
    // The cadre's snapshot as roster publishes it, one version on: every service consumes it.
    const current = (await client.expect('GET', `/cadres/${cadreId}`, officer, undefined, [200])).body;
    const updated = {
      id: randomUUID(),
      type: 'roster.cadre.updated',
      version: 1,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: null,
      aggregateId: cadreId,
      data: {
        ...snapshotOf(current),
        name: '风暴（改名）',
        versionNo: (current.versionNo ?? 1) + 1,
        changed: ['name'],
      },
    };
    const seqs: number[] = [];
    for (const event of [overdue, updated]) {
      const acks = await Promise.all(
        ['a', 'b', 'c'].map((copy) =>
          js.publish(subject(event.type), JSON.stringify(event), { msgID: `${event.id}-${copy}` }),
        ),
      );
      expect(acks.every((a) => !a.duplicate)).toBe(true); // three messages, not deduped by the broker
      seqs.push(...acks.map((a) => a.seq));
    }
    expect(new Set(seqs).size).toBe(6);

    // The probe sees each event once, though each came three times.
    await eventually(async () => (await probe.counts()).distinct === 2, 20_000, 'probe applied both');
    const s = (service: string) => `"${stack.namespace}_${service}"`;
    const inboxOf = async (service: string, id: string) =>
      (await probe.dataSource.query(`SELECT count(*)::int AS n FROM ${s(service)}.inbox WHERE event_id = $1`, [id]))[0]
        .n;
    await eventually(
      async () => (await inboxOf('analytics', overdue.id)) === 1,
      20_000,
      'analytics applied the overdue event',
    );
    for (const service of ['checklists', 'appraisal', 'review', 'analytics']) {
      await eventually(
        async () => (await inboxOf(service, updated.id)) === 1,
        20_000,
        `${service} applied the cadre update`,
      );
    }
    // Let every copy be delivered and acked before counting effects (all three are in the stream).
    await eventually(
      async () => {
        const info = await (await jetstreamManager(nc)).consumers.list(streamName(stack.namespace)).next();
        return info.every((c) => c.num_ack_pending === 0 && c.num_pending === 0);
      },
      20_000,
      'every consumer caught up',
    );
    await new Promise((r) => setTimeout(r, 500));

    expect(await probe.counts()).toEqual({ rows: 2, distinct: 2 });
    const [score] = await probe.dataSource.query(
      `SELECT overdue FROM ${s('analytics')}.task_scores WHERE cadre_id = $1 AND year = $2`,
      [cadreId, year],
    );
    expect(score.overdue).toBe(1); // an increment: applied three times it would say 3
    for (const service of ['checklists', 'appraisal', 'review', 'analytics']) {
      const [row] = await probe.dataSource.query(
        `SELECT name, version_no AS "versionNo" FROM ${s(service)}.cadres WHERE id = $1`,
        [cadreId],
      );
      expect({ service, ...row }).toEqual({ service, name: '风暴（改名）', versionNo: 2 });
    }
    const [{ n: history }] = await probe.dataSource.query(
      `SELECT count(*)::int AS n FROM ${s('analytics')}.cadre_history WHERE cadre_id = $1`,
      [cadreId],
    );
    expect(history).toBe(2); // created + this update, once
  });
});

/** The roster snapshot (CadreSnapshotV1) of a cadre as GET /cadres/:id shows it. */
function snapshotOf(c: Record<string, unknown>): Record<string, unknown> {
  const { history: _h, ...rest } = c as { history?: unknown };
  return rest;
}
