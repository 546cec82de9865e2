import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsString, IsTimeZone, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { USERNAME_PATTERN } from '../../users/dto/create-user.dto';

export class TenantOfficerDto {
  @ApiProperty({ example: 'officer' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username: 2–64 letters, digits or _ . @ -' })
  username: string;

  @ApiProperty({ format: 'password', minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;
}

export class CreateTenantDto {
  @ApiProperty({ example: 'lvyuan', description: '租户编码: lower-case letters, digits and -' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,31}$/, { message: 'code: 2–32 lower-case letters, digits or -, starting with a letter' })
  code: string;

  @ApiProperty({ example: '中共长春市绿园区委组织部' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  @IsTimeZone()
  timezone: string;

  @ApiProperty({ type: TenantOfficerDto, description: '首位组织部干部账号 (org_officer)' })
  @ValidateNested()
  @Type(() => TenantOfficerDto)
  officer: TenantOfficerDto;
}

export class TenantView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() timezone: string;
  @ApiProperty() createdAt: string;
}

export class CreatedTenantView extends TenantView {
  @ApiProperty({ description: 'the first org_officer' }) officer: { id: string; username: string };
}
