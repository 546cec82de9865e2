import { Injectable } from '@nestjs/common';
import { CadreInput, ListCadresQuery, RequestContext, ROSTER_REQUESTS, TransferCadreCommand, UpdateCadreCommand } from '@cadre/contracts';
import type { ById } from '@cadre/contracts';
import { RpcHandler } from '@cadre/messaging';
import { CadresService } from './cadres.service';

/** Request patterns for 干部; the gateway has validated the payloads. */
@Injectable()
export class CadresHandler {
  constructor(private readonly cadres: CadresService) {}

  @RpcHandler(ROSTER_REQUESTS.createCadre)
  create(payload: CadreInput, ctx: RequestContext) {
    return this.cadres.create(ctx, payload);
  }

  @RpcHandler(ROSTER_REQUESTS.listCadres)
  list(payload: ListCadresQuery, ctx: RequestContext) {
    return this.cadres.list(ctx, payload);
  }

  @RpcHandler(ROSTER_REQUESTS.getCadre)
  get(payload: ById, ctx: RequestContext) {
    return this.cadres.get(ctx, payload.id);
  }

  @RpcHandler(ROSTER_REQUESTS.updateCadre)
  update(payload: UpdateCadreCommand, ctx: RequestContext) {
    return this.cadres.update(ctx, payload);
  }

  @RpcHandler(ROSTER_REQUESTS.transferCadre)
  transfer(payload: TransferCadreCommand, ctx: RequestContext) {
    return this.cadres.transfer(ctx, payload);
  }

  @RpcHandler(ROSTER_REQUESTS.cadreHistory)
  history(payload: ById, ctx: RequestContext) {
    return this.cadres.history(ctx, payload.id);
  }
}
