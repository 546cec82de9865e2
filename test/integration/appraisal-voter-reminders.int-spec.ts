import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dropNamespace, eventually, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import { createTenant, login, startAppraisal, startGateway, startReview, startRoster } from '../support';

/**
 * Reminders before close reach the voters who hold an unused token — review tells appraisal who has
 * not voted (`review.voters.pending`), never how anyone voted — and only those with a platform user.
 */
describe('reminders to voters who have not voted', () => {
  const namespace = testNamespace();
  let roster: INestApplication;
  let appraisal: INestApplication;
  let review: INestApplication;
  let gateway: INestApplication;
  let db: DataSource;
  let officer: string;
  const send = (method: 'post' | 'get', p: string, token: string | null, body?: object) => {
    const r = request(gateway.getHttpServer())[method](`/api/v1${p}`);
    return (token ? r.set('authorization', `Bearer ${token}`) : r).send(body);
  };

  beforeAll(async () => {
    roster = await startRoster(namespace);
    appraisal = await startAppraisal(namespace, { CYCLE_SWEEP_SECONDS: '2' });
    review = await startReview(namespace);
    gateway = await startGateway(namespace);
    db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await db.initialize();
    officer = (await createTenant(gateway, 'lvyuan')).token;
  });

  afterAll(async () => {
    await db?.destroy();
    await gateway?.close();
    await review?.close();
    await appraisal?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  it('reminds exactly the voters with a user who have not cast, once', async () => {
    const department = (await send('post', '/units', officer, { code: 'FGJ', name: '区发改局', kind: 'department' }))
      .body.id;
    const town = (await send('post', '/units', officer, { code: 'CCJD', name: '春城街道', kind: 'street' })).body.id;
    const cadre = (
      await send('post', '/cadres', officer, {
        personnelNo: 'X1',
        name: '被测评干部',
        gender: 'male',
        birthDate: '1980-01-01',
        unitId: department,
        position: '局长',
      })
    ).body.id;
    const user = async (username: string) =>
      (await send('post', '/users', officer, { username, password: 'password-1', roles: ['cadre'] })).body.id as string;
    const [voted, pending] = [await user('voter-voted'), await user('voter-pending')];
    const t0 = Date.now();
    const cycle = (
      await send('post', '/cycles', officer, {
        kind: 'random',
        name: '抢险救灾随机考核',
        year: new Date().getUTCFullYear(),
        topic: 'disaster_relief',
        opensAt: new Date(t0 - 60_000).toISOString(),
        closesAt: new Date(t0 + 14_000).toISOString(),
        reminderOffsetsHours: [5 / 3600],
      })
    ).body.id;
    // Review learns the cycle and the roster from their events.
    let campaign: request.Response | undefined;
    await eventually(
      async () => {
        campaign = await send('post', `/cycles/${cycle}/campaigns`, officer, {
          direction: 'top_down',
          subject: 'cadre',
          targetIds: [cadre],
          voters: [
            { name: '甲', unitId: town, group: '群众代表', userId: voted },
            { name: '乙', unitId: town, group: '群众代表', userId: pending },
            { name: '丙', unitId: town, group: '群众代表' },
          ],
        });
        return campaign.status === 201;
      },
      20_000,
      'campaign created',
    );
    const tokens = campaign!.body.tokens as Array<{ voter: { userId: string | null }; token: string }>;
    await eventually(
      async () => (await send('get', `/cycles/${cycle}`, officer)).body.status === 'open',
      15_000,
      'cycle open',
    );
    const token = tokens.find((t) => t.voter.userId === voted)!.token;
    await eventually(
      async () =>
        (await send('post', `/ballots/${token}`, null, { ratings: [{ targetId: cadre, grade: 'competent' }] }))
          .status === 201,
      15_000,
      'ballot cast',
    );
    await eventually(
      async () => (await send('get', `/cycles/${cycle}`, officer)).body.status === 'closed',
      25_000,
      'cycle closed',
    );
    const rows = await db.query(
      `SELECT kind, user_id::text AS "userId" FROM "${namespace}_appraisal".notifications WHERE cycle_id = $1`,
      [cycle],
    );
    expect(rows).toEqual([{ kind: 'ballot_reminder', userId: pending }]);
    const inbox = await send('get', '/me/notifications', await login(gateway, 'lvyuan', 'voter-pending', 'password-1'));
    expect(inbox.body.items).toEqual([
      expect.objectContaining({ kind: 'ballot_reminder', title: '【抢险救灾随机考核】民主测评待投票' }),
    ]);
  }, 90_000);
});
