import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type { ByCycle } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { RecordsService } from './records.service';

/** Request patterns of the sealed records; the gateway has validated the payloads. */
@Controller()
export class RecordsHandler {
  constructor(private readonly records: RecordsService) {}

  @MessagePattern(ANALYTICS_REQUESTS.record)
  record(@Payload() payload: ByCycle, @Caller() ctx: RequestContext) {
    return this.records.record(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.verifyRecords)
  verify(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.records.verify(ctx);
  }
}
