import { Injectable } from '@nestjs/common';
import { CreateUnitCommand, ListUnitsQuery, RequestContext, ROSTER_REQUESTS, UpdateUnitCommand } from '@cadre/contracts';
import type { ById, UnknownUnitsQuery } from '@cadre/contracts';
import { RpcHandler } from '@cadre/messaging';
import { UnitsService } from './units.service';

/** Request patterns for 单位; the gateway has validated the payloads. */
@Injectable()
export class UnitsHandler {
  constructor(private readonly units: UnitsService) {}

  @RpcHandler(ROSTER_REQUESTS.createUnit)
  create(payload: CreateUnitCommand, ctx: RequestContext) {
    return this.units.create(ctx, payload);
  }

  @RpcHandler(ROSTER_REQUESTS.listUnits)
  list(payload: ListUnitsQuery, ctx: RequestContext) {
    return this.units.list(ctx, payload);
  }

  @RpcHandler(ROSTER_REQUESTS.getUnit)
  get(payload: ById, ctx: RequestContext) {
    return this.units.get(ctx, payload.id);
  }

  @RpcHandler(ROSTER_REQUESTS.unknownUnits)
  unknown(payload: UnknownUnitsQuery, ctx: RequestContext) {
    return this.units.unknown(ctx, payload.ids);
  }

  @RpcHandler(ROSTER_REQUESTS.updateUnit)
  update(payload: UpdateUnitCommand, ctx: RequestContext) {
    return this.units.update(ctx, payload);
  }
}
