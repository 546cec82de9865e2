import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@cadre/platform';

export class AnalyticsConfig extends PlatformConfig {
  /** Health and metrics only; analytics answers its API over NATS. */
  @IsInt({ message: 'must be a port number' })
  @Min(1)
  @Max(65535)
  ANALYTICS_HTTP_PORT: number = 3005;

  /** A cycle's ranking is recomputed this long after the first input that changed it (many inputs → one recompute). */
  @IsInt({ message: 'must be a number of milliseconds' })
  @Min(0)
  @Max(600_000)
  RECOMPUTE_DEBOUNCE_MS: number = 2_000;
}
