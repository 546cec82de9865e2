import { Injectable } from '@nestjs/common';

/** 年轻干部: under this age, unless the tenant sets another (the roster's `youngAgeLimit`, 40 by default). */
export const DEFAULT_YOUNG_AGE_LIMIT = 40;

/**
 * The tenant's 年轻干部 age limit as analytics knows it. The roster owns the setting and publishes no
 * event of it yet, so analytics has no copy and every tenant reads the default; the one place to
 * point at the projected setting once analytics keeps it (selection statistics need it too).
 */
@Injectable()
export class YoungAgeLimit {
  /** A promise already, so the projected read drops in unchanged. */
  of(_tenantId: string): Promise<number> {
    return Promise.resolve(DEFAULT_YOUNG_AGE_LIMIT);
  }
}
