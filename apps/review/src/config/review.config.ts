import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@cadre/platform';

export class ReviewConfig extends PlatformConfig {
  /** Health and metrics only; review answers its API over NATS. */
  @IsInt({ message: 'must be a port number' })
  @Min(1)
  @Max(65535)
  REVIEW_HTTP_PORT: number = 3004;

  /**
   * Milliseconds cast requests are collected before they are written as one batch (one transaction,
   * rows shuffled). Longer gathers bigger crowds per batch at the cost of latency.
   */
  @IsInt({ message: 'must be a number of milliseconds' })
  @Min(0)
  @Max(1000)
  BALLOT_BATCH_MS: number = 5;

  /** Milliseconds between passes of the results publisher (debounce of review.results.updated). */
  @IsInt({ message: 'must be a number of milliseconds' })
  @Min(100)
  @Max(600_000)
  RESULTS_DEBOUNCE_MS: number = 2_000;
}
