import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@cadre/platform';

export class ChecklistsConfig extends PlatformConfig {
  /** Health and metrics only; the checklists answer their API over NATS. */
  @IsInt({ message: 'must be a port number' })
  @Min(1)
  @Max(65535)
  CHECKLISTS_HTTP_PORT: number = 3002;
}
