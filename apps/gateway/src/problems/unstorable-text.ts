import { FieldError, isStorableText } from '@cadre/contracts';

export const UNSTORABLE_MESSAGE = '不能包含 NUL 字符或不成对的代理项（不是有效的 Unicode 文本）';

/**
 * Every string (and object key) of a request value that cannot be stored as text, by field path
 * (`name`, `target.metric`, `voters[0].group`). Such a string used to reach Postgres and fail there
 * with a 500 (NUL) or be stored with U+FFFD in place of the broken half (a lone surrogate).
 */
export function unstorableText(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string')
    return !isStorableText(value) ? [{ field: path || 'value', message: UNSTORABLE_MESSAGE }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableText(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const at = path ? `${path}.${key}` : key;
      return !isStorableText(key) ? [{ field: at, message: UNSTORABLE_MESSAGE }] : unstorableText(item, at);
    });
  }
  return [];
}
