import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type { CadreDossierQuery, FieldDossierTeamsQuery, TeamDossierQuery } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { DossierService } from './dossier.service';

/** Request patterns of 一干部一档案 and 一班子一档案; the gateway has validated the payloads and audits each read. */
@Controller()
export class DossierHandler {
  constructor(private readonly dossiers: DossierService) {}

  @MessagePattern(ANALYTICS_REQUESTS.cadreDossier)
  cadre(@Payload() payload: CadreDossierQuery, @Caller() ctx: RequestContext) {
    return this.dossiers.cadre(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.fieldDossierTeams)
  fieldTeams(@Payload() payload: FieldDossierTeamsQuery, @Caller() ctx: RequestContext) {
    return this.dossiers.fieldTeams(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.teamDossier)
  team(@Payload() payload: TeamDossierQuery, @Caller() ctx: RequestContext) {
    return this.dossiers.team(ctx, payload);
  }
}
