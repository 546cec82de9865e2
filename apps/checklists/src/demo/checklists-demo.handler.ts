import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CHECKLISTS_REQUESTS, RequestContext } from '@cadre/contracts';
import type { ChecklistsDemoCommand } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { ChecklistsDemoService } from './checklists-demo.service';

/** The request patterns of ChecklistsDemoService; the gateway has validated the payloads. */
@Controller()
export class ChecklistsDemoHandler {
  constructor(private readonly checklistsDemoService: ChecklistsDemoService) {}

  @MessagePattern(CHECKLISTS_REQUESTS.loadDemo)
  load(@Payload() payload: ChecklistsDemoCommand | undefined, @Caller() ctx: RequestContext) {
    return this.checklistsDemoService.load(payload, ctx);
  }
}
