import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type {
  AdjustmentBatchInput,
  BatchQuery,
  ById,
  ScenarioBatchCommand,
  ScenarioInput,
  SelectionStatisticsQuery,
  CyclePageQuery,
  PageQuery,
  SandboxCommand,
  TalkInput,
  TalksQuery,
} from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { MechanismsService } from './mechanisms.service';

/** Request patterns of selection, follow-up and the sandbox; the gateway has validated the payloads. */
@Controller()
export class MechanismsHandler {
  constructor(private readonly mechanisms: MechanismsService) {}

  @MessagePattern(ANALYTICS_REQUESTS.selection)
  candidates(@Payload() payload: CyclePageQuery, @Caller() ctx: RequestContext) {
    return this.mechanisms.candidates(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.addBatch)
  addBatch(@Payload() payload: AdjustmentBatchInput, @Caller() ctx: RequestContext) {
    return this.mechanisms.addBatch(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.batches)
  batches(@Payload() payload: PageQuery, @Caller() ctx: RequestContext) {
    return this.mechanisms.batches(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.batch)
  batch(@Payload() payload: BatchQuery, @Caller() ctx: RequestContext) {
    return this.mechanisms.batch(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.decideBatch)
  decideBatch(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.mechanisms.decideBatch(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.selectionStatistics)
  statistics(@Payload() payload: SelectionStatisticsQuery, @Caller() ctx: RequestContext) {
    return this.mechanisms.statistics(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.saveScenario)
  saveScenario(@Payload() payload: ScenarioInput, @Caller() ctx: RequestContext) {
    return this.mechanisms.saveScenario(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.scenarios)
  scenarios(@Payload() payload: PageQuery, @Caller() ctx: RequestContext) {
    return this.mechanisms.scenarios(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.scenario)
  scenario(@Payload() payload: ById, @Caller() ctx: RequestContext) {
    return this.mechanisms.scenario(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.scenarioBatch)
  scenarioBatch(@Payload() payload: ScenarioBatchCommand, @Caller() ctx: RequestContext) {
    return this.mechanisms.scenarioBatch(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.underperformers)
  underperformers(@Payload() payload: CyclePageQuery, @Caller() ctx: RequestContext) {
    return this.mechanisms.underperformers(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.addTalk)
  addTalk(@Payload() payload: TalkInput, @Caller() ctx: RequestContext) {
    return this.mechanisms.addTalk(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.talks)
  talks(@Payload() payload: TalksQuery, @Caller() ctx: RequestContext) {
    return this.mechanisms.talks(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.sandbox)
  sandbox(@Payload() payload: SandboxCommand, @Caller() ctx: RequestContext) {
    return this.mechanisms.sandbox(ctx, payload);
  }
}
