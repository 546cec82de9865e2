import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import { RANKING_SCOPES } from '@cadre/contracts';
import type {
  AdjustmentBatchInput,
  AwardInput,
  AwardKind,
  AwardStoryCommand,
  CompositeWeights,
  DecideAwardCommand,
  RankingScope,
  RankingsQuery,
  SandboxCommand,
  SandboxMove,
  TalkInput,
  TalksQuery,
} from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

export class RankingsQueryDto extends PageQueryDto implements Omit<RankingsQuery, 'cycleId'> {
  @ApiProperty({ enum: RANKING_SCOPES, description: 'vertical 纵向（班子内） · horizontal 横向（领域内）' })
  @IsIn(RANKING_SCOPES as unknown as string[])
  scope: RankingScope;
  @ApiPropertyOptional({ description: 'scope=vertical 时必填' }) @IsOptional() @IsUUID('all') teamId?: string;
  @ApiPropertyOptional({ description: 'scope=horizontal 时必填' }) @IsOptional() @IsUUID('all') fieldId?: string;
}

function Weight(description: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ minimum: 0, maximum: 1, description })(target, key);
    IsNumber({ allowNaN: false, allowInfinity: false })(target, key);
    Min(0)(target, key);
    Max(1)(target, key);
  };
}

export class WeightsDto implements CompositeWeights {
  @Weight('定期考核“切”环节得分，默认 0.4') periodic: number;
  @Weight('民主测评得分，默认 0.3') democratic: number;
  @Weight('任务清单完成度，默认 0.2') task: number;
  @Weight('随机考核（战时档案），默认 0.1') wartime: number;
}

export class SandboxMoveDto implements SandboxMove {
  @ApiProperty() @IsUUID('all') cadreId: string;
  @ApiProperty() @IsUUID('all') toTeamId: string;
}

export class SandboxDto implements SandboxCommand {
  @ApiProperty({ type: [SandboxMoveDto], description: '模拟调整：把干部调入另一班子（不改变真实数据）' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SandboxMoveDto)
  moves: SandboxMoveDto[];
}

export class DossierQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'html', 'pdf'],
    description: 'html: 可打印的中文档案；pdf: 同一档案的 PDF（服务器需安装 chromium）',
  })
  @IsOptional()
  @IsIn(['json', 'html', 'pdf'])
  format?: 'json' | 'html' | 'pdf';
}

export class CoordinatesQueryDto {
  @ApiPropertyOptional({
    enum: ['cadre', 'team'],
    description: 'cadre（默认）: 干部坐标系；team: 领导班子坐标系（x 为领域内百分位，y 为全部班子中的百分位）',
  })
  @IsOptional()
  @IsIn(['cadre', 'team'])
  subject?: 'cadre' | 'team';
}

export class UnderperformersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['cadre', 'team'],
    description: 'cadre（默认）: 需要谈话提醒的干部；team: 需要谈话提醒的领导班子（含主要负责人）',
  })
  @IsOptional()
  @IsIn(['cadre', 'team'])
  subject?: 'cadre' | 'team';
}

export class AdjustmentBatchDto implements AdjustmentBatchInput {
  @ApiProperty({ example: '2026年第3批干部调整' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ example: '2026-09-15', format: 'date' })
  @IsCalendarDate()
  decidedOn: string;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @IsUUID('all', { each: true })
  cadreIds: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class TalkDto implements TalkInput {
  @ApiProperty({ example: '2026-08-20', format: 'date' })
  @IsCalendarDate()
  heldOn: string;
  @ApiProperty({ enum: ['collective', 'individual'], description: '集体谈话 / 个别谈话' })
  @IsIn(['collective', 'individual'])
  kind: 'collective' | 'individual';
  @ApiProperty({ example: '考核结果反馈与提醒' }) @IsString() @IsNotEmpty() @MaxLength(200) topic: string;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  cadreIds: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) notes?: string;
  @ApiPropertyOptional({ description: '因哪个考核周期的结果而谈' }) @IsOptional() @IsUUID('all') cycleId?: string;
}

export class TalksQueryDto extends PageQueryDto implements TalksQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all') cadreId?: string;
}

export class AwardDto implements AwardInput {
  @ApiProperty({
    enum: ['good_team', 'good_cadre', 'advanced_individual'],
    description: '干事创业好班子 / 担当作为好干部 / 重点工作先进个人',
  })
  @IsIn(['good_team', 'good_cadre', 'advanced_individual'])
  kind: AwardKind;
  @ApiPropertyOptional({ example: '2026年度担当作为好干部评选' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;
  @ApiProperty() @IsUUID('all') cycleId: string;
  @ApiProperty({ minimum: 1, maximum: 500 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(500)
  quota: number;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1,
    default: 0.3,
    description: '向基层倾斜：至少这一比例的名额给镇街园区',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  grassrootsMin?: number;
  @ApiPropertyOptional({ description: '民主推荐所用的测评（review campaign）；不填则按综合得分' })
  @IsOptional()
  @IsUUID('all')
  campaignId?: string;
}

export class DecideAwardDto implements Omit<DecideAwardCommand, 'id'> {
  @ApiPropertyOptional({ type: [String], description: '不填则采用系统建议名单' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  targetIds?: string[];
}

export class AwardStoryDto implements Omit<AwardStoryCommand, 'id' | 'targetId'> {
  @ApiProperty({ example: '扎根基层的“领头雁”' }) @IsString() @IsNotEmpty() @MaxLength(100) title: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20_000) text: string;
}
