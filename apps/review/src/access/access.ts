import type { RequestContext } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';

/** Campaigns, tokens, results and templates are the organization department's (组织部). */
export function requireOfficer(ctx: RequestContext, action: string): void {
  if (ctx.roles.includes('org_officer') || ctx.roles.includes('admin')) return;
  throw new RpcError(403, `只有组织部可以${action}`);
}
