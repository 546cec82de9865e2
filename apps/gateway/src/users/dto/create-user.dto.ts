import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { Role, ROLES } from '@cadre/contracts';
import { IsAcceptablePassword, PASSWORD_MIN_LENGTH } from '../password-policy';

/** The password policy as the API documents it. */
export const PASSWORD_RULES = `至少 ${PASSWORD_MIN_LENGTH} 个字符，不在常用密码列表中，不含用户名`;

export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{2,64}$/;

export class CreateUserDto {
  @ApiProperty({ example: 'zhangwei' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username: 2–64 个字母、数字或 _ . @ -' })
  username: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, maxLength: 256, description: PASSWORD_RULES })
  @IsString()
  @MaxLength(256)
  @IsAcceptablePassword('username')
  password: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES as unknown as string[], { each: true })
  roles: Role[];

  @ApiPropertyOptional({ format: 'uuid', description: '关联的干部 (role cadre)' })
  @IsOptional()
  @IsUUID()
  cadreId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: '所领导的单位 (role unit_leader 必填；单位领导只能查看和审核本单位的干部)',
  })
  @ValidateIf((o: CreateUserDto) => isLeaderRoles(o.roles) || o.unitId !== undefined)
  @IsUUID()
  unitId?: string;
}

export function isLeaderRoles(roles: unknown): boolean {
  return Array.isArray(roles) && roles.includes('unit_leader');
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) cadreId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '单位领导所领导的单位' }) unitId:
    string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserView] }) items: UserView[];
  @ApiProperty({ nullable: true, type: String, description: 'null on the last page' }) nextCursor: string | null;
}
