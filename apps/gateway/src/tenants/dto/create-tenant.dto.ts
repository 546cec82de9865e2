import { ApiProperty, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsString, IsTimeZone, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CreateUserDto } from '../../users/dto/create-user.dto';

/** The tenant's first org officer: the same rules as any user's name and password. */
export class TenantOfficerDto extends PickType(CreateUserDto, ['username', 'password'] as const) {}

export class CreateTenantDto {
  @ApiProperty({ example: 'lvyuan', description: '租户编码: lower-case letters, digits and -' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,31}$/, { message: 'code: 2–32 个小写字母、数字或 -，以字母开头' })
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

export class TenantPageDto {
  @ApiProperty({ type: [TenantView] }) items: TenantView[];
  @ApiProperty({ nullable: true, type: String, description: 'null on the last page' }) nextCursor: string | null;
}
