import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPRAISAL_REQUESTS, ChannelsCommand, RequestContext } from '@cadre/contracts';
import type { ListNotificationsQuery, MarkReadCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { NotificationsService } from './notifications.service';

/** Request patterns for the inbox and the outside channels; the gateway has validated the payloads. */
@Controller()
export class NotificationsHandler {
  constructor(private readonly notifications: NotificationsService) {}

  @MessagePattern(APPRAISAL_REQUESTS.notifications)
  list(@Payload() query: ListNotificationsQuery, @Caller() ctx: RequestContext) {
    return this.notifications.list(ctx, query);
  }

  @MessagePattern(APPRAISAL_REQUESTS.markRead)
  markRead(@Payload() payload: MarkReadCommand, @Caller() ctx: RequestContext) {
    return this.notifications.markRead(ctx, payload);
  }

  @MessagePattern(APPRAISAL_REQUESTS.getChannels)
  channels(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.notifications.channels(ctx);
  }

  @MessagePattern(APPRAISAL_REQUESTS.putChannels)
  putChannels(@Payload() command: ChannelsCommand, @Caller() ctx: RequestContext) {
    return this.notifications.putChannels(ctx, command);
  }
}
