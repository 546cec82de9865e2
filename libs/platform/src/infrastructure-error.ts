/**
 * A dependency that is away (Redis, Postgres, NATS) is a 503, never a 500: the client may retry,
 * with its Idempotency-Key, and nothing was half-written. Used by the gateway and by every service.
 */
export function isInfrastructureError(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: string; driverError?: unknown };
  if (!e || typeof e !== 'object') return false;
  if (e.driverError && isInfrastructureError(e.driverError)) return true;
  if (['MaxRetriesPerRequestError', 'ConnectionNotFoundError'].includes(e.name ?? '')) return true;
  // Socket errors, and Postgres classes 08 (connection exception) and 57P (operator intervention: shutdown).
  if (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'ENOTFOUND',
      '57P01',
      '57P02',
      '57P03',
      '08000',
      '08001',
      '08003',
      '08006',
    ].includes(e.code ?? '')
  )
    return true;
  return /Connection is closed|Stream isn't writeable|enableOfflineQueue|Connection terminated|timeout exceeded when trying to connect|the database system is (starting|shutting) down|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}
