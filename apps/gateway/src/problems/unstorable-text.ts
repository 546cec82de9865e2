import type { FieldError } from '@cadre/contracts';

/** NUL, which a Postgres text cannot hold, or half of a surrogate pair, which is no character at all. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_MESSAGE = '不能包含 NUL 字符或不成对的代理项（不是有效的 Unicode 文本）';

/**
 * Every string (and object key) of a request value that cannot be stored as text, by field path
 * (`name`, `target.metric`, `voters[0].group`). Such a string used to reach Postgres and fail there
 * with a 500 (NUL) or be stored with U+FFFD in place of the broken half (a lone surrogate).
 */
export function unstorableText(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? [{ field: path || 'value', message: UNSTORABLE_MESSAGE }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableText(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const at = path ? `${path}.${key}` : key;
      return UNSTORABLE.test(key) ? [{ field: at, message: UNSTORABLE_MESSAGE }] : unstorableText(item, at);
    });
  }
  return [];
}
