/**
 * A ballot token in a path is the voter's only credential and must never reach a log, an audit row
 * or an error body: `/ballots/<token>` is written `/ballots/:token` wherever a URL is recorded.
 */
export function redactUrl(url: string): string {
  return url.replace(/\/ballots\/[^/?#]*/g, '/ballots/:token');
}

/** Requests on a ballot route: anonymous by design, kept out of the audit log. */
export function isBallotPath(path: string): boolean {
  return /\/ballots(\/|$)/.test(path);
}
