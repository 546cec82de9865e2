import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { UNIT_KINDS, UnitKind } from '@cadre/contracts';
import type { CreateUnitCommand, ListUnitsQuery, UpdateUnitCommand } from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';
import { CODE_MESSAGE, CODE_PATTERN } from './field.dto';

const KINDS = UNIT_KINDS as unknown as string[];

export class CreateUnitDto implements CreateUnitCommand {
  @ApiProperty({ example: 'LY-ZZB', description: '单位编码' })
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: '区委组织部', description: '单位名称' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: UNIT_KINDS, description: 'department 区直部门, town 镇, street 街道, zone 开发区' })
  @IsIn(KINDS)
  kind: UnitKind;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '所属领域' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  fieldId?: string | null;
}

export class UpdateUnitDto extends PartialType(CreateUnitDto) implements Omit<UpdateUnitCommand, 'id'> {}

export class ListUnitsQueryDto extends PageQueryDto implements ListUnitsQuery {
  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IsOptional()
  @IsIn(KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  fieldId?: string;
}

export class UnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind: UnitKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) fieldId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class UnitPageDto {
  @ApiProperty({ type: [UnitDto] }) items: UnitDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
