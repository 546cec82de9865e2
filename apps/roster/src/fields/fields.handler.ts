import { Controller } from '@nestjs/common';
import { CreateFieldCommand, PageQuery, RequestContext, ROSTER_REQUESTS } from '@cadre/contracts';
import { FieldsService } from './fields.service';
import { Payload } from '@nestjs/microservices';
import { Caller, MessagePattern } from '@cadre/messaging';

/** Request patterns for 领域; the gateway has validated the payloads. */
@Controller()
export class FieldsHandler {
  constructor(private readonly fields: FieldsService) {}

  @MessagePattern(ROSTER_REQUESTS.createField)
  create(@Payload() payload: CreateFieldCommand, @Caller() ctx: RequestContext) {
    return this.fields.create(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.listFields)
  list(@Payload() payload: PageQuery, @Caller() ctx: RequestContext) {
    return this.fields.list(ctx, payload);
  }
}
