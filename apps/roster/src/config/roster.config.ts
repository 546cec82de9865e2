import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@cadre/platform';

export class RosterConfig extends PlatformConfig {
  /** Health and metrics only; the roster answers its API over NATS. */
  @IsInt({ message: 'must be a port number' })
  @Min(1)
  @Max(65535)
  ROSTER_HTTP_PORT: number = 3001;
}
