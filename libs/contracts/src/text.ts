/** NUL, which a Postgres text cannot hold, or half of a surrogate pair, which is no character at all. */
// eslint-disable-next-line no-control-regex -- NUL is the very character this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string can be stored as text as it is. Any other text is fine, however odd (RTL marks,
 * emoji sequences, combining marks): only these two make Postgres fail or make it store something else.
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * A caller's text quoted back in a message, cut to `max` characters: a path segment can be
 * thousands of characters, and an error should name it, not echo all of it.
 */
export function quoted(value: string, max = 40): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max).join('')}…`;
}
