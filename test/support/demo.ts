import type { INestApplication } from '@nestjs/common';
import { DemoClient, DemoConflict } from '../../scripts/demo/demo-client';

/**
 * The seed tool (scripts/demo) against a gateway of this process: it speaks HTTP to a URL, so the
 * gateway listens on a free port of its own (supertest keeps working on the same server).
 */
export async function demoClient(gateway: INestApplication, tenant: string, token: string): Promise<DemoClient> {
  if (!gateway.getHttpServer().listening) await gateway.listen(0, '127.0.0.1');
  const { port } = gateway.getHttpServer().address() as { port: number };
  return new DemoClient(`http://127.0.0.1:${port}`, tenant, token);
}

/**
 * A load of the seed tool as an answer of the demo route it replaces: 201 with what it loaded, or
 * 409 with the reason when it refused (data already there) before writing anything. The body is
 * `any`, as a response body is: the assertions read it as they read the route's answer.
 */
export async function demoAnswer(load: () => Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    return { status: 201, body: await load() };
  } catch (err) {
    if (err instanceof DemoConflict) return { status: 409, body: { detail: err.message } };
    throw err;
  }
}
