import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { APPRAISAL_REQUESTS } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import { ChannelsDto, NotificationsQueryDto } from './dto/appraisal.dto';

/** The signed-in user's in-app notifications (reminders before a cycle closes), and the tenant's outside channels. */
@ApiTags('notifications 消息提醒')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Get('me/notifications')
  @ApiOkResponse({
    description: '{ items: [{ id, kind, title, body, cycleId, createdAt, readAt }], unread, nextCursor }',
  })
  list(@Req() req: AuthedRequest, @Query() query: NotificationsQueryDto) {
    return this.rpc.request(APPRAISAL_REQUESTS.notifications, query, requestContext(req));
  }

  @Post('me/notifications/read-all')
  @HttpCode(200)
  readAll(@Req() req: AuthedRequest) {
    return this.rpc.request(APPRAISAL_REQUESTS.markRead, {}, requestContext(req));
  }

  @Post('me/notifications/:id/read')
  @HttpCode(200)
  read(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.rpc.request(APPRAISAL_REQUESTS.markRead, { id }, requestContext(req));
  }

  @Get('notification-channels')
  @Roles('admin', 'org_officer')
  channels(@Req() req: AuthedRequest) {
    return this.rpc.request(APPRAISAL_REQUESTS.getChannels, {}, requestContext(req));
  }

  @Put('notification-channels')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({ description: 'webhook (signed, retried with backoff) and SMTP; secrets read back masked' })
  putChannels(@Req() req: AuthedRequest, @Body() dto: ChannelsDto) {
    return this.rpc.request(APPRAISAL_REQUESTS.putChannels, dto, requestContext(req));
  }
}
