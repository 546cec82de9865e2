import { QueryFailedError } from 'typeorm';

/** Postgres refused a row for a unique constraint (23505): a concurrent duplicate, answered as 409. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (!constraint || driverError.constraint === constraint);
}
