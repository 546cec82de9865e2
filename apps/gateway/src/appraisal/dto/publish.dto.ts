import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class PublishCycleDto {
  @ApiPropertyOptional({
    description: '优秀等次占比超过指导比例时发布的理由（记入校准记录）；未超过时不需要',
    example: '本周期重大专项任务集中，经部务会研究按实际等次发布',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  overrideReason?: string;
}
