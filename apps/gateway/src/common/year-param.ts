import { ParseIntPipe } from '@nestjs/common';
import { problem } from '@cadre/contracts';
import { ProblemException } from '../problems/problem.filter';

/** A year in the path (`/annual/:year/…`): an integer from 2000 to 2100, else 400 naming `year`. */
export const annualYearParam = new ParseIntPipe({
  exceptionFactory: () =>
    new ProblemException(problem(400, '路径中的年份必须是整数', [{ field: 'year', message: '必须是整数' }])),
});

export function inYearRange(year: number): number {
  if (year < 2000 || year > 2100)
    throw new ProblemException(problem(400, '年份超出范围', [{ field: 'year', message: '必须在 2000 至 2100 之间' }]));
  return year;
}
