import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import type { CreateFieldCommand } from '@cadre/contracts';

export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const CODE_MESSAGE = 'code: 1–64 个字母、数字或 _ . -，以字母或数字开头';

export class CreateFieldDto implements CreateFieldCommand {
  @ApiProperty({ example: 'economy', description: '领域编码' })
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: '经济', description: '领域名称' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class FieldDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class FieldPageDto {
  @ApiProperty({ type: [FieldDto] }) items: FieldDto[];
  @ApiProperty({ nullable: true, type: String, description: 'null on the last page' }) nextCursor: string | null;
}
