import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsOptional, Matches, validateSync } from 'class-validator';
import { PartialType } from '@nestjs/swagger';
import { fieldErrors } from '../problems/validation-messages';
import { CALENDAR_DATE_MESSAGE, dateInZone, IsCalendarDate, isPlainDate, isZonedTimestamp } from './calendar-date';

class Observation {
  @IsCalendarDate() occurredAt: string;
  @IsOptional() @Matches(/^[a-z]{2}$/, { message: 'code: 2 个小写字母' }) code?: string;
}

function errorsOf(body: object) {
  return fieldErrors(
    validateSync(plainToInstance(Observation, body), { validationError: { target: false, value: true } }),
  );
}

describe('calendar date fields', () => {
  it('takes a plain date of a real day', () => {
    expect(['2026-12-01', '2024-02-29', '0001-01-01'].every((v) => isPlainDate(v))).toBe(true);
    expect(
      ['2026-02-29', '2026-13-01', '2026-12-1', '20261201', '2026-12-01T00:00:00Z', 1, null].some((v) =>
        isPlainDate(v),
      ),
    ).toBe(false);
  });

  it('leaves the day to the service where it has its own rule (anyDay), the form still checked', () => {
    expect(isPlainDate('2026-02-30', true)).toBe(true);
    expect(isPlainDate('2026-2-3', true)).toBe(false);
  });

  it('takes a full ISO timestamp only with its zone', () => {
    expect(
      ['2026-12-01T20:45:12Z', '2026-12-01T20:45:12.123Z', '2026-12-01T20:45+08:00', '2026-12-01T20:45:12-0500'].every(
        isZonedTimestamp,
      ),
    ).toBe(true);
    expect(
      [
        '2026-12-01T20:45:12',
        '2026-12-01 20:45:12Z',
        '2026-12-01T24:00:00Z',
        '2026-02-30T10:00:00Z',
        '2026-12-01',
      ].some(isZonedTimestamp),
    ).toBe(false);
  });

  it("reads a timestamp as the day it is in the tenant's zone", () => {
    expect(dateInZone('2026-12-01T20:45:12Z', 'Asia/Shanghai')).toBe('2026-12-02');
    expect(dateInZone('2026-12-01T20:45:12Z', 'UTC')).toBe('2026-12-01');
    expect(dateInZone('2026-12-01T01:00:00+08:00', 'Asia/Shanghai')).toBe('2026-12-01');
    expect(dateInZone('2026-12-01T01:00:00+08:00', 'America/New_York')).toBe('2026-11-30');
  });

  it('refuses anything else naming both formats, in Chinese', () => {
    expect(errorsOf({ occurredAt: '2026-12-01' })).toEqual([]);
    for (const bad of ['12/01/2026', '2026-12-01T20:45:12', 20261201]) {
      expect(errorsOf({ occurredAt: bad })).toEqual([{ field: 'occurredAt', message: CALENDAR_DATE_MESSAGE }]);
    }
    expect(CALENDAR_DATE_MESSAGE).toContain('YYYY-MM-DD');
    expect(CALENDAR_DATE_MESSAGE).toContain('ISO 8601');
  });

  it("names a pattern's format by its own message, without the field's name", () => {
    expect(errorsOf({ occurredAt: '2026-12-01', code: 'ABC' })).toEqual([{ field: 'code', message: '2 个小写字母' }]);
  });

  it('is found on a mapped type as on the class it maps', () => {
    class Partial extends PartialType(Observation) {}
    const errors = fieldErrors(validateSync(plainToInstance(Partial, { occurredAt: 'x' })));
    expect(errors).toEqual([{ field: 'occurredAt', message: CALENDAR_DATE_MESSAGE }]);
  });
});
