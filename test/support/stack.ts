import type { INestApplication } from '@nestjs/common';
import { createServiceApp, startServiceApp, validateConfig } from '@cadre/platform';
import { testEnv } from '@cadre/testing';
import request from 'supertest';
import { GatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import { configureGateway } from '../../apps/gateway/src/configure-gateway';
import { GatewayHttpAdapter } from '../../apps/gateway/src/gateway-http-adapter';
import { GatewayModule } from '../../apps/gateway/src/gateway.module';
import { RosterConfig } from '../../apps/roster/src/config/roster.config';
import { RosterModule } from '../../apps/roster/src/roster.module';

export const ADMIN = { tenant: 'system', username: 'admin', password: 'system-pass-2026' };

/** The roster service in this process (no HTTP listener: tests talk to it through NATS). */
export async function startRoster(
  namespace: string,
  overrides: Record<string, string> = {},
): Promise<INestApplication> {
  const config = validateConfig(RosterConfig, testEnv(namespace, overrides));
  const app = await createServiceApp(RosterModule.forRoot(config));
  await startServiceApp(app);
  return app;
}

/** The gateway in this process; supertest drives its HTTP server without a port. */
export async function startGateway(
  namespace: string,
  overrides: Record<string, string> = {},
  options: { ballotFastPath?: boolean } = {},
): Promise<INestApplication> {
  const config = validateConfig(GatewayConfig, testEnv(namespace, overrides));
  const app = await createServiceApp(GatewayModule.forRoot(config), { httpAdapter: new GatewayHttpAdapter() });
  configureGateway(app, config, options);
  await startServiceApp(app);
  return app;
}

export async function login(
  app: INestApplication,
  tenant: string,
  username: string,
  password: string,
): Promise<string> {
  const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ tenant, username, password });
  if (res.status !== 200)
    throw new Error(`login ${tenant}/${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** Creates a tenant with its org officer through the API and returns the officer's token. */
export async function createTenant(
  app: INestApplication,
  code: string,
  officer = { username: 'officer', password: 'demo-pass-2026' },
): Promise<{ token: string; tenantId: string }> {
  const admin = await login(app, ADMIN.tenant, ADMIN.username, ADMIN.password);
  const res = await request(app.getHttpServer())
    .post('/api/v1/tenants')
    .set('authorization', `Bearer ${admin}`)
    .send({ code, name: `${code} 组织部`, timezone: 'Asia/Shanghai', officer });
  if (res.status !== 201) throw new Error(`create tenant ${code} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: await login(app, code, officer.username, officer.password), tenantId: res.body.id as string };
}
