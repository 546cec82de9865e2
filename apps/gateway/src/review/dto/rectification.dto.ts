import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OPINION_SHAPE, RECTIFICATION_STATUSES } from '@cadre/contracts';
import type {
  ListRectificationsQuery,
  RecordOpinionInput,
  RectificationItemInput,
  RectificationProgressInput,
  RectificationStatus,
} from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class RectificationItemDto implements RectificationItemInput {
  @ApiProperty({ maxLength: OPINION_SHAPE.maxTitleLength, example: '压缩审批时限，窗口办件一次办结' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(OPINION_SHAPE.maxTitleLength)
  title: string;

  @ApiProperty({
    format: 'date',
    example: '2026-09-30',
    description: '整改期限: overdue from the end of that day (Beijing time)',
  })
  @Matches(DAY, { message: '必须是日期 YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: '必须是日期 YYYY-MM-DD' })
  deadline: string;
}

/** POST /cycles/:id/two-way/:unitId/opinion */
export class OpinionDto implements Omit<RecordOpinionInput, 'cycleId' | 'unitId'> {
  @ApiProperty({
    maxLength: OPINION_SHAPE.maxSummaryLength,
    example: '服务基层意识有待加强，镇街反映审批环节多、时限长。',
    description: '双向考核意见',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(OPINION_SHAPE.maxSummaryLength)
  summary: string;

  @ApiProperty({
    type: [RectificationItemDto],
    maxItems: OPINION_SHAPE.maxItems,
    description: '整改事项 (may be empty)',
  })
  @IsArray()
  @ArrayMaxSize(OPINION_SHAPE.maxItems)
  @ValidateNested({ each: true })
  @Type(() => RectificationItemDto)
  items: RectificationItemDto[];
}

/** POST /rectifications/:id/progress */
export class RectificationProgressDto implements Omit<RectificationProgressInput, 'rectificationId'> {
  @ApiProperty({ enum: ['in_progress', 'done'], description: 'in_progress 整改中 · done 已完成' })
  @IsIn(['in_progress', 'done'])
  status: 'in_progress' | 'done';

  @ApiProperty({ maxLength: OPINION_SHAPE.maxNoteLength, example: '窗口办件平均时限由5天压缩至2天' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(OPINION_SHAPE.maxNoteLength)
  note: string;
}

/** GET /rectifications: filters, and `?limit` (1–200, default 50) and `?cursor` of the list convention. */
export class RectificationsQueryDto extends PageQueryDto implements ListRectificationsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only this unit’s items (a unit leader: his own unit only)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: RECTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(RECTIFICATION_STATUSES as unknown as string[])
  status?: RectificationStatus;

  @ApiPropertyOptional({ description: 'true: only items overdue and not done; false: only the others' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class RectificationProgressEntryDto {
  @ApiProperty({ enum: ['in_progress', 'done'] }) status: 'in_progress' | 'done';
  @ApiProperty() note: string;
  @ApiProperty({ description: 'username of who reported it' }) by: string;
  @ApiProperty({ format: 'date', description: 'day it was reported (Beijing time); no time of day' }) on: string;
}

export class RectificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) opinionId: string;
  @ApiProperty({ format: 'uuid' }) cycleId: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) deadline: string;
  @ApiProperty({ enum: RECTIFICATION_STATUSES, description: 'open 未开始 · in_progress 整改中 · done 已完成' })
  status: RectificationStatus;
  @ApiProperty({ description: 'deadline passed while not done (false once done)' }) overdue: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'day it was marked overdue' })
  overdueOn: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) doneOn: string | null;
  @ApiProperty({ type: [RectificationProgressEntryDto] }) progress: RectificationProgressEntryDto[];
}

export class RectificationPageDto {
  @ApiProperty({ type: [RectificationDto] }) items: RectificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class TwoWayOpinionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) cycleId: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ description: '双向考核意见' }) summary: string;
  @ApiProperty({ description: 'username of the officer who recorded it' }) recordedBy: string;
  @ApiProperty({ format: 'date' }) recordedOn: string;
  @ApiProperty({ type: [RectificationDto] }) items: RectificationDto[];
}

export class ProblemFieldDto {
  @ApiProperty({ example: 'items[0].deadline' }) field: string;
  @ApiProperty({ example: '必须是日期 YYYY-MM-DD' }) message: string;
}

/** application/problem+json (RFC 9457), in Chinese, naming each bad field. */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank' }) type: string;
  @ApiProperty({ example: 'Bad Request' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: '双向考核意见不正确' }) detail: string;
  @ApiPropertyOptional({ type: [ProblemFieldDto] }) errors?: ProblemFieldDto[];
}
