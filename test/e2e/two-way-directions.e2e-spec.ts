import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { CycleSnapshotV1, DISTRICT_LEADER_GROUP, eventSubject, subjectPrefix } from '@cadre/contracts';
import { dropNamespace, eventually, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { createTenant, startGateway, startReview, startRoster } from '../support';

/**
 * 双向考核 directions through the gateway: top-down, district leaders (group 区级领导) rate the
 * departments and the departments rate the towns, streets and zones; bottom-up, the towns, streets
 * and zones rate the departments. Each right combination is accepted; each wrong one is refused with
 * 422 naming the rule on the field that breaks it, and writes nothing.
 */
describe('two-way directions', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let review: INestApplication;
  let gateway: INestApplication;
  let nc: NatsConnection;
  let db: DataSource;
  let officer: string;
  let tenantId: string;
  let cycleId: string;
  const units: Record<string, string> = {};
  const schema = `${namespace}_review`;
  const send = (path: string, body: object) =>
    request(gateway.getHttpServer()).post(`/api/v1${path}`).set('authorization', `Bearer ${officer}`).send(body);
  const voter = (unit: string, group = '群众代表') => ({ name: `${unit}-${group}`, unitId: units[unit], group });
  const leader = (unit = 'fgj') => voter(unit, DISTRICT_LEADER_GROUP);
  const create = (direction: string, targets: string[], voters: object[]) =>
    send(`/cycles/${cycleId}/campaigns`, {
      direction,
      subject: 'unit',
      targetIds: targets.map((t) => units[t]),
      voters,
    });
  const campaigns = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM "${schema}".campaigns WHERE cycle_id = $1`, [cycleId]))[0]
      .n as number;

  beforeAll(async () => {
    roster = await startRoster(namespace);
    review = await startReview(namespace);
    gateway = await startGateway(namespace);
    nc = await connect({ servers: TEST_NATS_URL });
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    ({ token: officer, tenantId } = await createTenant(gateway, 'lvyuan'));
    for (const [key, name, kind] of [
      ['fgj', '区发改局', 'department'],
      ['jtj', '区交通局', 'department'],
      ['town', '合心镇', 'town'],
      ['street', '正阳街道', 'street'],
      ['zone', '经济开发区', 'zone'],
    ]) {
      const res = await send('/units', { code: key.toUpperCase(), name, kind });
      expect(res.status).toBe(201);
      units[key] = res.body.id;
    }
    // Review learns the cycle from appraisal's event, as it would from the appraisal service.
    cycleId = randomUUID();
    const data: CycleSnapshotV1 = {
      id: cycleId,
      kind: 'periodic',
      name: '2026年上半年定期考核',
      year: 2026,
      half: 1,
      topic: null,
      opensAt: '2026-06-01T00:00:00+08:00',
      closesAt: '2026-06-30T00:00:00+08:00',
      unitIds: null,
      status: 'open',
    };
    const event = {
      id: randomUUID(),
      type: 'appraisal.cycle.opened',
      version: 1,
      tenantId,
      occurredAt: new Date().toISOString(),
      actor: null,
      aggregateId: cycleId,
      data,
    };
    await jetstream(nc).publish(eventSubject(subjectPrefix(namespace), event.type), JSON.stringify(event), {
      msgID: event.id,
    });
    await eventually(
      async () =>
        (await db.query(`SELECT 1 FROM "${schema}".cycles WHERE id = $1`, [cycleId])).length > 0 &&
        (await db.query(`SELECT count(*)::int AS n FROM "${schema}".units`))[0].n === 5,
      20_000,
      'cycle and units projected',
    );
  });

  afterAll(async () => {
    await nc?.close();
    await db?.destroy();
    await gateway?.close();
    await review?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('refuses each wrong combination with 422 naming the rule, and writes nothing', async () => {
    const wrong: Array<[string, string, string[], object[], Array<{ field: string; message: string }>]> = [
      [
        'top-down: departments rated by a department',
        'top_down',
        ['fgj'],
        [leader('town'), voter('jtj', '部门负责人')],
        [{ field: 'voters[1].group', message: '自上而下评价区直部门由区级领导评价：投票人分组应为“区级领导”' }],
      ],
      [
        'top-down: departments rated by a town',
        'top_down',
        ['fgj', 'jtj'],
        [voter('town')],
        [{ field: 'voters[0].group', message: '自上而下评价区直部门由区级领导评价：投票人分组应为“区级领导”' }],
      ],
      [
        'top-down: towns rated by a district leader',
        'top_down',
        ['town'],
        [voter('fgj'), leader()],
        [{ field: 'voters[1].group', message: '自上而下评价镇、街道、开发区由区直部门评价，区级领导评价的是区直部门' }],
      ],
      [
        'top-down: a street rated by a zone',
        'top_down',
        ['street'],
        [voter('zone')],
        [{ field: 'voters[0].unitId', message: '自上而下评价镇、街道、开发区由区直部门评价：投票人应来自区直部门' }],
      ],
      [
        'top-down: departments and towns in one campaign',
        'top_down',
        ['fgj', 'town'],
        [leader(), voter('jtj')],
        [
          {
            field: 'targetIds',
            message:
              '自上而下评价中区级领导评价区直部门、区直部门评价镇街和开发区，应分别发起：区直部门 区发改局；镇街、开发区 合心镇',
          },
        ],
      ],
      [
        'bottom-up: a street rated',
        'bottom_up',
        ['fgj', 'street'],
        [voter('town')],
        [{ field: 'targetIds', message: '自下而上评价的对象应为区直部门：正阳街道' }],
      ],
      [
        'bottom-up: departments rated by a department',
        'bottom_up',
        ['fgj'],
        [voter('jtj')],
        [{ field: 'voters[0].unitId', message: '自下而上评价的投票人应来自镇、街道或开发区' }],
      ],
      [
        'bottom-up: departments rated by a district leader',
        'bottom_up',
        ['fgj'],
        [voter('town'), leader('zone')],
        [{ field: 'voters[1].group', message: '自下而上评价由镇、街道、开发区评价区直部门，投票人不能是区级领导' }],
      ],
    ];
    for (const [what, direction, targets, voters, errors] of wrong) {
      const res = await create(direction, targets, voters);
      expect([what, res.status, res.headers['content-type']]).toEqual([
        what,
        422,
        expect.stringContaining('application/problem+json'),
      ]);
      expect([what, res.body.errors]).toEqual([what, errors]);
      expect([what, res.body.detail]).toEqual([
        what,
        direction === 'top_down'
          ? '测评活动不符合自上而下评价的规则：区级领导评价区直部门，区直部门评价镇、街道、开发区'
          : '测评活动不符合自下而上评价的规则：镇、街道、开发区评价区直部门',
      ]);
    }
    expect(await campaigns()).toBe(0);
  });

  it('accepts each right combination', async () => {
    const right: Array<[string, string, string[], object[]]> = [
      ['top-down: district leaders rate departments', 'top_down', ['fgj', 'jtj'], [leader(), leader('town')]],
      [
        'top-down: departments rate towns, streets and zones',
        'top_down',
        ['town', 'street', 'zone'],
        [voter('fgj', '部门负责人'), voter('jtj')],
      ],
      [
        'bottom-up: towns, streets and zones rate departments',
        'bottom_up',
        ['fgj', 'jtj'],
        [voter('town'), voter('street'), voter('zone', '班子成员')],
      ],
      ['peer: no direction', 'peer', ['fgj', 'town'], [voter('street'), leader()]],
    ];
    for (const [what, direction, targets, voters] of right) {
      const res = await create(direction, targets, voters);
      expect([what, res.status]).toEqual([what, 201]);
    }
    expect(await campaigns()).toBe(right.length);
  });
});
