import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import { CADRE_SORTS, CADRE_STATUSES, CADRE_TAGS, GENDERS, TEAM_ROLES } from '@cadre/contracts';
import type {
  CadreInput,
  CadreSort,
  CadreStatus,
  CadreTag,
  ExportCadresCommand,
  Gender,
  ListCadresQuery,
  RosterSettingsView,
  TeamRole,
  TransferCadreCommand,
  UpdateCadreCommand,
} from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

const nullable = (_: object, value: unknown) => value !== null;

export class CreateCadreDto implements CadreInput {
  @ApiProperty({ example: 'LY2022-0001', description: '人员编号, unique per tenant' })
  @IsString()
  @Matches(/^[\w.\-/]{1,64}$/, { message: 'personnelNo: 1–64 个字母、数字或 _ . - /' })
  personnelNo: string;

  @ApiProperty({ example: '王建国' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @ApiProperty({ enum: GENDERS })
  @IsIn(GENDERS as unknown as string[])
  gender: Gender;

  @ApiProperty({ example: '1978-05-12', format: 'date' })
  // The roster's own rule refuses a day that does not exist, or an implausible age (422, as the import does).
  @IsCalendarDate({ anyDay: true })
  birthDate: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '所在班子 (of the same unit)' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID()
  teamId?: string | null;

  @ApiPropertyOptional({
    enum: TEAM_ROLES,
    nullable: true,
    description: 'principal 主要负责人 / deputy 副职 / member 成员; defaults from isPrincipal',
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsIn(TEAM_ROLES as unknown as string[])
  teamRole?: TeamRole | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "领域; defaults to the unit's field",
  })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID()
  fieldId?: string | null;

  @ApiProperty({ example: '局长', description: '职务' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  position: string;

  @ApiPropertyOptional({ type: String, example: '正科级', nullable: true, description: '职级' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(50)
  rank?: string | null;

  @ApiPropertyOptional({ description: '主要负责人' })
  @IsOptional()
  @IsBoolean()
  isPrincipal?: boolean;

  @ApiPropertyOptional({ default: true, description: '中共党员' })
  @IsOptional()
  @IsBoolean()
  partyMember?: boolean;

  @ApiPropertyOptional({ type: String, example: '大学本科', nullable: true, description: '学历' })
  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(50)
  education?: string | null;
}

export class UpdateCadreDto
  extends PartialType(OmitType(CreateCadreDto, ['unitId'] as const))
  implements Omit<UpdateCadreCommand, 'id'>
{
  @ApiPropertyOptional({
    enum: CADRE_STATUSES,
    description: 'retired / transferred_out / dismissed also leave the team',
  })
  @IsOptional()
  @IsIn(CADRE_STATUSES as unknown as string[])
  status?: CadreStatus;

  @ApiPropertyOptional({ description: 'why, kept in the history (变动原因)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class TransferCadreDto implements Omit<TransferCadreCommand, 'id'> {
  @ApiProperty({ format: 'uuid', description: '调入单位' })
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsUUID()
  teamId?: string | null;

  @ApiPropertyOptional({ enum: TEAM_ROLES, nullable: true })
  @IsOptional()
  @ValidateIf(nullable)
  @IsIn(TEAM_ROLES as unknown as string[])
  teamRole?: TeamRole | null;

  @ApiProperty({ example: '副局长' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  position: string;

  @ApiProperty({ example: '2026-12-01', format: 'date' })
  @IsCalendarDate()
  effectiveDate: string;

  @ApiPropertyOptional({ example: '工作需要' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class CadreFilterDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() fieldId?: string;

  @ApiPropertyOptional({ description: 'part of the name, or the start of the personnelNo' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional({ enum: CADRE_TAGS, description: 'young = under the tenant’s age limit (40 by default)' })
  @IsOptional()
  @IsIn(CADRE_TAGS as unknown as string[])
  tag?: CadreTag;

  @ApiPropertyOptional({ enum: CADRE_STATUSES, description: 'all statuses when omitted' })
  @IsOptional()
  @IsIn(CADRE_STATUSES as unknown as string[])
  status?: CadreStatus;
}

export class ListCadresQueryDto extends IntersectionType(CadreFilterDto, PageQueryDto) implements ListCadresQuery {
  @ApiPropertyOptional({ enum: CADRE_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(CADRE_SORTS as unknown as string[])
  sort?: CadreSort;
}

export class ExportQueryDto extends CadreFilterDto implements ExportCadresCommand {
  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh', description: 'header language of the sheet' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  headers?: 'zh' | 'en';
}

export class ImportQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'check only, write nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

export class CadreDto extends CreateCadreDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() age: number;
  @ApiProperty({ enum: CADRE_TAGS, isArray: true }) tags: CadreTag[];
  @ApiProperty({ enum: CADRE_STATUSES }) status: CadreStatus;
  @ApiProperty() versionNo: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CadrePageDto {
  @ApiProperty({ type: [CadreDto] }) items: CadreDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class RosterSettingsDto implements RosterSettingsView {
  @ApiProperty({ minimum: 20, maximum: 70, example: 40, description: '年轻干部年龄上限 (exclusive)' })
  @IsInt()
  @Min(20)
  @Max(70)
  youngAgeLimit: number;
}
