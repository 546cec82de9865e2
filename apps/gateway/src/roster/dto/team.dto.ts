import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { TEAM_ROLES } from '@cadre/contracts';
import type { CreateTeamCommand, ListTeamsQuery, RenameTeamCommand } from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

export class CreateTeamDto implements CreateTeamCommand {
  @ApiProperty({ format: 'uuid', description: '所属单位' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ example: '区发展和改革局领导班子' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class UpdateTeamDto implements Omit<RenameTeamCommand, 'id'> {
  @ApiProperty({ example: '区发展和改革局领导班子' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class ListTeamsQueryDto extends PageQueryDto implements ListTeamsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class TeamDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'active members' }) memberCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class TeamMemberDto {
  @ApiProperty({ format: 'uuid' }) cadreId: string;
  @ApiProperty() name: string;
  @ApiProperty() position: string;
  @ApiProperty({ enum: TEAM_ROLES, nullable: true }) teamRole: string | null;
  @ApiProperty() age: number;
  @ApiProperty({ enum: ['male', 'female'] }) gender: string;
}

export class TeamDetailDto extends TeamDto {
  @ApiProperty({ type: [TeamMemberDto], description: 'principal first, then deputies, then members' })
  members: TeamMemberDto[];
}

export class TeamPageDto {
  @ApiProperty({ type: [TeamDto] }) items: TeamDto[];
  @ApiProperty({ nullable: true, type: String, description: 'null on the last page' }) nextCursor: string | null;
}
