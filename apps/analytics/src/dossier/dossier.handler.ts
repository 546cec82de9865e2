import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type { CadreDossierQuery, TeamDossierQuery } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { DossierService } from './dossier.service';

/** The request patterns of DossierService; the gateway has validated the payloads. */
@Controller()
export class DossierHandler {
  constructor(private readonly dossierService: DossierService) {}

  @MessagePattern(ANALYTICS_REQUESTS.cadreDossier)
  cadre(@Payload() payload: CadreDossierQuery, @Caller() ctx: RequestContext) {
    return this.dossierService.cadre(payload, ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.teamDossier)
  team(@Payload() payload: TeamDossierQuery, @Caller() ctx: RequestContext) {
    return this.dossierService.team(payload, ctx);
  }
}
