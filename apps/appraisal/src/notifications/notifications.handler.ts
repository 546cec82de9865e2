import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS, ChannelsCommand, RequestContext } from '@cadre/contracts';
import type { ListNotificationsQuery, MarkReadCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { NotificationsService } from './notifications.service';

/** The request patterns of NotificationsService; the gateway has validated the payloads. */
@Controller()
export class NotificationsHandler {
  constructor(private readonly notificationsService: NotificationsService) {}

  @MessagePattern(APPRAISAL_REQUESTS.notifications)
  list(@Payload() query: ListNotificationsQuery, @Caller() ctx: RequestContext) {
    return this.notificationsService.list(query, ctx);
  }

  @MessagePattern(APPRAISAL_REQUESTS.markRead)
  markRead(@Payload() payload: MarkReadCommand, @Caller() ctx: RequestContext) {
    return this.notificationsService.markRead(payload, ctx);
  }

  @MessagePattern(APPRAISAL_REQUESTS.getChannels)
  channels(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.notificationsService.channels(_payload, ctx);
  }

  @MessagePattern(APPRAISAL_REQUESTS.putChannels)
  putChannels(@Payload() command: ChannelsCommand, @Caller() ctx: RequestContext) {
    return this.notificationsService.putChannels(command, ctx);
  }
}
