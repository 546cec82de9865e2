import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { TeamCompositeWeights, TeamRankingsQuery } from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

export class TeamRankingsQueryDto extends PageQueryDto implements Omit<TeamRankingsQuery, 'cycleId'> {
  @ApiPropertyOptional({ format: 'uuid', description: '领域: only the teams of this field' })
  @IsOptional()
  @IsUUID('all')
  fieldId?: string;
}

function Weight(description: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ minimum: 0, maximum: 1, description })(target, key);
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: '必须是 0 到 1 之间的数' })(target, key);
    Min(0, { message: '必须是 0 到 1 之间的数' })(target, key);
    Max(1, { message: '必须是 0 到 1 之间的数' })(target, key);
  };
}

/** 班子综合得分权重: renormalised over the parts a team has. */
export class TeamWeightsDto implements TeamCompositeWeights {
  @Weight('班子“切”环节得分，默认 0.4') apply: number;
  @Weight('班子民主测评得分，默认 0.3') democratic: number;
  @Weight('部门的自下而上评价（双向考核），默认 0.1') bottomUp: number;
  @Weight('班子成员综合得分的平均，默认 0.2') members: number;
}
