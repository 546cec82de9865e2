import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { PlatformConfig } from '@cadre/platform';

export class AppraisalConfig extends PlatformConfig {
  /** Health and metrics only; the appraisal service answers its API over NATS. */
  @IsInt({ message: 'must be a port number' })
  @Min(1)
  @Max(65535)
  APPRAISAL_HTTP_PORT: number = 3003;

  /** How many days before a schedule window opens its half-yearly cycle is created. */
  @IsInt({ message: 'must be a whole number of days' })
  @Min(0)
  @Max(180)
  CYCLE_LEAD_DAYS: number = 30;

  /** Seconds between sweeps that re-arm cycle jobs (Redis keeps nothing on disk) and catch up missed times. */
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  @Max(3600)
  CYCLE_SWEEP_SECONDS: number = 60;

  /** Webhook deliveries give up after this many attempts (exponential backoff from 2 s). */
  @IsInt()
  @Min(1)
  @Max(20)
  DELIVERY_ATTEMPTS: number = 6;

  /** Base URL of the console, for links in notifications. */
  @IsOptional()
  @IsString()
  CONSOLE_URL?: string;
}
