import { Injectable } from '@nestjs/common';
import { CreateFieldCommand, RequestContext, ROSTER_REQUESTS } from '@cadre/contracts';
import { RpcHandler } from '@cadre/messaging';
import { FieldsService } from './fields.service';

/** Request patterns for 领域; the gateway has validated the payloads. */
@Injectable()
export class FieldsHandler {
  constructor(private readonly fields: FieldsService) {}

  @RpcHandler(ROSTER_REQUESTS.createField)
  create(payload: CreateFieldCommand, ctx: RequestContext) {
    return this.fields.create(ctx, payload);
  }

  @RpcHandler(ROSTER_REQUESTS.listFields)
  list(_payload: unknown, ctx: RequestContext) {
    return this.fields.list(ctx);
  }
}
