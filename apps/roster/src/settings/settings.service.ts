import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { RequestContext, RosterSettingsView } from '@cadre/contracts';
import { RosterSettings } from './roster-settings.entity';

export const DEFAULT_YOUNG_AGE_LIMIT = 40;

@Injectable()
export class SettingsService {
  constructor(@InjectRepository(RosterSettings) private readonly settings: Repository<RosterSettings>) {}

  async youngAgeLimit(tenantId: string): Promise<number> {
    return (await this.settings.findOneBy({ tenantId }))?.youngAgeLimit ?? DEFAULT_YOUNG_AGE_LIMIT;
  }
  async get(_payload: unknown, ctx: RequestContext): Promise<RosterSettingsView> {
    return { youngAgeLimit: await this.youngAgeLimit(ctx.tenantId) };
  }
  async update(payload: RosterSettingsView, ctx: RequestContext): Promise<RosterSettingsView> {
    await this.settings.upsert({ tenantId: ctx.tenantId, youngAgeLimit: payload.youngAgeLimit }, ['tenantId']);
    return { youngAgeLimit: payload.youngAgeLimit };
  }
}
