import { Injectable } from '@nestjs/common';
import { ROSTER_REQUESTS } from '@cadre/contracts';
import type { RequestContext } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { DEFAULT_YOUNG_AGE_LIMIT } from '../mechanisms/selection-statistics';

export { DEFAULT_YOUNG_AGE_LIMIT };

/**
 * The tenant's 年轻干部 age limit, as the roster keeps it (its settings; 40 until the tenant sets
 * another). Asked of the roster when needed — a setting read per report, not worth a projection —
 * so a report and the selection statistics count young cadres by the same limit.
 */
@Injectable()
export class YoungAgeLimit {
  constructor(private readonly rpc: ServiceClient) {}

  async of(ctx: RequestContext): Promise<number> {
    // A read: the caller's Idempotency-Key belongs to the caller's own request, not to this one.
    const { idempotencyKey: _key, ...context } = ctx;
    const settings = await this.rpc.request(ROSTER_REQUESTS.getSettings, {}, context);
    return settings.youngAgeLimit ?? DEFAULT_YOUNG_AGE_LIMIT;
  }
}
