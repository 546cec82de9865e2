/** NUL, which a Postgres text cannot hold, or half of a surrogate pair, which is no character at all. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string can be stored as text as it is. Any other text is fine, however odd (RTL marks,
 * emoji sequences, combining marks): only these two make Postgres fail or make it store something else.
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}
