import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KEEP_KEYS_HOURS } from './idempotency.interceptor';

const EVERY_MS = 60 * 60_000;

/** Deletes idempotency keys past their 24 hours, hourly; replicas doing it together is harmless. */
@Injectable()
export class IdempotencyPurge implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IdempotencyPurge');
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    try {
      const [, deleted] = await this.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [KEEP_KEYS_HOURS]);
      return Number(deleted ?? 0);
    } catch (err) {
      this.logger.warn(`purge failed: ${(err as Error).message}`);
      return 0;
    }
  }
}
