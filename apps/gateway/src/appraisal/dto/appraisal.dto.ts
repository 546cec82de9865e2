import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import {
  CYCLE_KINDS,
  QUALITY_GRADES,
  CYCLE_STATUSES,
  GRADES,
  PROBLEM_SEVERITIES,
  RANDOM_TOPICS,
  SUGGESTIONS,
  WARTIME_PERFORMANCES,
} from '@cadre/contracts';
import type {
  AskContent,
  ApplyContent,
  AssessmentGroupCommand,
  ChannelsCommand,
  CreateCycleCommand,
  CycleKind,
  CycleScheduleCommand,
  CycleStatus,
  Grade,
  ListAppraisalsQuery,
  ListCyclesQuery,
  ListenContent,
  ListNotificationsQuery,
  LookContent,
  ProblemFound,
  ProblemSeverity,
  ReportRef,
  ScheduleWindow,
  Suggestion,
  UpdateAssessmentGroupCommand,
  QualityGrade,
  QualityJudgementV2,
  WartimePerformance,
  WartimeQualitiesV2,
  WartimeRecordCommand,
} from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

const MONTH_DAY = /^\d{2}-\d{2}$/;
const list = (values: readonly string[]) => values as unknown as string[];

/** Hours before close; fractions allowed (0.5 = 30 minutes), at most 30 days, at most 10 of them. */
function ReminderOffsets(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: [Number], example: [72, 24], description: '关闭前多少小时提醒未完成的人（可含小数）' })(
      target,
      key,
    );
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(10)(target, key);
    ArrayUnique()(target, key);
    IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })(target, key);
    IsPositive({ each: true })(target, key);
    Max(720, { each: true })(target, key);
  };
}

