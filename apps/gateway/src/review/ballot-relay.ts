import {
  CastBallotResult,
  MAX_BALLOTS_PER_CAST_REQUEST,
  problem,
  RequestContext,
  REVIEW_GATEWAY_REQUESTS,
} from '@cadre/contracts';
import { ServiceClient, RpcFailure } from '@cadre/messaging';

/**
 * No user and no tenant: the token finds the campaign. No request id either — nothing on the review
 * side could be lined up with the gateway's log of this request.
 */
export const ANONYMOUS: RequestContext = { requestId: '', tenantId: '', userId: '', username: '', roles: [] };

/** A request stays well under NATS's default 1 MB message: a batch is sent once its bodies reach this. */
const MAX_REQUEST_BYTES = 512 * 1024;

interface Pending {
  token: string;
  body: string;
  resolve: (result: CastBallotResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers the casts that arrive together — within one turn of the event loop, or `windowMs` — into
 * one `review.ballots.cast_many` request, and gives each cast its own answer from review's list (a
 * refusal rejects with the RpcFailure the single request would have given: same status, same problem).
 * At thousands a second a NATS round trip and a handler call per ballot cost more than the ballot;
 * under light load a batch holds one cast and waits for nothing but the current turn.
 *
 * Review commits a ballot before answering it, as for a single cast; a request that fails as a whole
 * (review unreachable, no answer in time) fails every cast of it with that 503/504.
 */
export class BallotRelay {
  private queue: Pending[] = [];
  private bytes = 0;
  private scheduled = false;

  constructor(
    private readonly rpc: ServiceClient,
    private readonly windowMs = 0,
  ) {}

  /**
   * `token`: well formed (43 base64url characters); `body`: the ballot as JSON, parsed from what the
   * voter sent and found well formed by the gateway (review checks its shape again).
   */
  cast(token: string, body: string): Promise<CastBallotResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ token, body, resolve, reject });
      this.bytes += body.length + 64;
      if (this.queue.length >= MAX_BALLOTS_PER_CAST_REQUEST || this.bytes >= MAX_REQUEST_BYTES) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        if (this.windowMs > 0) setTimeout(() => this.flush(), this.windowMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.bytes = 0;
    // The tokens are base64url and the bodies valid JSON, so the request can be written around them.
    let json = '{"ballots":[';
    for (let i = 0; i < batch.length; i++)
      json += `${i === 0 ? '' : ','}{"token":"${batch[i].token}","ballot":${batch[i].body}}`;
    json += ']}';
    this.rpc.requestJson(REVIEW_GATEWAY_REQUESTS.castBallots, json, ANONYMOUS).then(
      ({ results }) => {
        if (!Array.isArray(results) || results.length !== batch.length) {
          const failure = new RpcFailure(problem(500, '服务内部错误，请稍后重试或联系管理员'));
          for (const p of batch) p.reject(failure);
          return;
        }
        for (let i = 0; i < batch.length; i++) {
          const r = results[i];
          if (r.ok) batch[i].resolve(r.data);
          else batch[i].reject(new RpcFailure(r.error));
        }
      },
      (err: unknown) => {
        for (const p of batch) p.reject(err);
      },
    );
  }
}
