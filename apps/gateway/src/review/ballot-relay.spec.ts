import { MAX_BALLOTS_PER_CAST_REQUEST, problem, REVIEW_GATEWAY_REQUESTS } from '@cadre/contracts';
import { ServiceClient, RpcFailure } from '@cadre/messaging';
import { bodyLimitBytes } from '../config/gateway.config';
import { ANONYMOUS, BallotRelay } from './ballot-relay';

const token = (i: number) => `${'T'.repeat(40)}${String(i).padStart(3, '0')}`;
const body = (i: number) => JSON.stringify({ ratings: [{ targetId: `t${i}`, grade: 'competent' }] });

/** An ServiceClient whose requestJson answers with `answer(payload)` and records what it was sent. */
function fakeRpc(answer: (payload: { ballots: Array<{ token: string; ballot: unknown }> }) => Promise<unknown>) {
  const sent: Array<{ pattern: string; payload: { ballots: Array<{ token: string; ballot: unknown }> } }> = [];
  const rpc = {
    requestJson: jest.fn(async (pattern: string, json: string, context: unknown) => {
      expect(context).toBe(ANONYMOUS);
      const payload = JSON.parse(json);
      sent.push({ pattern, payload });
      return answer(payload);
    }),
  } as unknown as ServiceClient;
  return { rpc, sent };
}

describe('BallotRelay', () => {
  it('sends the casts of one turn in one request and gives each its own answer', async () => {
    const { rpc, sent } = fakeRpc(async ({ ballots }) => ({
      results: ballots.map((b, i) =>
        i === 1
          ? { ok: false, error: problem(409, '该投票码已经投过票，不能重复投票') }
          : { ok: true, data: { accepted: true, ratings: 1 } },
      ),
    }));
    const relay = new BallotRelay(rpc);
    const answers = await Promise.allSettled([0, 1, 2].map((i) => relay.cast(token(i), body(i))));
    expect(sent).toHaveLength(1);
    expect(sent[0].pattern).toBe(REVIEW_GATEWAY_REQUESTS.castBallots);
    expect(sent[0].payload.ballots).toEqual([0, 1, 2].map((i) => ({ token: token(i), ballot: JSON.parse(body(i)) })));
    expect(answers[0]).toEqual({ status: 'fulfilled', value: { accepted: true, ratings: 1 } });
    expect(answers[1].status).toBe('rejected');
    const refused = (answers[1] as PromiseRejectedResult).reason;
    expect(refused).toBeInstanceOf(RpcFailure);
    expect(refused.problem).toMatchObject({ status: 409 });
    expect(answers[2].status).toBe('fulfilled');
  });

  it('starts a new request for the casts of the next turn', async () => {
    const { rpc, sent } = fakeRpc(async ({ ballots }) => ({
      results: ballots.map(() => ({ ok: true, data: { accepted: true, ratings: 1 } })),
    }));
    const relay = new BallotRelay(rpc);
    await relay.cast(token(0), body(0));
    await Promise.all([relay.cast(token(1), body(1)), relay.cast(token(2), body(2))]);
    expect(sent.map((s) => s.payload.ballots.length)).toEqual([1, 2]);
  });

  it('sends a full request at once, never more ballots than review takes', async () => {
    const { rpc, sent } = fakeRpc(async ({ ballots }) => ({
      results: ballots.map(() => ({ ok: true, data: { accepted: true, ratings: 1 } })),
    }));
    const relay = new BallotRelay(rpc);
    const n = MAX_BALLOTS_PER_CAST_REQUEST + 3;
    await Promise.all(Array.from({ length: n }, (_, i) => relay.cast(token(i), body(i))));
    expect(sent.map((s) => s.payload.ballots.length)).toEqual([MAX_BALLOTS_PER_CAST_REQUEST, 3]);
  });

  it('fails every cast of a request that fails as a whole (503/504), and of an answer that does not match', async () => {
    const down = new RpcFailure(problem(503, '服务 review 暂不可用（没有可用实例），请稍后重试'));
    const relay = new BallotRelay(fakeRpc(() => Promise.reject(down)).rpc);
    const answers = await Promise.allSettled([relay.cast(token(0), body(0)), relay.cast(token(1), body(1))]);
    expect(answers.map((a) => (a as PromiseRejectedResult).reason)).toEqual([down, down]);

    const short = new BallotRelay(
      fakeRpc(async () => ({ results: [{ ok: true, data: { accepted: true, ratings: 1 } }] })).rpc,
    );
    const mismatched = await Promise.allSettled([short.cast(token(0), body(0)), short.cast(token(1), body(1))]);
    for (const a of mismatched) expect((a as PromiseRejectedResult).reason.problem).toMatchObject({ status: 500 });
  });
});

describe('bodyLimitBytes', () => {
  it('reads BODY_LIMIT as express.json() does (1024-based units)', () => {
    expect(bodyLimitBytes('1mb')).toBe(1_048_576);
    expect(bodyLimitBytes('512KB')).toBe(524_288);
    expect(bodyLimitBytes('1000')).toBe(1000);
    expect(bodyLimitBytes('lots')).toBe(0); // never matches: every cast goes to Express
  });
});