export class CreateCycleDto implements CreateCycleCommand {
  @ApiProperty({ enum: CYCLE_KINDS, description: 'periodic 定期考核（半年） · random 随机考核（关键时刻）' })
  @IsIn(list(CYCLE_KINDS))
  kind: 'periodic' | 'random';
  @ApiProperty({ example: '2026年下半年定期考核' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiPropertyOptional({ enum: [1, 2], description: '定期考核：1 上半年，2 下半年' })
  @IsOptional()
  @IsIn([1, 2])
  half?: 1 | 2;
  @ApiPropertyOptional({
    enum: RANDOM_TOPICS,
    description: '随机考核主题：疫情防控、应急救援、抢险救灾、征地拆迁、乡村振兴、其他',
  })
  @IsOptional()
  @IsIn(list(RANDOM_TOPICS))
  topic?: (typeof RANDOM_TOPICS)[number];
  @ApiProperty({ example: '2026-12-15T09:00:00+08:00' }) @IsISO8601({ strict: true }) opensAt: string;
  @ApiProperty({ example: '2027-01-10T18:00:00+08:00' }) @IsISO8601({ strict: true }) closesAt: string;
  @ApiPropertyOptional({ type: [String], description: '参加考核的单位；不填为全部单位' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  unitIds?: string[];
  @ReminderOffsets() reminderOffsetsHours?: number[];
}

export class ListCyclesQueryDto extends PageQueryDto implements ListCyclesQuery {
  @ApiPropertyOptional({ enum: CYCLE_STATUSES }) @IsOptional() @IsIn(list(CYCLE_STATUSES)) status?: CycleStatus;
  @ApiPropertyOptional({ enum: CYCLE_KINDS }) @IsOptional() @IsIn(list(CYCLE_KINDS)) kind?: CycleKind;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

export class ScheduleWindowDto implements ScheduleWindow {
  @ApiProperty({ enum: [1, 2] }) @IsIn([1, 2]) half: 1 | 2;
  @ApiProperty({ example: '06-15', description: 'MM-DD，租户时区当天 00:00 开启' })
  @Matches(MONTH_DAY, { message: 'opens: 日期格式为 MM-DD' })
  opens: string;
  @ApiProperty({ example: '07-10', description: 'MM-DD，当天结束时关闭；早于开启日期表示次年' })
  @Matches(MONTH_DAY, { message: 'closes: 日期格式为 MM-DD' })
  closes: string;
}

/** The schedule as the department sets it; the gateway adds the tenant's time zone. */
export class CycleScheduleDto implements Omit<CycleScheduleCommand, 'timezone'> {
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiProperty({ type: [ScheduleWindowDto] })
  @IsArray()
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => ScheduleWindowDto)
  windows: ScheduleWindowDto[];
  @ReminderOffsets() reminderOffsetsHours?: number[];
}

export class AssessmentGroupDto implements AssessmentGroupCommand {
  @ApiProperty({ example: '第一考核组' }) @IsString() @IsNotEmpty() @MaxLength(50) name: string;
  @ApiProperty({ type: [String], description: '考核组成员（角色为 assessor 的用户）' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  assessorUserIds: string[];
  @ApiProperty({ type: [String], description: '考核对象（干部）' })
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  cadreIds: string[];
}

export class UpdateAssessmentGroupDto extends AssessmentGroupDto implements Omit<UpdateAssessmentGroupCommand, 'id'> {
  @ApiProperty({ example: '原成员调任，按规定补充', description: '调整理由（考核组相对固定，调整须说明理由）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class ReportRefDto implements ReportRef {
  @ApiProperty({ enum: ['report', 'summary', 'other'], description: '述职报告 / 工作总结 / 其他材料' })
  @IsIn(['report', 'summary', 'other'])
  kind: 'report' | 'summary' | 'other';
  @ApiProperty({ example: '2026年上半年述职报告' }) @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiPropertyOptional({ example: 'https://oa.example.gov.cn/docs/123' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20_000) text?: string;
}

/** 望: reports and summaries, as links or text, and the assessor's notes. */
export class LookStepDto implements LookContent {
  @ApiProperty({ type: [ReportRefDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ReportRefDto)
  reports: ReportRefDto[];
  @ApiProperty({ example: '汇报材料扎实，重点工作成效明显' }) @IsString() @MaxLength(5000) notes: string;
}

/** 闻: feedback notes; the democratic results come from review. */
export class ListenStepDto implements ListenContent {
  @ApiProperty({ example: '测评结果已向本人反馈' }) @IsString() @MaxLength(5000) notes: string;
}

export class ProblemFoundDto implements ProblemFound {
  @ApiProperty({ example: '对分管领域重点项目调度不够及时' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description: string;
  @ApiProperty({ enum: PROBLEM_SEVERITIES, description: '一般 / 较重 / 严重' })
  @IsIn(list(PROBLEM_SEVERITIES))
  severity: ProblemSeverity;
  @ApiProperty({ example: '建立周调度台账，由考核组跟踪' }) @IsString() @MaxLength(1000) followUp: string;
}

/** 问: problems found in interviews (谈话了解), each with severity and follow-up. */
export class AskStepDto implements AskContent {
  @ApiProperty({ type: [ProblemFoundDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProblemFoundDto)
  problems: ProblemFoundDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) notes?: string;
}

/** 切: the conclusion. */
export class ApplyStepDto implements ApplyContent {
  @ApiProperty({ minimum: 0, maximum: 100, example: 86.5 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score: number;
  @ApiProperty({ enum: GRADES, description: '优秀 / 称职 / 基本称职 / 不称职' }) @IsIn(list(GRADES)) grade: Grade;
  @ApiProperty({ example: '招商引资、项目建设', description: '擅长领域' })
  @IsString()
  @MaxLength(1000)
  strengths: string;
  @ApiProperty({ example: '创新意识有待增强', description: '短板不足' })
  @IsString()
  @MaxLength(1000)
  weaknesses: string;
  @ApiProperty({ type: [String], example: ['敢于担当', '善于攻坚'], description: '性格特点（干部画像）' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(50, { each: true })
  traits: string[];
  @ApiProperty({ enum: SUGGESTIONS, description: '留任 / 提拔 / 轮岗交流 / 谈话提醒 / 组织调整' })
  @IsIn(list(SUGGESTIONS))
  suggestion: Suggestion;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) suggestionNote?: string;
}

export class AppraisalsQueryDto extends PageQueryDto implements Omit<ListAppraisalsQuery, 'cycleId'> {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all') cadreId?: string;
}

/** One quality judged: a grade and the concrete fact it rests on (具体事、具体表现). */
export class QualityJudgementDto implements QualityJudgementV2 {
  @ApiProperty({ enum: QUALITY_GRADES, description: '优秀 excellent / 良好 good / 一般 fair / 较差 poor' })
  @IsIn(list(QUALITY_GRADES))
  grade: QualityGrade;
  @ApiProperty({ example: '管涌险情出现时带队第一个下水封堵', description: '具体事、具体表现（必填）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  fact: string;
}

/** The six qualities, all of them. */
export class WartimeQualitiesDto implements WartimeQualitiesV2 {
  @ApiProperty({ type: QualityJudgementDto, description: '政治素质' })
  @IsObject()
  @ValidateNested()
  @Type(() => QualityJudgementDto)
  political: QualityJudgementDto;
  @ApiProperty({ type: QualityJudgementDto, description: '大局观念' })
  @IsObject()
  @ValidateNested()
  @Type(() => QualityJudgementDto)
  overall_view: QualityJudgementDto;
  @ApiProperty({ type: QualityJudgementDto, description: '责任意识' })
  @IsObject()
  @ValidateNested()
  @Type(() => QualityJudgementDto)
  responsibility: QualityJudgementDto;
  @ApiProperty({ type: QualityJudgementDto, description: '担当精神' })
  @IsObject()
  @ValidateNested()
  @Type(() => QualityJudgementDto)
  commitment: QualityJudgementDto;
  @ApiProperty({ type: QualityJudgementDto, description: '斗争本领' })
  @IsObject()
  @ValidateNested()
  @Type(() => QualityJudgementDto)
  fighting: QualityJudgementDto;
  @ApiProperty({ type: QualityJudgementDto, description: '组织领导能力' })
  @IsObject()
  @ValidateNested()
  @Type(() => QualityJudgementDto)
  leadership: QualityJudgementDto;
}

/** A key task followed on the spot: the progress found, 0..100 %. */
export class WartimeTaskCheckDto {
  @ApiProperty({ description: '该干部本年度已签订任务清单中的任务' }) @IsUUID('all') taskId: string;
  @ApiProperty({ example: 60, minimum: 0, maximum: 100, description: '现场核验的进度（%）' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  progressChecked: number;
  @ApiPropertyOptional({ example: '堤防加固工程现场核验完成六成' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class WartimeRecordDto implements Omit<WartimeRecordCommand, 'cycleId'> {
  @ApiProperty() @IsUUID('all') cadreId: string;
  @ApiProperty({ example: '2022-04-02', format: 'date' })
  @IsCalendarDate()
  date: string;
  @ApiProperty({ example: '社区卡点值守' }) @IsString() @IsNotEmpty() @MaxLength(100) role: string;
  @ApiProperty({ description: '是否主动请战' }) @IsBoolean() volunteered: boolean;
  @ApiProperty({ example: 36, minimum: 0, maximum: 168 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(168)
  dutyHours: number;
  @ApiProperty({ enum: WARTIME_PERFORMANCES, description: '突出 / 良好 / 一般 / 较差' })
  @IsIn(list(WARTIME_PERFORMANCES))
  performance: WartimePerformance;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional({ example: '区疫情防控指挥部通报表扬', description: '表彰' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  commendation?: string;
  @ApiPropertyOptional({ example: '提醒谈话', description: '问责或处理' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  penalty?: string;
  @ApiPropertyOptional({
    type: WartimeQualitiesDto,
    description:
      '六项素质（政治素质、大局观念、责任意识、担当精神、斗争本领、组织领导能力），每项等次及具体事例；填则六项都填',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WartimeQualitiesDto)
  qualities?: WartimeQualitiesDto;
  @ApiPropertyOptional({ type: [WartimeTaskCheckDto], description: '跟踪的任务清单任务（现场核验进度）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => WartimeTaskCheckDto)
  tasks?: WartimeTaskCheckDto[];
}

export class NotificationsQueryDto extends PageQueryDto implements ListNotificationsQuery {
  @ApiPropertyOptional({ description: 'true: only unread' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class WebhookChannelDto {
  @ApiProperty({ example: 'https://oa.example.gov.cn/hooks/cadre' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url: string;
  @ApiProperty({ description: 'HMAC-SHA256 签名密钥；读取时显示为 ••••••，原样提交表示不修改' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  secret: string;
  @ApiProperty() @IsBoolean() enabled: boolean;
}

export class SmtpChannelDto {
  @ApiProperty({ example: 'smtp.example.gov.cn' }) @IsString() @IsNotEmpty() @MaxLength(255) host: string;
  @ApiProperty({ example: 465 }) @IsInt() @Min(1) @Max(65535) port: number;
  @ApiProperty() @IsBoolean() secure: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) user?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) password?: string;
  @ApiProperty({ example: 'kaohe@example.gov.cn' }) @IsEmail() from: string;
  @ApiProperty({ type: [String], description: '收件地址（组织部邮箱）' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  to: string[];
  @ApiProperty() @IsBoolean() enabled: boolean;
}

export class ChannelsDto implements ChannelsCommand {
  @ApiPropertyOptional({ type: WebhookChannelDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookChannelDto)
  webhook?: WebhookChannelDto | null;
  @ApiPropertyOptional({ type: SmtpChannelDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SmtpChannelDto)
  smtp?: SmtpChannelDto | null;
}
