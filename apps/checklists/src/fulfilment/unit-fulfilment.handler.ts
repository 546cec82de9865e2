import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CHECKLISTS_REQUESTS, RequestContext } from '@cadre/contracts';
import type { UnitFulfilmentQuery } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { UnitFulfilmentService } from './unit-fulfilment.service';

/** Asked by review (its two-way view's 含金量 cross-check), not by the gateway. */
@Controller()
export class UnitFulfilmentHandler {
  constructor(private readonly service: UnitFulfilmentService) {}

  @MessagePattern(CHECKLISTS_REQUESTS.unitFulfilment)
  fulfilment(@Payload() query: UnitFulfilmentQuery, @Caller() ctx: RequestContext) {
    return this.service.fulfilment(query, ctx);
  }
}
