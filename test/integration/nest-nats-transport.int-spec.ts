// Proof of concept for issue 15's last step (not wired into the apps yet): request-reply on
// @nestjs/microservices' own NATS transport instead of libs/messaging's ServiceClient/RpcServer, run
// against the real NATS. It pins what the move relies on: a hybrid app's @MessagePattern handlers in
// one queue group (replicas share requests, each served once), the caller's context in NATS headers
// (NatsRecordBuilder → NatsContext), an answer given on purpose (RpcException) reaching the client
// as it was thrown, an unserved pattern failing at once (NATS "no responders" → EmptyResponseException,
// the gateway's 503) and a slow one by the client's timeout (rxjs TimeoutError, the gateway's 504).
import { Controller, INestApplication, Module } from '@nestjs/common';
import { ClientProxy, ClientsModule, Ctx, MessagePattern, NatsContext, NatsRecordBuilder, Payload, RpcException, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception.js';
import { TEST_NATS_URL, testNamespace } from '@cadre/testing';

const namespace = testNamespace();
const subject = (pattern: string) => `${namespace}.rpc.${pattern}`;
const CLIENT = Symbol('POC_CLIENT');

/** Which replica served each request, to see the queue group at work. */
const served: string[] = [];

function handlerFor(replica: string) {
  @Controller()
  class PocHandler {
    @MessagePattern(subject('poc.echo'))
    echo(@Payload() payload: { n: number }, @Ctx() ctx: NatsContext): { n: number; requestId: string | undefined; tenantId: string | undefined } {
      served.push(replica);
      const h = ctx.getHeaders();
      return { n: payload.n, requestId: h?.get('x-request-id'), tenantId: h?.get('x-tenant-id') };
    }

    @MessagePattern(subject('poc.refuse'))
    refuse(): never {
      throw new RpcException({ status: 422, title: '请求的内容不符合规则', errors: [{ field: 'name', message: '名称不能为空' }] });
    }

    @MessagePattern(subject('poc.crash'))
    crash(): never {
      throw new Error('a bug');
    }

    @MessagePattern(subject('poc.slow'))
    async slow(): Promise<string> {
      await new Promise((r) => setTimeout(r, 3_000));
      return 'late';
    }
  }
  return PocHandler;
}

/** A service replica: an HTTP app (as the services have, for health) with the NATS transport beside it. */
async function startReplica(replica: string): Promise<INestApplication> {
  @Module({ controllers: [handlerFor(replica)] })
  class PocModule {}
  const ref = await Test.createTestingModule({ imports: [PocModule] }).compile();
  const app = ref.createNestApplication({ logger: false });
  app.connectMicroservice({ transport: Transport.NATS, options: { servers: TEST_NATS_URL, queue: `${namespace}.poc` } }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.init();
  return app;
}

describe('@nestjs/microservices NATS transport (proof of concept)', () => {
  const apps: INestApplication[] = [];
  let gateway: INestApplication;
  let client: ClientProxy;

  beforeAll(async () => {
    apps.push(await startReplica('a'), await startReplica('b'));
    @Module({ imports: [ClientsModule.register([{ name: CLIENT, transport: Transport.NATS, options: { servers: TEST_NATS_URL } }])] })
    class GatewayPocModule {}
    const ref = await Test.createTestingModule({ imports: [GatewayPocModule] }).compile();
    gateway = ref.createNestApplication({ logger: false });
    await gateway.init();
    client = gateway.get<ClientProxy>(CLIENT);
    await client.connect();
  });

  afterAll(async () => {
    await gateway?.close();
    for (const app of apps) await app.close();
  });

  const send = <T>(pattern: string, payload: unknown, ms = 2_000, headers?: Record<string, string>) => {
    let data: unknown = payload;
    if (headers) {
      const h = natsHeaders();
      for (const [k, v] of Object.entries(headers)) h.set(k, v);
      data = new NatsRecordBuilder(payload).setHeaders(h).build();
    }
    return firstValueFrom(client.send<T>(subject(pattern), data).pipe(timeout(ms)));
  };

  it('answers with the handler’s value and carries the caller’s context in headers', async () => {
    const answer = await send('poc.echo', { n: 7 }, 2_000, { 'x-request-id': 'req-1', 'x-tenant-id': 'tenant-1' });
    expect(answer).toEqual({ n: 7, requestId: 'req-1', tenantId: 'tenant-1' });
  });

  it('serves each request once across the replicas of the queue group', async () => {
    served.length = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => send<{ n: number }>('poc.echo', { n })));
    expect(answers.map((a) => a.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(served).toHaveLength(20);
  });

  it('gives an RpcException’s object to the client as it was thrown, and hides a bug’s message', async () => {
    await expect(send('poc.refuse', {})).rejects.toEqual({ status: 422, title: '请求的内容不符合规则', errors: [{ field: 'name', message: '名称不能为空' }] });
    await expect(send('poc.crash', {})).rejects.toEqual({ status: 'error', message: 'Internal server error' });
  });

  it('fails at once when nobody serves the pattern (no responders), and by the timeout when the answer is late', async () => {
    await expect(send('poc.nobody', {}, 10_000)).rejects.toBeInstanceOf(EmptyResponseException);
    await expect(send('poc.slow', {}, 200)).rejects.toBeInstanceOf(TimeoutError);
  });
});
