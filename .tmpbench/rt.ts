import { subjectPrefix, ROSTER_REQUESTS, RequestContext } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { dropNamespace, TEST_NATS_URL, testNamespace } from '@cadre/testing';
import { startRoster } from '../test/support';
async function main() {
  const ns = testNamespace();
  const app = await startRoster(ns);
  const client = await ServiceClient.standalone({ servers: TEST_NATS_URL, subjectPrefix: subjectPrefix(ns), timeoutMs: 5000 });
  const ctx: RequestContext = { requestId: 'r', tenantId: '00000000-0000-4000-8000-000000000001', userId: 'u', username: 'o', roles: ['org_officer'] };
  const N = Number(process.argv[2] ?? 3000);
  for (let i = 0; i < 300; i++) await client.request(ROSTER_REQUESTS.listFields, {}, ctx);
  const inspector = require('node:inspector'); const session = new inspector.Session(); session.connect();
  const post = (m: string, p?: object) => new Promise<any>((res, rej) => session.post(m, p ?? {}, (e: any, r: any) => (e ? rej(e) : res(r))));
  if (process.env.PROF) { await post('Profiler.enable'); await post('Profiler.start'); }
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < N; i++) await client.request(ROSTER_REQUESTS.listFields, {}, ctx);
  const t1 = performance.now(); const c1 = process.cpuUsage(c0);
  if (process.env.PROF) { const { profile } = await post('Profiler.stop'); require('node:fs').writeFileSync(process.env.PROF, JSON.stringify(profile)); }
  console.log(JSON.stringify({ variant: 'new', N, msPerReq: (t1 - t0) / N, cpuMsPerReq: (c1.user + c1.system) / 1000 / N }));
  await client.close(); await app.close(); await dropNamespace(ns); process.exit(0);
}
main();
