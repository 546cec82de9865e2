import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { TEAM_RUNNING_STATES } from '@cadre/contracts';
import type { ListTeamAppraisalsQuery, TeamApplyContent, TeamRunningState } from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

const list = (values: readonly string[]) => [...values];

/** 切 of a team: the check-up of the team as a whole (班子运行状态、存在问题). */
export class TeamApplyStepDto implements TeamApplyContent {
  @ApiProperty({ minimum: 0, maximum: 100, example: 88 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score: number;
  @ApiProperty({ enum: TEAM_RUNNING_STATES, description: '班子运行状态：好 / 较好 / 一般 / 较差' })
  @IsIn(list(TEAM_RUNNING_STATES))
  runningState: TeamRunningState;
  @ApiProperty({ example: '班子成员之间沟通协调不够', description: '存在问题' })
  @IsString()
  @MaxLength(2000)
  problems: string;
  @ApiProperty({ example: '建立班子例会制度', description: '整改要求' })
  @IsString()
  @MaxLength(2000)
  rectification: string;
  @ApiProperty({ example: '保持班子稳定', description: '调整建议' })
  @IsString()
  @MaxLength(2000)
  suggestion: string;
}

export class TeamAppraisalsQueryDto extends PageQueryDto implements Omit<ListTeamAppraisalsQuery, 'cycleId'> {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') teamId?: string;
}
