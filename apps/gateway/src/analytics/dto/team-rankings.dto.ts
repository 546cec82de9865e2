import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { TeamRankingsQuery } from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

export class TeamRankingsQueryDto extends PageQueryDto implements Omit<TeamRankingsQuery, 'cycleId'> {
  @ApiPropertyOptional({ format: 'uuid', description: '领域: only the teams of this field' })
  @IsOptional()
  @IsUUID('all')
  fieldId?: string;
}
