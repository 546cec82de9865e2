import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Page, PageQuery, problem } from '@cadre/contracts';
import { pageWindow, toPage } from '@cadre/messaging';
import { cursorPart, isUniqueViolation } from '@cadre/persistence';
import { ProblemException } from '../problems/problem.filter';
import { UsersService } from '../users/users.service';
import type { CreatedTenantView, CreateTenantDto, TenantView } from './dto/create-tenant.dto';
import { Tenant } from './tenant.entity';
import { TenantsRepository } from './tenants.repository';

export const SYSTEM_TENANT = 'system';

export function toTenantView(t: Tenant): TenantView {
  return { id: t.id, code: t.code, name: t.name, timezone: t.timezone, createdAt: t.createdAt.toISOString() };
}

@Injectable()
export class TenantsService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly users: UsersService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The tenant and its first org officer are created together or not at all. */
  async create(dto: CreateTenantDto): Promise<CreatedTenantView> {
    const duplicate = () =>
      new ProblemException(problem(409, `租户编码 ${dto.code} 已存在`, [{ field: 'code', message: '该编码已被使用' }]));
    const [tenant, officer] = await this.dataSource
      .transaction(async (manager) => {
        if (await this.tenants.findByCode(dto.code, manager)) throw duplicate();
        const t = await this.tenants.insert(manager, {
          id: randomUUID(),
          code: dto.code,
          name: dto.name,
          timezone: dto.timezone,
        });
        const o = await this.users.insert(
          manager,
          t.id,
          dto.officer.username,
          dto.officer.password,
          ['org_officer'],
          null,
        );
        return [t, o] as const;
      })
      .catch((err: unknown) => {
        throw isUniqueViolation(err) ? duplicate() : err;
      });
    return { ...toTenantView(tenant), officer: { id: officer.id, username: officer.username } };
  }

  async list(query: PageQuery): Promise<Page<TenantView>> {
    const { limit, after } = pageWindow(query, [cursorPart.text, cursorPart.uuid]);
    const rows = await this.tenants.list({ after, limit: limit + 1 });
    return toPage(rows, limit, (t) => [t.code, t.id], toTenantView);
  }
}
