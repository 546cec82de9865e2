import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsString, MaxLength, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { fieldErrors } from './validation-messages';

class Indicator {
  @IsString() metric: string;
  @IsIn(['件', '%']) unit: string;
}

class Task {
  @IsString() @MaxLength(5) title: string;
  @ValidateNested() @Type(() => Indicator) indicator: Indicator;
  @ValidateNested({ each: true }) @Type(() => Indicator) extra: Indicator[];
}

function errorsOf(body: object) {
  return fieldErrors(validateSync(plainToInstance(Task, body), { validationError: { target: false, value: true } }));
}

describe('validation messages', () => {
  it('says a missing field is required', () => {
    expect(errorsOf({ indicator: { metric: 'x', unit: '件' }, extra: [] })).toEqual([
      { field: 'title', message: '必须提供' },
    ]);
  });

  it('names nested and array fields by path, in Chinese, with the numbers from the rule', () => {
    const errors = errorsOf({
      title: '一二三四五六',
      indicator: { metric: 1, unit: 'kg' },
      extra: [{ metric: 'a', unit: 'x' }],
    });
    expect(errors).toEqual([
      { field: 'title', message: '长度不能超过 5 个字符' },
      { field: 'indicator.metric', message: '必须是字符串' },
      { field: 'indicator.unit', message: '必须是以下之一: 件, %' },
      { field: 'extra[0].unit', message: '必须是以下之一: 件, %' },
    ]);
  });
});
