import { Controller } from '@nestjs/common';
import {
  ApplyBatchCommand,
  CadreHistoryQuery,
  CadreInput,
  ListCadresQuery,
  RequestContext,
  ROSTER_REQUESTS,
  TransferCadreCommand,
  UpdateCadreCommand,
} from '@cadre/contracts';
import type { ById } from '@cadre/contracts';
import { CadresService } from './cadres.service';
import { Payload } from '@nestjs/microservices';
import { Caller, MessagePattern } from '@cadre/messaging';

/** Request patterns for 干部; the gateway has validated the payloads. */
@Controller()
export class CadresHandler {
  constructor(private readonly cadres: CadresService) {}

  @MessagePattern(ROSTER_REQUESTS.createCadre)
  create(@Payload() payload: CadreInput, @Caller() ctx: RequestContext) {
    return this.cadres.create(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.listCadres)
  list(@Payload() payload: ListCadresQuery, @Caller() ctx: RequestContext) {
    return this.cadres.list(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.getCadre)
  get(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.cadres.get(ctx, payload.id);
  }

  @MessagePattern(ROSTER_REQUESTS.updateCadre)
  update(@Payload() payload: UpdateCadreCommand, @Caller() ctx: RequestContext) {
    return this.cadres.update(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.applyBatch)
  applyBatch(@Payload() payload: ApplyBatchCommand, @Caller() ctx: RequestContext) {
    return this.cadres.applyBatch(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.transferCadre)
  transfer(@Payload() payload: TransferCadreCommand, @Caller() ctx: RequestContext) {
    return this.cadres.transfer(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.cadreHistory)
  history(@Payload() payload: CadreHistoryQuery, @Caller() ctx: RequestContext) {
    return this.cadres.history(ctx, payload);
  }
}
