import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import { ADJUSTMENT_KINDS, RANDOM_TOPICS, RANKING_SCOPES } from '@cadre/contracts';
import type {
  AdjustmentBatchInput,
  AdjustmentKind,
  AdjustmentMove,
  RandomTopic,
  ScenarioBatchCommand,
  ScenarioInput,
  SelectionStatisticsQuery,
  AwardInput,
  AwardKind,
  AwardStoryCommand,
  CompositeWeights,
  DecideAwardCommand,
  IssueRecommendationCommand,
  RankingScope,
  RankingsQuery,
  SandboxCommand,
  SandboxMove,
  TalkInput,
  TalksQuery,
} from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

const list = (values: readonly string[]) => values as unknown as string[];

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

export class TeamDossierQueryDto extends DossierQueryDto {
  @ApiPropertyOptional({ description: 'true（html / pdf）：班子档案后附每位成员的干部档案（仅限可查阅的成员）' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  members?: boolean;
}

export class AdjustmentMoveDto implements AdjustmentMove {
  @ApiProperty() @IsUUID('all') cadreId: string;
  @ApiProperty({ enum: ADJUSTMENT_KINDS, description: 'promote 提拔 · transfer 调任 · exchange 交流 · adjust 调整' })
  @IsIn(list(ADJUSTMENT_KINDS))
  kind: AdjustmentKind;
  @ApiPropertyOptional({ description: '调入单位；调任、交流必填（或给出 toTeamId）' })
  @IsOptional()
  @IsUUID('all')
  toUnitId?: string;
  @ApiPropertyOptional({ description: '调入班子（须属于调入单位）' }) @IsOptional() @IsUUID('all') toTeamId?: string;
  @ApiPropertyOptional({ example: '党委书记', description: '新职务；提拔必填' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  toPosition?: string;
  @ApiProperty({ example: '2026-10-01', format: 'date', description: '生效日期 YYYY-MM-DD（年轻干部按此日的年龄计）' })
  // Inside a list the tenant's-day rewriting of timestamps does not reach (TenantDatesInterceptor: top level only).
  @IsCalendarDate({ message: '日期格式为 YYYY-MM-DD（如 2026-10-01）' })
  effectiveDate: string;
}

export class AdjustmentBatchDto implements AdjustmentBatchInput {
  @ApiProperty({ example: '2026年第3批干部调整' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ example: '2026-09-15', format: 'date' })
  @IsCalendarDate()
  decidedOn: string;
  @ApiPropertyOptional({ type: [AdjustmentMoveDto], description: '调整方案（每人一项）；与 cadreIds 二选一' })
  @ValidateIf((o: AdjustmentBatchDto) => o.moves !== undefined || o.cadreIds === undefined)
  @IsArray({ message: '需要 moves（调整方案）或 cadreIds（仅记录名单）之一' })
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => AdjustmentMoveDto)
  moves?: AdjustmentMoveDto[];
  @ApiPropertyOptional({ type: [String], description: '旧格式：只记录调整了哪些干部（不能执行）；与 moves 二选一' })
  @ValidateIf((o: AdjustmentBatchDto) => o.cadreIds !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @IsUUID('all', { each: true })
  cadreIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class BatchQueryDto {
  @ApiPropertyOptional({ enum: RANDOM_TOPICS, description: '战时表现突出按哪一类随机考核统计（如 epidemic 抗疫）' })
  @IsOptional()
  @IsIn(list(RANDOM_TOPICS))
  topic?: RandomTopic;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class SelectionStatisticsQueryDto extends BatchQueryDto implements SelectionStatisticsQuery {
  @ApiProperty({ example: '2026-01-01', format: 'date', description: '生效日期自（含）' })
  @Matches(DAY, { message: 'from 须为日期 YYYY-MM-DD（如 2026-01-01）' })
  @IsISO8601({ strict: true }, { message: 'from 须为真实日期 YYYY-MM-DD（如 2026-01-01）' })
  from: string;
  @ApiProperty({ example: '2026-12-31', format: 'date', description: '生效日期至（含）' })
  @Matches(DAY, { message: 'to 须为日期 YYYY-MM-DD（如 2026-12-31）' })
  @IsISO8601({ strict: true }, { message: 'to 须为真实日期 YYYY-MM-DD（如 2026-12-31）' })
  to: string;
}

export class ScenarioDto extends SandboxDto implements ScenarioInput {
  @ApiProperty({ example: '经发局班子调整方案一' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ScenarioBatchDto implements Omit<ScenarioBatchCommand, 'id'> {
  @ApiProperty({ example: '2026年第4批干部调整' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ example: '2026-11-01', format: 'date' }) @IsCalendarDate() decidedOn: string;
  @ApiProperty({ example: '2026-11-15', format: 'date', description: '各项调整的生效日期' })
  @IsCalendarDate()
  effectiveDate: string;
  @ApiPropertyOptional({ enum: ADJUSTMENT_KINDS, default: 'adjust' })
  @IsOptional()
  @IsIn(list(ADJUSTMENT_KINDS))
  kind?: AdjustmentKind;
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
  @ApiPropertyOptional({
    description:
      '民主推荐所用的测评（review campaign；好班子可用班子或单位测评）；不填则按综合得分（好班子按班子排名）',
  })
  @IsOptional()
  @IsUUID('all')
  campaignId?: string;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1,
    default: 0,
    description: '扛标：至少这一比例的名额给重点单位、重点领域',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  keyMin?: number;
  @ApiPropertyOptional({ type: [String], description: '扛标的重点单位' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  keyUnitIds?: string[];
  @ApiPropertyOptional({ type: [String], description: '扛标的重点领域' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  keyFieldIds?: string[];
}

export class RecommenderDto {
  @ApiProperty({ example: '李四' }) @IsString() @IsNotEmpty() @MaxLength(50) name: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') unitId: string;
  @ApiPropertyOptional({ example: '班子成员', description: '推荐人分组，默认“推荐人”' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  group?: string;
}

export class IssueRecommendationDto implements Omit<IssueRecommendationCommand, 'id'> {
  @ApiProperty({ minimum: 1, maximum: 500, description: '每票最多推荐人数 N' })
  @IsInt()
  @Min(1)
  @Max(500)
  maxPicks: number;
  @ApiProperty({ type: [RecommenderDto], description: '推荐人：每人一个一次性推荐票码' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => RecommenderDto)
  voters: RecommenderDto[];
}

/** A recommendation ballot as the voter sends it; the token is in the path. */
export class RecommendationBallotDto {
  @ApiProperty({ type: [String], description: '推荐的候选人 id，最多 N 个，不得重复；空数组为弃权（仍计一票）' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  picks: string[];
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
