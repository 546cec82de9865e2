import { isIP } from 'node:net';

/** The names Express (proxy-addr) gives to address ranges. */
const PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * The proxies whose X-Forwarded-For is believed (TRUST_PROXY), as Express's 'trust proxy' takes a
 * comma list: preset names, addresses and CIDR ranges. Null when an entry is none of these — a typo
 * must stop the start, not silently trust nobody or everybody. A hop count or `true` is not taken:
 * either believes whatever the client's own first hop sends.
 */
export function parseTrustProxy(value: string): string[] | null {
  const entries = value.split(',').map((e) => e.trim());
  if (entries.length === 0 || entries.some((e) => !isTrustEntry(e))) return null;
  return entries;
}

function isTrustEntry(entry: string): boolean {
  if (PRESETS.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
