import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'lvyuan', description: '租户编码 (组织部)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  tenant: string;

  @ApiProperty({ example: 'officer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'demo-pass-2026', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;
}

export class LoginUserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ type: [String] }) roles: string[];
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
  @ApiProperty({ type: LoginUserView }) user: LoginUserView;
}
