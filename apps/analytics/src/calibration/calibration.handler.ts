import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type { ByCycle, CalibrationAdjustmentInput, CycleGuidelineCommand, GradeGuideline } from '@cadre/contracts';
import { Caller, MessagePattern } from '@cadre/messaging';
import { CalibrationService } from './calibration.service';

/** Request patterns of 校准; the gateway has validated the payloads. */
@Controller()
export class CalibrationHandler {
  constructor(private readonly calibration: CalibrationService) {}

  @MessagePattern(ANALYTICS_REQUESTS.calibration)
  view(@Payload() payload: ByCycle, @Caller() ctx: RequestContext) {
    return this.calibration.view(ctx, payload);
  }

  @MessagePattern(ANALYTICS_REQUESTS.adjustCalibration)
  adjust(@Payload() input: CalibrationAdjustmentInput, @Caller() ctx: RequestContext) {
    return this.calibration.adjust(ctx, input);
  }

  @MessagePattern(ANALYTICS_REQUESTS.putCycleGuideline)
  putCycleGuideline(@Payload() command: CycleGuidelineCommand, @Caller() ctx: RequestContext) {
    return this.calibration.putCycleGuideline(ctx, command);
  }

  @MessagePattern(ANALYTICS_REQUESTS.gradeGuideline)
  gradeGuideline(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.calibration.gradeGuideline(ctx);
  }

  @MessagePattern(ANALYTICS_REQUESTS.putGradeGuideline)
  putGradeGuideline(@Payload() guideline: GradeGuideline, @Caller() ctx: RequestContext) {
    return this.calibration.putGradeGuideline(ctx, guideline);
  }
}
