import { Controller } from '@nestjs/common';
import {
  CreateUnitCommand,
  ListUnitsQuery,
  RequestContext,
  ROSTER_REQUESTS,
  UpdateUnitCommand,
} from '@cadre/contracts';
import type { ById, UnknownUnitsQuery } from '@cadre/contracts';
import { UnitsService } from './units.service';
import { Payload } from '@nestjs/microservices';
import { Caller, MessagePattern } from '@cadre/messaging';

/** Request patterns for 单位; the gateway has validated the payloads. */
@Controller()
export class UnitsHandler {
  constructor(private readonly units: UnitsService) {}

  @MessagePattern(ROSTER_REQUESTS.createUnit)
  create(@Payload() payload: CreateUnitCommand, @Caller() ctx: RequestContext) {
    return this.units.create(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.listUnits)
  list(@Payload() payload: ListUnitsQuery, @Caller() ctx: RequestContext) {
    return this.units.list(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.getUnit)
  get(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.units.get(ctx, payload.id);
  }

  @MessagePattern(ROSTER_REQUESTS.unknownUnits)
  unknown(@Payload() payload: UnknownUnitsQuery, @Caller() ctx: RequestContext) {
    return this.units.unknown(ctx, payload.ids);
  }

  @MessagePattern(ROSTER_REQUESTS.updateUnit)
  update(@Payload() payload: UpdateUnitCommand, @Caller() ctx: RequestContext) {
    return this.units.update(ctx, payload);
  }
}
