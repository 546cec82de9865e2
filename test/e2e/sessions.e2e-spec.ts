import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { dropNamespace, eventually, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import { GatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import { ADMIN, createTenant, login, startGateway, startRoster } from '../support';

/** The bound the platform promises: a revoked token answers 401 on every replica within it. */
const REVOKED_WITHIN_MS = 5_000;

/**
 * Sessions and passwords (issue 14): revocable tokens across two gateway replicas, per-account
 * lockout that rotating X-Forwarded-For does not escape, X-Forwarded-For believed only from the
 * named proxies, the password policy on every route that sets a password, user management per tenant.
 */
describe('sessions and passwords', () => {
  const namespace = testNamespace();
  // Both replicas sign and verify with one secret, as in a deployment.
  const env = { JWT_SECRET: randomBytes(32).toString('hex'), LOGIN_RATE_LIMIT_PER_MINUTE: '1000' };
  let roster: INestApplication;
  let gateway: INestApplication;
  let replica: INestApplication;
  let db: Client;
  let officer: string;
  let otherOfficer: string;
  let unitId: string;
  const on = (app: INestApplication) => request(app.getHttpServer());
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const audit = (where: string, params: unknown[] = []) =>
    db
      .query(
        `SELECT action, path, status, username, user_id, ip FROM "${namespace}_gateway".audit_log WHERE ${where} ORDER BY seq`,
        params,
      )
      .then((r) => r.rows);

  beforeAll(async () => {
    roster = await startRoster(namespace);
    gateway = await startGateway(namespace, env);
    replica = await startGateway(namespace, env);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    officer = (await createTenant(gateway, 'lvyuan', { username: 'officer', password: 'demo-pass-2026' })).token;
    otherOfficer = (await createTenant(gateway, 'nanguan', { username: 'officer', password: 'demo-pass-2026' })).token;
    unitId = (
      await on(gateway)
        .post('/api/v1/units')
        .set(auth(officer))
        .send({ code: 'LY-1', name: '区发改局', kind: 'department' })
        .expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await db?.end();
    await replica?.close();
    await gateway?.close();
    await roster?.close();
    await dropNamespace(namespace);
  });

  const createUser = async (
    username: string,
    password: string,
    roles: string[] = ['org_officer'],
    extra: Record<string, unknown> = {},
  ) =>
    (
      await on(gateway)
        .post('/api/v1/users')
        .set(auth(officer))
        .send({ username, password, roles, ...extra })
        .expect(201)
    ).body.id as string;

  /** What a token gets from each replica on a route every role reaches past the token check (403 is a valid token without the role). */
  const statuses = async (token: string, userId: string) =>
    Promise.all(
      [gateway, replica].map(async (app) => (await on(app).get(`/api/v1/users/${userId}`).set(auth(token))).status),
    );

  const expectAccepted = async (token: string, userId: string) => {
    for (const status of await statuses(token, userId)) expect(status).not.toBe(401);
  };

  /** Polls both replicas until the token answers 401 on each, for at most the promised bound. */
  const expectRevokedEverywhere = (token: string, userId: string, what: string) =>
    eventually(
      async () => (await statuses(token, userId)).every((s) => s === 401),
      REVOKED_WITHIN_MS,
      `${what}: 401 on both replicas`,
    );

  describe('revocation: earlier tokens answer 401 on every replica within 5 s', () => {
    it('after logout (done on the other replica), for every session of the user', async () => {
      const id = await createUser('logout1', 'river-stone-42');
      const first = await login(gateway, 'lvyuan', 'logout1', 'river-stone-42');
      const second = await login(replica, 'lvyuan', 'logout1', 'river-stone-42');
      await expectAccepted(first, id);
      await expectAccepted(second, id);
      await on(replica).post('/api/v1/auth/logout').set(auth(second)).expect(204);
      await expectRevokedEverywhere(first, id, 'logout');
      await expectRevokedEverywhere(second, id, 'logout');
      const refused = await on(gateway).get(`/api/v1/users/${id}`).set(auth(first));
      expect(refused.body).toMatchObject({ status: 401 });
      // Signing in again gives a working token.
      await expectAccepted(await login(gateway, 'lvyuan', 'logout1', 'river-stone-42'), id);
    });

    it('after deactivation; a deactivated user cannot sign in until reactivated', async () => {
      const id = await createUser('deact1', 'river-stone-42');
      const token = await login(gateway, 'lvyuan', 'deact1', 'river-stone-42');
      await expectAccepted(token, id);
      const res = await on(replica).patch(`/api/v1/users/${id}`).set(auth(officer)).send({ active: false }).expect(200);
      expect(res.body).toMatchObject({ id, active: false });
      await expectRevokedEverywhere(token, id, 'deactivation');
      await on(gateway)
        .post('/api/v1/auth/login')
        .send({ tenant: 'lvyuan', username: 'deact1', password: 'river-stone-42' })
        .expect(401);
      await on(replica).patch(`/api/v1/users/${id}`).set(auth(officer)).send({ active: true }).expect(200);
      await expectAccepted(await login(gateway, 'lvyuan', 'deact1', 'river-stone-42'), id);
    });

    it('after the user changes their own password (wrong current password refused, naming current)', async () => {
      const id = await createUser('ownpw1', 'river-stone-42');
      const token = await login(gateway, 'lvyuan', 'ownpw1', 'river-stone-42');
      const wrong = await on(replica)
        .post('/api/v1/me/password')
        .set(auth(token))
        .send({ current: 'not-my-password', next: 'lake-cloud-77' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'current' })]);
      await expectAccepted(token, id);
      await on(replica)
        .post('/api/v1/me/password')
        .set(auth(token))
        .send({ current: 'river-stone-42', next: 'lake-cloud-77' })
        .expect(204);
      await expectRevokedEverywhere(token, id, 'own password change');
      await on(gateway)
        .post('/api/v1/auth/login')
        .send({ tenant: 'lvyuan', username: 'ownpw1', password: 'river-stone-42' })
        .expect(401);
      await expectAccepted(await login(gateway, 'lvyuan', 'ownpw1', 'lake-cloud-77'), id);
    });

    it('after an officer resets the password', async () => {
      const id = await createUser('reset1', 'river-stone-42', ['assessor']);
      const token = await login(gateway, 'lvyuan', 'reset1', 'river-stone-42');
      await expectAccepted(token, id);
      await on(replica)
        .post(`/api/v1/users/${id}/password`)
        .set(auth(officer))
        .send({ password: 'lake-cloud-77' })
        .expect(204);
      await expectRevokedEverywhere(token, id, 'password reset');
      await login(gateway, 'lvyuan', 'reset1', 'lake-cloud-77');
    });

    it('after a role change; the new token carries the new roles', async () => {
      const id = await createUser('roles1', 'river-stone-42', ['org_officer']);
      const token = await login(gateway, 'lvyuan', 'roles1', 'river-stone-42');
      expect(await statuses(token, id)).toEqual([200, 200]);
      const res = await on(replica)
        .patch(`/api/v1/users/${id}`)
        .set(auth(officer))
        .send({ roles: ['assessor'] })
        .expect(200);
      expect(res.body.roles).toEqual(['assessor']);
      await expectRevokedEverywhere(token, id, 'role change');
      // An assessor's valid token: past the token check, refused by role.
      expect(await statuses(await login(replica, 'lvyuan', 'roles1', 'river-stone-42'), id)).toEqual([403, 403]);
    });

    it('after a unit change of a unit leader, and not after a PATCH that changes nothing', async () => {
      const id = await createUser('leader1', 'river-stone-42', ['unit_leader'], { unitId });
      const token = await login(gateway, 'lvyuan', 'leader1', 'river-stone-42');
      await on(replica)
        .patch(`/api/v1/users/${id}`)
        .set(auth(officer))
        .send({ roles: ['unit_leader'], unitId })
        .expect(200);
      await expectAccepted(token, id);
      const other = (
        await on(gateway)
          .post('/api/v1/units')
          .set(auth(officer))
          .send({ code: 'LY-2', name: '区财政局', kind: 'department' })
          .expect(201)
      ).body.id;
      const res = await on(replica).patch(`/api/v1/users/${id}`).set(auth(officer)).send({ unitId: other }).expect(200);
      expect(res.body.unitId).toBe(other);
      await expectRevokedEverywhere(token, id, 'unit change');
    });

    it('records every change in the audit log with the target user, never a password', async () => {
      const rows = await eventually(
        async () => {
          const r = await audit(
            `action IN ('PATCH /api/v1/users/:id', 'POST /api/v1/users/:id/password', 'POST /api/v1/me/password', 'POST /api/v1/auth/logout')`,
          );
          return r.length >= 9 ? r : null;
        },
        5_000,
        'audit rows',
      );
      const reset = await db.query(`SELECT id FROM "${namespace}_gateway".users WHERE username = 'reset1'`);
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'POST /api/v1/users/:id/password',
            path: `/api/v1/users/${reset.rows[0].id}/password`,
            status: 204,
            username: 'officer',
          }),
        ]),
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'POST /api/v1/auth/logout', status: 204, username: 'logout1' }),
        ]),
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'POST /api/v1/me/password', status: 403, username: 'ownpw1' }),
        ]),
      );
      expect(
        rows.filter((r) => r.action === 'PATCH /api/v1/users/:id').every((r) => /\/users\/[0-9a-f-]{36}$/.test(r.path)),
      ).toBe(true);
      const all = JSON.stringify((await db.query(`SELECT * FROM "${namespace}_gateway".audit_log`)).rows);
      expect(all).not.toContain('river-stone-42');
      expect(all).not.toContain('lake-cloud-77');
    });
  });

  describe('user management', () => {
    it('GET and PATCH /users/:id of another tenant answer 404, as an unknown id; nothing changes', async () => {
      const id = await createUser('mine1', 'river-stone-42', ['assessor']);
      await on(gateway).get(`/api/v1/users/${id}`).set(auth(officer)).expect(200);
      expect((await on(gateway).get(`/api/v1/users/${id}`).set(auth(otherOfficer))).status).toBe(404);
      expect(
        (await on(gateway).patch(`/api/v1/users/${id}`).set(auth(otherOfficer)).send({ active: false })).status,
      ).toBe(404);
      expect(
        (
          await on(gateway)
            .post(`/api/v1/users/${id}/password`)
            .set(auth(otherOfficer))
            .send({ password: 'lake-cloud-77' })
        ).status,
      ).toBe(404);
      expect((await on(gateway).get(`/api/v1/users/${id}`).set(auth(officer))).body).toMatchObject({ active: true });
      await login(gateway, 'lvyuan', 'mine1', 'river-stone-42');
    });

    it('keeps the scope rules of create: a leader keeps a unit of the tenant, only an administrator grants admin', async () => {
      const id = await createUser('scope1', 'river-stone-42', ['assessor']);
      const noUnit = await on(gateway)
        .patch(`/api/v1/users/${id}`)
        .set(auth(officer))
        .send({ roles: ['unit_leader'] });
      expect(noUnit.status).toBe(400);
      expect(noUnit.body.errors).toEqual([expect.objectContaining({ field: 'unitId' })]);
      const foreignUnit = (
        await on(gateway)
          .post('/api/v1/units')
          .set(auth(otherOfficer))
          .send({ code: 'NG-1', name: '南关区发改局', kind: 'department' })
          .expect(201)
      ).body.id;
      const foreign = await on(gateway)
        .patch(`/api/v1/users/${id}`)
        .set(auth(officer))
        .send({ roles: ['unit_leader'], unitId: foreignUnit });
      expect(foreign.status).toBe(422);
      expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'unitId' })]);
      expect(
        (
          await on(gateway)
            .patch(`/api/v1/users/${id}`)
            .set(auth(officer))
            .send({ roles: ['admin'] })
        ).status,
      ).toBe(403);
      const bad = await on(gateway)
        .patch(`/api/v1/users/${id}`)
        .set(auth(officer))
        .send({ roles: ['king'], active: 'no', unitId: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['active', 'roles', 'unitId']);
      expect((await on(gateway).get(`/api/v1/users/${id}`).set(auth(officer))).body).toMatchObject({
        roles: ['assessor'],
        unitId: null,
        active: true,
      });
      // Only an officer or administrator manages users.
      const assessor = await login(gateway, 'lvyuan', 'scope1', 'river-stone-42');
      expect((await on(gateway).patch(`/api/v1/users/${id}`).set(auth(assessor)).send({ active: false })).status).toBe(
        403,
      );
    });
  });

  describe('password policy: at least 10 characters, not common, not containing the username', () => {
    const weak = [
      { password: 'short-1', why: /太短/ },
      { password: 'Password123', why: /常见/ },
      { password: 'qwertyuiop', why: /常见/ },
      { password: 'my-weakuser-pass', why: /用户名/ },
    ];

    const expectRefused = (res: request.Response, field: string, why: RegExp) => {
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
        status: 400,
        type: expect.stringMatching(/problem\+json/),
      });
      expect(res.body.errors).toEqual([{ field, message: expect.stringMatching(why) }]);
    };

    it('POST /users', async () => {
      for (const { password, why } of weak)
        expectRefused(
          await on(gateway)
            .post('/api/v1/users')
            .set(auth(officer))
            .send({ username: 'weakuser', password, roles: ['assessor'] }),
          'password',
          why,
        );
      const users = (await on(gateway).get('/api/v1/users').set(auth(officer))).body.items;
      expect(users.map((u: { username: string }) => u.username)).not.toContain('weakuser');
    });

    it('POST /tenants (officer.password)', async () => {
      const admin = await login(gateway, ADMIN.tenant, ADMIN.username, ADMIN.password);
      for (const { password, why } of weak) {
        const res = await on(gateway)
          .post('/api/v1/tenants')
          .set(auth(admin))
          .send({
            code: 'weak',
            name: '弱密码组织部',
            timezone: 'Asia/Shanghai',
            officer: { username: 'weakuser', password },
          });
        expectRefused(res, 'officer.password', why);
      }
      const tenants = (await on(gateway).get('/api/v1/tenants').set(auth(admin))).body.items;
      expect(tenants.map((t: { code: string }) => t.code)).not.toContain('weak');
    });

    it('POST /users/:id/password', async () => {
      const id = await createUser('weakuser', 'river-stone-42', ['assessor']);
      for (const { password, why } of weak)
        expectRefused(
          await on(gateway).post(`/api/v1/users/${id}/password`).set(auth(officer)).send({ password }),
          'password',
          why,
        );
      await login(gateway, 'lvyuan', 'weakuser', 'river-stone-42');
    });

    it('POST /me/password (next)', async () => {
      const token = await login(gateway, 'lvyuan', 'weakuser', 'river-stone-42');
      for (const { password, why } of weak)
        expectRefused(
          await on(gateway)
            .post('/api/v1/me/password')
            .set(auth(token))
            .send({ current: 'river-stone-42', next: password }),
          'next',
          why,
        );
      await login(gateway, 'lvyuan', 'weakuser', 'river-stone-42');
    });
  });

  describe('lockout: 10 failed logins of one account, from any address, lock it for 15 minutes', () => {
    it('answers 429 with one message whatever the password, leaves other accounts alone, and is audited', async () => {
      await createUser('locked1', 'river-stone-42', ['assessor']);
      await createUser('bystander', 'river-stone-42', ['assessor']);
      // Each attempt from a different address: only a per-account count stops this.
      const attempt = (i: number, password: string, username = 'locked1') =>
        on(i % 2 === 0 ? gateway : replica)
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', `10.9.${i}.${i + 1}`)
          .send({ tenant: 'lvyuan', username, password });
      for (let i = 0; i < 10; i++) expect((await attempt(i, `guess-number-${i}`)).status).toBe(401);
      const right = await attempt(10, 'river-stone-42');
      const wrongAgain = await attempt(11, 'guess-number-11');
      expect(right.status).toBe(429);
      expect(wrongAgain.status).toBe(429);
      const { requestId: _a, ...rightAnswer } = right.body;
      const { requestId: _b, ...wrongAnswer } = wrongAgain.body;
      expect(rightAnswer).toEqual(wrongAnswer);
      expect(right.headers['content-type']).toMatch(/problem\+json/);
      expect(right.body.detail).toMatch(/锁定/);
      expect(right.body.accessToken).toBeUndefined();
      // Another account of the tenant, and the same username in another tenant, are not locked.
      expect((await attempt(12, 'river-stone-42', 'bystander')).status).toBe(200);
      expect(
        (
          await on(gateway)
            .post('/api/v1/auth/login')
            .send({ tenant: 'nanguan', username: 'officer', password: 'demo-pass-2026' })
        ).status,
      ).toBe(200);

      const rows = await eventually(
        async () => {
          const r = await audit(`username = 'locked1' AND (action = 'LOCK account' OR path = '/api/v1/auth/login')`);
          return r.filter((x) => x.status === 429 && x.action !== 'LOCK account').length >= 2 &&
            r.some((x) => x.action === 'LOCK account')
            ? r
            : null;
        },
        5_000,
        'lockout audited',
      );
      expect(rows.filter((r) => r.action === 'LOCK account')).toEqual([
        expect.objectContaining({ status: 429, path: '/auth/lock/lvyuan/locked1' }),
      ]);
      // The proxy here is loopback, trusted by default: the rotated addresses are what the audit log names.
      expect(rows.filter((r) => r.status === 401).map((r) => r.ip)).toEqual(
        Array.from({ length: 10 }, (_, i) => `10.9.${i}.${i + 1}`),
      );
    });
  });

  describe('X-Forwarded-For is believed only from the proxies TRUST_PROXY names (default: loopback)', () => {
    it('defaults to loopback', () => {
      expect(new GatewayConfig().TRUST_PROXY).toBe('loopback');
    });

    /**
     * A client on a private address of this machine (not loopback): before, 'uniquelocal' and the
     * private IPv4 ranges were trusted, so such a client chose its own address. Without such an
     * address here, the gateway names another proxy and the client comes over loopback instead.
     */
    it('ignores a spoofed header: the audit log names the real address and the rate-limit bucket is not fresh', async () => {
      const candidates = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && !a.internal && !a.address.startsWith('fe80'));
      // A private address first: those are what the old setting trusted.
      const nonLoopback =
        candidates.find((a) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|f[cd])/i.test(a!.address)) ?? candidates[0];
      const limits = {
        ...env,
        LOGIN_RATE_LIMIT_PER_MINUTE: '3',
        ...(nonLoopback ? {} : { TRUST_PROXY: '192.0.2.250' }),
      };
      // Started last in this file: the login limit is process-wide, and 3 would stop the other tests.
      const edge = await startGateway(namespace, limits);
      try {
        await new Promise<void>((resolve) => edge.getHttpServer().listen(0, '::', resolve));
        const { port } = edge.getHttpServer().address() as AddressInfo;
        const host = nonLoopback
          ? nonLoopback.family === 'IPv6'
            ? `[${nonLoopback.address}]`
            : nonLoopback.address
          : '127.0.0.1';
        const client = nonLoopback?.address ?? '127.0.0.1';
        const attempt = (i: number) =>
          request(`http://${host}:${port}`)
            .post('/api/v1/auth/login')
            .set('x-forwarded-for', `203.0.113.${i}`)
            .send({ tenant: 'lvyuan', username: `spoofer${i}`, password: 'guess-number-1' });
        const answers = [];
        for (let i = 1; i <= 4; i++) answers.push((await attempt(i)).status);
        // Three per minute from one client: a fresh address per request would have made every one a 401.
        expect(answers).toEqual([401, 401, 401, 429]);
        const rows = await eventually(
          async () => {
            const r = await audit(`path = '/api/v1/auth/login' AND username LIKE 'spoofer%'`);
            return r.length >= 4 ? r : null;
          },
          5_000,
          'spoofed logins audited',
        );
        for (const row of rows) {
          expect(row.ip).not.toMatch(/203\.0\.113/);
          expect(row.ip.replace(/^::ffff:/, '')).toBe(client);
        }
      } finally {
        await edge.close();
      }
    });
  });
});
