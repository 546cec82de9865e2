import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { PlatformConfig } from '@cadre/platform';

export class GatewayConfig extends PlatformConfig {
  @IsInt({ message: 'must be a port number' })
  @Min(1)
  @Max(65535)
  GATEWAY_PORT: number = 3000;

  /** GET /metrics (Prometheus) is served here, apart from the public port (which answers it 404). */
  @IsInt({ message: 'must be a port number' })
  @Min(0)
  @Max(65535)
  GATEWAY_METRICS_PORT: number = 9464;

  /** Required in production; in development a random secret is made at each start (tokens die with the process). */
  @ValidateIf((c: GatewayConfig) => c.NODE_ENV === 'production' || c.JWT_SECRET !== undefined)
  @IsString({ message: 'is required when NODE_ENV=production' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsInt({ message: 'must be a number of seconds' })
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_TTL_SECONDS: number = 8 * 3600;

  /** Password of the platform administrator `admin` (tenant `system`) created on an empty database. */
  @ValidateIf((c: GatewayConfig) => c.NODE_ENV === 'production' || c.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'is required when NODE_ENV=production' })
  @MinLength(8, { message: 'must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  /** Requests a client (by IP) may make per minute. */
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  RATE_LIMIT_PER_MINUTE: number = 1200;

  /** Login attempts a client (by IP) may make per minute: slows password guessing. */
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE: number = 30;

  /** Largest JSON body accepted (bytes, or e.g. "1mb"). */
  @Matches(/^\d+(kb|mb)?$/i, { message: 'must be bytes or a size like 512kb or 1mb' })
  BODY_LIMIT: string = '1mb';

  @IsOptional()
  @IsString()
  PUBLIC_URL?: string;

  /** The built web console (Vite output) served at `/`; dist/console under the working directory by default. */
  @IsOptional()
  @IsString()
  CONSOLE_DIR?: string;
}
