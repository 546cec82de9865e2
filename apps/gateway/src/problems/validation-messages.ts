import type { ValidationError } from 'class-validator';
import type { FieldError } from '@cadre/contracts';

/**
 * Chinese messages for class-validator constraints; the English default is kept in brackets
 * where no translation exists, so a message is never lost. Numbers come from the English text.
 */
const TEMPLATES: Record<string, (english: string) => string> = {
  isNotEmpty: () => '不能为空',
  isDefined: () => '必须提供',
  isString: () => '必须是字符串',
  isInt: () => '必须是整数',
  isNumber: () => '必须是数字',
  isBoolean: () => '必须是布尔值',
  isUuid: () => '必须是 UUID',
  isUUID: () => '必须是 UUID',
  isEnum: (e) => `必须是以下之一: ${after(e, 'one of the following values:')}`,
  isIn: (e) => `必须是以下之一: ${after(e, 'one of the following values:')}`,
  isArray: () => '必须是数组',
  isObject: () => '必须是对象',
  isDateString: () => '必须是 ISO 8601 时间，如 2026-12-15T09:00:00+08:00',
  isISO8601: () => '必须是 ISO 8601 时间，如 2026-12-15T09:00:00+08:00',
  maxLength: (e) => `长度不能超过 ${num(e)} 个字符`,
  minLength: (e) => `长度不能少于 ${num(e)} 个字符`,
  max: (e) => `不能大于 ${num(e)}`,
  min: (e) => `不能小于 ${num(e)}`,
  arrayMinSize: (e) => `至少需要 ${num(e)} 项`,
  arrayMaxSize: (e) => `最多 ${num(e)} 项`,
  arrayUnique: () => '不能有重复项',
  // A pattern's own message says the format it wants (`code: 1–64 个字母、数字或 _ . -`): without the field's name.
  matches: (e) => (/must match .* regular expression$/.test(e) ? '格式不正确' : e.replace(/^[\w.]+: /, '')),
  whitelistValidation: () => '不允许的字段',
  isTimeZone: () => '必须是 IANA 时区，如 Asia/Shanghai',
  nestedValidation: () => '必须是对象',
};

const FIRST = [
  'whitelistValidation',
  'isDefined',
  'isNotEmpty',
  'nestedValidation',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
];

function rank(constraint: string): number {
  const i = FIRST.indexOf(constraint);
  return i >= 0 ? i : FIRST.length;
}

function after(text: string, marker: string): string {
  const i = text.indexOf(marker);
  return i >= 0 ? text.slice(i + marker.length).trim() : text;
}

function num(text: string): string {
  return /(-?\d+(\.\d+)?)/.exec(text)?.[1] ?? '';
}

/** Flattens nested validation errors into `{ field, message }` with dotted paths (`indicator.target`, `moves[0].cadreId`). */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    // One message per field: the most basic failed constraint (present? right type?) says what to fix.
    if (constraints.length > 0 && error.value === undefined && !('whitelistValidation' in (error.constraints ?? {}))) {
      out.push({ field: path, message: '必须提供' });
    } else if (constraints.length > 0) {
      const [key, english] = constraints.sort(([a], [b]) => rank(a) - rank(b))[0];
      const template = TEMPLATES[key];
      out.push({ field: path, message: template ? template(english) : english });
    }
    if (error.children?.length) out.push(...fieldErrors(error.children, path));
  }
  return out;
}
