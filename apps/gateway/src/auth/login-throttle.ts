/**
 * The login route's own limit (LOGIN_RATE_LIMIT_PER_MINUTE). Decorators are evaluated when the
 * class loads, before config exists, so the limit is read through this holder at request time.
 */
export const loginThrottleLimit = { perMinute: 30 };

export const loginThrottle = {
  limit: () => loginThrottleLimit.perMinute,
  ttl: () => 60_000,
};
