import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { RANKING_SCOPES } from '@cadre/contracts';
import type {
  AnnualCoordinatesQuery,
  AnnualRankingsQuery,
  AnnualWeights,
  RankingScope,
  TrendQuery,
} from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

export class AnnualRankingsQueryDto extends PageQueryDto implements Omit<AnnualRankingsQuery, 'year'> {
  @ApiProperty({ enum: RANKING_SCOPES, description: 'vertical 纵向（班子内） · horizontal 横向（领域内）' })
  @IsIn(RANKING_SCOPES as unknown as string[])
  scope: RankingScope;
  @ApiPropertyOptional({ description: 'scope=vertical 时必填' }) @IsOptional() @IsUUID('all') teamId?: string;
  @ApiPropertyOptional({ description: 'scope=horizontal 时必填' }) @IsOptional() @IsUUID('all') fieldId?: string;
}

export class AnnualCoordinatesQueryDto implements Omit<AnnualCoordinatesQuery, 'year'> {
  @ApiPropertyOptional({ enum: ['cadre', 'team'], description: 'cadre 干部（默认） · team 领导班子' })
  @IsOptional()
  @IsIn(['cadre', 'team'])
  subject?: 'cadre' | 'team';
}

export class TrendQueryDto implements Omit<TrendQuery, 'cadreId'> {
  @ApiPropertyOptional({ enum: ['year'], description: 'year: 按年度综合评价，每年一个点；不填则按考核周期' })
  @IsOptional()
  @IsIn(['year'])
  by?: 'year';
}

function Weight(description: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ minimum: 0, maximum: 1, description })(target, key);
    IsNumber({ allowNaN: false, allowInfinity: false })(target, key);
    Min(0)(target, key);
    Max(1)(target, key);
  };
}

export class AnnualWeightsDto implements AnnualWeights {
  @Weight('当年已发布定期考核周期综合得分的平均，默认 0.6') periodic: number;
  @Weight('当年随机考核（战时档案）得分，默认 0.2') random: number;
  @Weight('当年民主测评得分，默认 0.2') democratic: number;
}
