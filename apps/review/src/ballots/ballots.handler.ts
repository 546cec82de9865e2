import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CastBallotInput, CastBallotsInput, REVIEW_GATEWAY_REQUESTS } from '@cadre/contracts';
import type { BallotFormQuery } from '@cadre/contracts';
import { MessagePattern } from '@cadre/messaging';
import { BallotsService } from './ballots.service';

/** The request patterns of BallotsService; the gateway has validated the payloads. */
@Controller()
export class BallotsHandler {
  constructor(private readonly ballotsService: BallotsService) {}

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.ballotForm)
  form(@Payload() payload: BallotFormQuery) {
    return this.ballotsService.form(payload);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.castBallot)
  cast(@Payload() payload: CastBallotInput) {
    return this.ballotsService.cast(payload);
  }

  @MessagePattern(REVIEW_GATEWAY_REQUESTS.castBallots)
  castMany(@Payload() payload: CastBallotsInput) {
    return this.ballotsService.castMany(payload);
  }
}
