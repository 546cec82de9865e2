import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { problem } from '@cadre/contracts';
import { PLATFORM_CONFIG } from '@cadre/platform';
import { AuditEntry } from '../audit/audit-entry.entity';
import type { GatewayConfig } from '../config/gateway.config';
import { ProblemException } from '../problems/problem.filter';
import { AUTH_REDIS } from './auth-redis';
import { accountKey, LOCKED_MESSAGE } from './lockout-rules';

/**
 * Counts one failure; the one that reaches the limit locks the account for the lock time and starts
 * a fresh count. The window starts at the first failure: N failures within it lock the account.
 * Returns 1 when this failure locked the account, else 0.
 */
const FAIL = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

const FAIL_COMMAND = 'cadreLoginFailure';

/**
 * Per-account lockout, independent of the client's address (rotating addresses or X-Forwarded-For
 * does not help a guesser): LOGIN_LOCKOUT_FAILURES failed logins of one account (tenant + username)
 * within LOGIN_LOCKOUT_MINUTES lock it for LOGIN_LOCKOUT_MINUTES. Counted in Redis, so every replica
 * sees the same count. The lock is audited when it is set; each refused login is audited by the
 * audit middleware (status 429).
 */
@Injectable()
export class LoginLockout {
  private readonly logger = new Logger('LoginLockout');

  constructor(
    @Inject(AUTH_REDIS) private readonly redis: Redis,
    @Inject(PLATFORM_CONFIG) private readonly config: GatewayConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    redis.defineCommand(FAIL_COMMAND, { numberOfKeys: 2, lua: FAIL });
  }

  /**
   * 429 while the account is locked. Without Redis the lock cannot be read: the login goes on (the
   * per-address limit still applies, and it needs Redis too — its guard answers 503 before this).
   */
  async refuseIfLocked(tenant: string, username: string): Promise<void> {
    let locked = false;
    try {
      locked = (await this.redis.exists(lockKey(tenant, username))) === 1;
    } catch (err) {
      this.logger.warn(`login lock of ${accountKey(tenant, username)} not read: ${(err as Error).message}`);
    }
    if (locked) throw new ProblemException(problem(429, LOCKED_MESSAGE));
  }

  /** Counts a failed login; audits the lock when this failure sets it. */
  async recordFailure(
    tenant: string,
    username: string,
    who: { tenantId: string | null; userId: string | null; ip?: string | null },
  ): Promise<void> {
    const minutes = this.config.LOGIN_LOCKOUT_MINUTES * 60_000;
    const command = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[FAIL_COMMAND];
    let lockedNow = false;
    try {
      lockedNow =
        (await command.call(
          this.redis,
          failKey(tenant, username),
          lockKey(tenant, username),
          minutes,
          this.config.LOGIN_LOCKOUT_FAILURES,
          minutes,
        )) === 1;
    } catch (err) {
      this.logger.warn(`login failure of ${accountKey(tenant, username)} not counted: ${(err as Error).message}`);
    }
    if (!lockedNow) return;
    this.logger.warn(
      `account ${accountKey(tenant, username)} locked for ${this.config.LOGIN_LOCKOUT_MINUTES} min after ${this.config.LOGIN_LOCKOUT_FAILURES} failed logins`,
    );
    await this.dataSource
      .getRepository(AuditEntry)
      .insert({
        tenantId: who.tenantId,
        userId: who.userId,
        username: username.slice(0, 64),
        action: 'LOCK account',
        method: 'POST',
        path: `/auth/lock/${accountKey(tenant, username)}`.slice(0, 512),
        status: 429,
        requestId: null,
        ip: who.ip ?? null,
        durationMs: 0,
      })
      .catch((err: Error) =>
        this.logger.error(`audit entry of the lock of ${accountKey(tenant, username)} lost: ${err.message}`),
      );
  }

  /** A successful login starts the count afresh. */
  async clearFailures(tenant: string, username: string): Promise<void> {
    await this.redis.del(failKey(tenant, username)).catch(() => undefined);
  }
}

function failKey(tenant: string, username: string): string {
  return `login-fail:${accountKey(tenant, username)}`;
}

function lockKey(tenant: string, username: string): string {
  return `login-lock:${accountKey(tenant, username)}`;
}
