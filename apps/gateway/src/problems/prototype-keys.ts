import type { FieldError } from '@cadre/contracts';

export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const PROTOTYPE_KEY_MESSAGE = '不允许的字段名';

/**
 * Every `__proto__`, `constructor` or `prototype` key of a request value, by field path. JSON.parse
 * keeps them as plain keys, but class-transformer assigns them, so `{ "__proto__": {…} }` in a map
 * (ballot item scores, campaign group weights) vanished — set as the map's prototype — and the rest
 * passed validation: the request was accepted as if the key had never been sent.
 */
export function prototypeKeys(value: unknown, path = ''): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => prototypeKeys(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const at = path ? `${path}.${key}` : key;
    return PROTOTYPE_KEYS.has(key)
      ? [{ field: at, message: PROTOTYPE_KEY_MESSAGE }]
      : prototypeKeys((value as Record<string, unknown>)[key], at);
  });
}
