/**
 * The Redis key of one account's login failures and lock: the tenant code and username as typed
 * (encoded, so no character of theirs can shape the key). Counted whether the account exists or
 * not — locking only real accounts would tell an attacker which ones are.
 */
export function accountKey(tenant: string, username: string): string {
  return `${encodeURIComponent(tenant)}/${encodeURIComponent(username)}`;
}

/** The answer to every login of a locked account, whatever its password — the right one too. */
export const LOCKED_MESSAGE = '该账号登录失败次数过多，已临时锁定，请稍后再试';
