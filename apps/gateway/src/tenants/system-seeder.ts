import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PLATFORM_CONFIG } from '@cadre/platform';
import type { GatewayConfig } from '../config/gateway.config';
import { UsersService } from '../users/users.service';
import { SYSTEM_TENANT } from './tenants.service';
import { TenantsRepository } from './tenants.repository';

/** Outside production only (ADMIN_PASSWORD is required there); it passes the password policy. */
export const DEV_ADMIN_PASSWORD = 'system-pass-2026';

/**
 * On an empty database, creates the platform tenant `system` and its administrator `admin`
 * (CONTRACT.md "Auth"). An advisory lock makes two gateways starting together create it once.
 */
@Injectable()
export class SystemSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('SystemSeeder');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsRepository,
    private readonly users: UsersService,
    @Inject(PLATFORM_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.tenants.lockSeeding(manager);
      if (await this.tenants.findByCode(SYSTEM_TENANT, manager)) return;
      const tenant = await this.tenants.insert(manager, {
        id: randomUUID(),
        code: SYSTEM_TENANT,
        name: '平台管理',
        timezone: 'Asia/Shanghai',
      });
      await this.users.insert(
        manager,
        tenant.id,
        'admin',
        this.config.ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD,
        ['admin'],
        null,
      );
      this.logger.log('created the platform administrator "admin" in tenant "system"');
    });
  }
}
