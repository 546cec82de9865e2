// Before any decorator runs: without it TypeScript records no design types, and numbers stay strings.
import 'reflect-metadata';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { NAMESPACE_PATTERN, PROCESS_ROLES, ProcessRole } from '@cadre/contracts';

const URL_OF = (schemes: string[]) => new RegExp(`^(${schemes.join('|')})://[^\\s]+$`);

/** Settings every service reads (CONTRACT.md "Running and configuration"). */
export class PlatformConfig {
  @Matches(URL_OF(['postgres', 'postgresql']), { message: 'must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/cadre';

  @Matches(URL_OF(['redis', 'rediss']), { message: 'must be a redis:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  @Matches(/^(nats|tls):\/\/[^\s]+(,(nats|tls):\/\/[^\s]+)*$/, {
    message: 'must be a nats:// URL (comma-separated for a cluster)',
  })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsIn(PROCESS_ROLES as unknown as string[], { message: `must be one of ${PROCESS_ROLES.join(', ')}` })
  ROLE: ProcessRole = 'all';

  @IsIn(['development', 'production', 'test'], { message: 'must be development, production or test' })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be a pino level' })
  LOG_LEVEL: string = 'info';

  /** Isolates a run: prefixes schemas, subjects, the stream, consumers and queues (libs/contracts namespace.ts). */
  @ValidateIf((o: PlatformConfig) => o.CADRE_NAMESPACE !== '')
  @Matches(NAMESPACE_PATTERN, { message: 'must be lower-case letters, digits and _ (start with a letter)' })
  CADRE_NAMESPACE: string = '';

  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(5)
  NATS_STREAM_REPLICAS: number = 1;

  /** Milliseconds the gateway waits for a service's reply before answering 504. */
  @IsInt({ message: 'must be an integer' })
  @Min(100)
  @Max(120_000)
  RPC_TIMEOUT_MS: number = 10_000;

  /**
   * How long JetStream waits for a consumer's ack before offering the event again (to any replica).
   * A handler that runs longer keeps its event by telling JetStream it is still working; only a
   * consumer that went silent (crashed, frozen, cut off) has its events redelivered after this.
   */
  @IsInt({ message: 'must be an integer' })
  @Min(500)
  @Max(600_000)
  EVENT_ACK_WAIT_MS: number = 30_000;

  @IsOptional()
  @IsString()
  SERVICE_INSTANCE?: string;
}

export function runsApi(config: PlatformConfig): boolean {
  return config.ROLE === 'api' || config.ROLE === 'all';
}

export function runsWorker(config: PlatformConfig): boolean {
  return config.ROLE === 'worker' || config.ROLE === 'all';
}
