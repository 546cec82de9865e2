import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@cadre/platform';

export class AnalyticsConfig extends PlatformConfig {
  /** Health and metrics only; analytics answers its API over NATS. */
  @IsInt({ message: 'must be a port number' })
  @Min(1)
  @Max(65535)
  ANALYTICS_HTTP_PORT: number = 3005;

  /**
   * A cycle's ranking is recomputed once its inputs have been quiet this long (a trailing debounce:
   * a burst of 100 inputs makes one recompute, however long the burst takes to arrive).
   */
  @IsInt({ message: 'must be a number of milliseconds' })
  @Min(0)
  @Max(600_000)
  RECOMPUTE_DEBOUNCE_MS: number = 2_000;

  /** …but no later than this after the first input that changed it, so a steady trickle still ranks. */
  @IsInt({ message: 'must be a number of milliseconds' })
  @Min(0)
  @Max(3_600_000)
  RECOMPUTE_MAX_WAIT_MS: number = 30_000;
}
