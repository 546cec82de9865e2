import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { Role, ROLES } from '@cadre/contracts';
import { IsAcceptablePassword, PASSWORD_MIN_LENGTH } from '../password-policy';
import { PASSWORD_RULES } from './create-user.dto';

/**
 * A change to a user: each field is optional, an absent one is kept. A change of roles, unit or
 * `active` ends the user's sessions (their earlier tokens answer 401).
 */
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES as unknown as string[], { each: true })
  roles?: Role[];

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: '所领导的单位 (role unit_leader 必填)；null 取消',
  })
  @ValidateIf((o: UpdateUserDto) => o.unitId !== undefined && o.unitId !== null)
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional({ description: 'false 停用账号：立即结束其全部会话，且不能再登录' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** A password set by an administrator or org officer for another user. */
export class ResetPasswordDto {
  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, maxLength: 256, description: PASSWORD_RULES })
  @IsString()
  @MaxLength(256)
  @IsAcceptablePassword()
  password: string;
}

/** The signed-in user's own change: the current password proves it is them. */
export class ChangeOwnPasswordDto {
  @ApiProperty({ format: 'password', description: '当前密码' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  current: string;

  @ApiProperty({
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: 256,
    description: `新密码：${PASSWORD_RULES}`,
  })
  @IsString()
  @MaxLength(256)
  @IsAcceptablePassword()
  next: string;
}
