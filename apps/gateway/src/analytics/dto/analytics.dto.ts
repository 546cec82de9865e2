import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { RANKING_SCOPES } from '@cadre/contracts';

export class RankingsQueryDto {
  @ApiProperty({ enum: RANKING_SCOPES, description: 'vertical 纵向（班子内） · horizontal 横向（领域内）' }) @IsIn(RANKING_SCOPES as unknown as string[]) scope: 'vertical' | 'horizontal';
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

export class WeightsDto {
  @Weight('定期考核“切”环节得分，默认 0.4') periodic: number;
  @Weight('民主测评得分，默认 0.3') democratic: number;
  @Weight('任务清单完成度，默认 0.2') task: number;
  @Weight('随机考核（战时档案），默认 0.1') wartime: number;
}

export class SandboxMoveDto {
  @ApiProperty() @IsUUID('all') cadreId: string;
  @ApiProperty() @IsUUID('all') toTeamId: string;
}

export class SandboxDto {
  @ApiProperty({ type: [SandboxMoveDto], description: '模拟调整：把干部调入另一班子（不改变真实数据）' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SandboxMoveDto)
  moves: SandboxMoveDto[];
}
