import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestContext, REVIEW_GATEWAY_REQUESTS } from '@cadre/contracts';
import type { UpdateReviewSettingsCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { SettingsService } from './settings.service';

/** The request patterns of SettingsService; the gateway has validated the payloads. */
@Controller()
export class SettingsHandler {
  constructor(private readonly settingsService: SettingsService) {}

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.settings)
  get(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.settingsService.get(_payload, ctx);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.updateSettings)
  update(@Payload() payload: UpdateReviewSettingsCommand | undefined, @Caller() ctx: RequestContext) {
    return this.settingsService.update(payload, ctx);
  }
}
