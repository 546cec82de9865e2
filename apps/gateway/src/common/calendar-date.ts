import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage, registerDecorator, ValidationOptions } from 'class-validator';
import { from, Observable, switchMap } from 'rxjs';
import type { AuthedRequest } from '../auth/auth-user';
import { TenantsRepository } from '../tenants/tenants.repository';

/** The validator's name: the interceptor finds a body's date fields by it (inherited by PartialType and the like). */
const CALENDAR_DATE = 'isCalendarDate';

/** What a date field wants, said in every refusal of one. */
export const CALENDAR_DATE_MESSAGE =
  '日期格式为 YYYY-MM-DD（如 2026-12-01），或带时区的 ISO 8601 时间（如 2026-12-01T20:45:12Z，取本单位时区的日期）';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A full timestamp: date, time (seconds and fractions optional) and a zone — without one the day is ambiguous. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;

/** A real day of years 1–9999 (no February 30, no year 0). */
function isDay(year: number, month: number, day: number): boolean {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** `YYYY-MM-DD` of a real day (`anyDay`: of the form only, the day left to a service's own rule). */
export function isPlainDate(value: unknown, anyDay = false): value is string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  return m !== null && (anyDay || isDay(Number(m[1]), Number(m[2]), Number(m[3])));
}

/** An ISO 8601 timestamp with its zone, of a real day and time. */
export function isZonedTimestamp(value: unknown): value is string {
  const m = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
  if (m === null || !isDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [hour, minute, second, zoneHours, zoneMinutes] = [m[4], m[5], m[6] ?? '0', m[8] ?? '0', m[9] ?? '0'].map(
    Number,
  );
  const inRange = hour <= 23 && minute <= 59 && second <= 59 && zoneHours <= 14 && zoneMinutes <= 59;
  return inRange && !Number.isNaN(Date.parse(value as string));
}

/** The calendar day the moment falls on in `timeZone` (an IANA zone, the tenant's). */
export function dateInZone(timestamp: string, timeZone: string): string {
  // en-CA writes YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(timestamp),
  );
}

/**
 * A calendar date field. What reaches the service is always `YYYY-MM-DD`: a client may also send the
 * moment as a full ISO timestamp, and TenantDatesInterceptor turns it into the day it is in the
 * tenant's time zone before validation (`2026-12-01T20:45:12Z` is 2026-12-02 in Asia/Shanghai).
 * Anything else is refused naming both formats. `anyDay`: a date of the right form but no real day
 * (February 30) is left to the service, which has its own rule and answer for it (a birth date: 422).
 */
export function IsCalendarDate(options?: ValidationOptions & { anyDay?: boolean }): PropertyDecorator {
  const { anyDay = false, ...validation } = options ?? {};
  return (target, propertyName) =>
    registerDecorator({
      name: CALENDAR_DATE,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: CALENDAR_DATE_MESSAGE, ...validation },
      validator: { validate: (value: unknown) => isPlainDate(value, anyDay) },
    });
}

/** The top-level date fields of a body DTO, by the validator's metadata (mapped types copy it). */
function dateFieldsOf(dto: unknown): string[] {
  if (typeof dto !== 'function') return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(metadata.filter((m) => m.name === CALENDAR_DATE).map((m) => m.propertyName))];
}

/** The DTO class of the handler's `@Body()` (the whole body), if it has one. */
function bodyDto(context: ExecutionContext): unknown {
  const controller = context.getClass();
  const handler = context.getHandler().name;
  const args: Record<string, { index: number; data?: unknown }> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {};
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', controller.prototype, handler) ?? [];
  const body = Object.entries(args).find(([key, arg]) => key.startsWith(`${RouteParamtypes.BODY}:`) && !arg.data);
  return body ? types[body[1].index] : undefined;
}

/**
 * Rewrites the timestamps sent for date fields into the tenant's calendar date, before the body is
 * validated: a date the department means is the day where it sits, not the day in UTC.
 */
@Injectable()
export class TenantDatesInterceptor implements NestInterceptor {
  private readonly fields = new Map<unknown, string[]>();

  constructor(private readonly tenants: TenantsRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const body = req.body as Record<string, unknown> | undefined;
    if (!req.user || !body || typeof body !== 'object' || Array.isArray(body)) return next.handle();
    const dto = bodyDto(context);
    if (!this.fields.has(dto)) this.fields.set(dto, dateFieldsOf(dto));
    const stamped = this.fields.get(dto)!.filter((field) => isZonedTimestamp(body[field]));
    if (stamped.length === 0) return next.handle();
    const tenantId = req.user.tenantId;
    return from(this.tenants.findById(tenantId)).pipe(
      switchMap((tenant) => {
        const zone = tenant?.timezone ?? 'Asia/Shanghai';
        for (const field of stamped) body[field] = dateInZone(body[field] as string, zone);
        return next.handle();
      }),
    );
  }
}
