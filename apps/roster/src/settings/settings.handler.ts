import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { RequestContext, RosterSettingsView } from '@cadre/contracts';
import { ROSTER_REQUESTS } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { SettingsService } from './settings.service';

/** The request patterns of SettingsService; the gateway has validated the payloads. */
@Controller()
export class SettingsHandler {
  constructor(private readonly settingsService: SettingsService) {}

  @MessagePattern(ROSTER_REQUESTS.getSettings)
  get(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.settingsService.get(_payload, ctx);
  }

  @MessagePattern(ROSTER_REQUESTS.updateSettings)
  update(@Payload() payload: RosterSettingsView, @Caller() ctx: RequestContext) {
    return this.settingsService.update(payload, ctx);
  }
}
