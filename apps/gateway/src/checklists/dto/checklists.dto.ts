import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PageQueryDto } from '../../common/page-query.dto';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import { POLITICAL_DIMENSIONS } from '@cadre/contracts';
import type {
  DimensionTemplateView,
  FulfilmentInput,
  IndicatorV1,
  ListResponsibilitiesQuery,
  ObservationInput,
  OverdueTasksQuery,
  PoliticalDimension,
  PriorityView,
  ProgressInput,
  ResponsibilityGrade,
  ResponsibilityInput,
  ResponsibilityRatingInput,
  TaskInput,
  TaskListTransition,
  UpdateDimensionsCommand,
  UpdatePrioritiesCommand,
  VerdictRuleView,
} from '@cadre/contracts';

const SOURCES = ['periodic_appraisal', 'random_appraisal', 'inspection', 'letter', 'daily_supervision', 'other'];

export class IndicatorDto implements IndicatorV1 {
  @ApiProperty({ example: '招商引资额' }) @IsString() @IsNotEmpty() @MaxLength(100) metric: string;
  @ApiProperty({ example: 5000, minimum: 0, exclusiveMinimum: true }) @IsNumber() @IsPositive() target: number;
  @ApiProperty({ example: '万元' }) @IsString() @IsNotEmpty() @MaxLength(20) unit: string;
}

export class ObservationDto implements Omit<ObservationInput, 'cadreId'> {
  @ApiProperty({ enum: POLITICAL_DIMENSIONS })
  @IsIn(POLITICAL_DIMENSIONS as unknown as string[])
  dimension: PoliticalDimension;
  @ApiProperty({ enum: ['positive', 'negative'] }) @IsIn(['positive', 'negative']) polarity: 'positive' | 'negative';
  @ApiProperty({ enum: ['minor', 'major', 'red_line'] }) @IsIn(['minor', 'major', 'red_line']) severity:
    'minor' | 'major' | 'red_line';
  @ApiProperty({ example: '在防汛抢险中主动请战，连续值守48小时' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  evidence: string;
  @ApiProperty({ example: '2026-07-28', format: 'date' })
  @IsCalendarDate()
  occurredAt: string;
  @ApiProperty({ enum: SOURCES, description: '定期考核, 随机考核, 巡察, 信访举报, 日常监督, 其他' })
  @IsIn(SOURCES)
  source: string;
}

export class DimensionTemplateDto implements DimensionTemplateView {
  @ApiProperty({ enum: POLITICAL_DIMENSIONS })
  @IsIn(POLITICAL_DIMENSIONS as unknown as string[])
  key: PoliticalDimension;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20) name: string;
  @ApiProperty() @IsString() @MaxLength(500) description: string;
  @ApiProperty({ type: [String], minItems: 3, maxItems: 8 })
  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  indicators: string[];
}

export class DimensionsDto implements UpdateDimensionsCommand {
  @ApiProperty({ type: [DimensionTemplateDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DimensionTemplateDto)
  dimensions: DimensionTemplateDto[];
}

export class VerdictRuleDto implements VerdictRuleView {
  @ApiProperty({ example: 12 }) @IsInt() @Min(1) @Max(60) windowMonths: number;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) badRedLines: number;
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) badMajors: number;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) watchMajors: number;
  @ApiProperty({ example: 3 }) @IsInt() @Min(1) watchMinors: number;
}

export class ResponsibilityDto implements Omit<ResponsibilityInput, 'cadreId'> {
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ example: '抓好分管领域安全生产' }) @IsString() @IsNotEmpty() @MaxLength(500) duty: string;
  @ApiProperty({ type: IndicatorDto }) @ValidateNested() @Type(() => IndicatorDto) target: IndicatorDto;
  @ApiProperty({ example: '建立隐患台账，每月排查' }) @IsString() @IsNotEmpty() @MaxLength(2000) measures: string;
}

export class FulfillmentDto implements Omit<FulfilmentInput, 'responsibilityId'> {
  @ApiProperty({ example: 95 }) @IsNumber() @Min(0) actual: number;
  @ApiProperty({ example: '月度排查台账' }) @IsString() @IsNotEmpty() @MaxLength(2000) evidence: string;
}

export class ResponsibilityRatingDto implements Omit<ResponsibilityRatingInput, 'responsibilityId'> {
  @ApiProperty({ enum: ['excellent', 'good', 'fair', 'poor'] })
  @IsIn(['excellent', 'good', 'fair', 'poor'])
  grade: ResponsibilityGrade;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) comment?: string;
}

export class YearQueryDto {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ResponsibilitiesQueryDto
  extends IntersectionType(YearQueryDto, PageQueryDto)
  implements Omit<ListResponsibilitiesQuery, 'cadreId'> {}

export class OverdueTasksQueryDto extends PageQueryDto implements OverdueTasksQuery {}

export class TaskDto implements Omit<TaskInput, 'cadreId' | 'year'> {
  @ApiProperty({ example: '完成年度招商引资任务' }) @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiPropertyOptional({ description: 'code of an annual priority (GET /priorities?year=)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  priority?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the post duty it serves: an item of the cadre’s responsibility list of that year',
  })
  @IsOptional()
  @IsUUID()
  responsibilityId?: string;
  @ApiProperty({ example: '建立项目台账，按月调度' }) @IsString() @IsNotEmpty() @MaxLength(2000) measures: string;
  @ApiProperty({ type: IndicatorDto }) @ValidateNested() @Type(() => IndicatorDto) indicator: IndicatorDto;
  @ApiProperty({ example: '2026-12-31', format: 'date' })
  @IsCalendarDate()
  deadline: string;
  @ApiProperty({ example: 30, minimum: 0, exclusiveMinimum: true }) @IsNumber() @IsPositive() @Max(1000) weight: number;
}

export class TransitionDto implements Pick<TaskListTransition, 'reason'> {
  @ApiPropertyOptional({ description: 'required to return or amend' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ProgressDto implements Omit<ProgressInput, 'taskId'> {
  @ApiProperty({ example: 3200 }) @IsNumber() @Min(0) actual: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class PriorityDto implements PriorityView {
  @ApiProperty({ example: 'yizhu-liushuang' })
  @IsString()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'code: 1–64 个小写字母、数字或 -' })
  code: string;
  @ApiProperty({ example: '一主六双' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
}

export class PrioritiesDto implements UpdatePrioritiesCommand {
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ type: [PriorityDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PriorityDto)
  items: PriorityDto[];
}
