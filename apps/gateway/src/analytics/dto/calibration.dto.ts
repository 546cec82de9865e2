import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { GRADES } from '@cadre/contracts';
import type { CalibrationAdjustmentInput, CycleGuidelineCommand, Grade, GradeGuideline } from '@cadre/contracts';

/** One value of one cadre; the reason is checked by analytics (422 without one), so that the trail never lacks it. */
export class CalibrationAdjustmentDto implements Omit<CalibrationAdjustmentInput, 'cycleId'> {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') cadreId: string;
  @ApiPropertyOptional({ enum: GRADES, description: '校准后的等次（与 composite 二选一）' })
  @IsOptional()
  @IsIn(GRADES as unknown as string[])
  grade?: Grade;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: '校准后的综合得分（与 grade 二选一）' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  composite?: number;
  @ApiPropertyOptional({ description: '校准理由（必填，记入校准记录）', example: '经部务会研究，按指导比例调整' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

function Share(description: string): PropertyDecorator {
  return (target, key) => {
    IsNumber({ allowNaN: false, allowInfinity: false })(target, key);
    Min(0)(target, key);
    Max(1)(target, key);
    ApiProperty({ minimum: 0, maximum: 1, description })(target, key);
  };
}

export class GradeGuidelineDto implements GradeGuideline {
  @Share('优秀等次占参加考核人数的最高比例，默认 0.2') excellentMaxShare: number;
}

export class CycleGuidelineDto implements Omit<CycleGuidelineCommand, 'cycleId'> {
  @Share('本周期的最高优秀比例（代替本单位的比例）') excellentMaxShare: number;
  @ApiProperty({ description: '调整理由（记入校准记录）', example: '本周期为专项攻坚，经部务会研究放宽' })
  @IsString()
  @MaxLength(2000)
  reason: string;
}
