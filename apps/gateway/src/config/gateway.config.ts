import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { PlatformConfig } from '@cadre/platform';
import { parseTrustProxy } from '../common/trust-proxy';
import { passwordWeakness } from '../users/password-policy';

/** A setting that must pass `check` (null: fine; else what is wrong). */
function Satisfies(check: (value: unknown) => string | null): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'satisfies',
      target: object.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => check(value) === null,
        defaultMessage: (args) => check(args?.value) ?? '',
      },
    });
}

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

  /** Password of the platform administrator `admin` (tenant `system`) created on an empty database; the password policy applies. */
  @ValidateIf((c: GatewayConfig) => c.NODE_ENV === 'production' || c.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'is required when NODE_ENV=production' })
  @Satisfies((v) => (typeof v === 'string' ? passwordWeakness(v, 'admin') : null))
  ADMIN_PASSWORD?: string;

  /** Requests a client (by IP) may make per minute. */
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  RATE_LIMIT_PER_MINUTE: number = 1200;

  /** Login attempts a client (by IP) may make per minute: slows password guessing. */
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE: number = 30;

  /**
   * Failed logins of one account (tenant + username), from any address, that lock it; the window
   * they are counted in and the lock last LOGIN_LOCKOUT_MINUTES.
   */
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  LOGIN_LOCKOUT_FAILURES: number = 10;

  @IsInt({ message: 'must be a number of minutes' })
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCKOUT_MINUTES: number = 15;

  /**
   * The proxies whose X-Forwarded-For names the client (rate limits, audit log): a comma list of
   * addresses, CIDR ranges and `loopback`, `linklocal`, `uniquelocal`. Anyone else's header is ignored
   * and the connection's own address is the client. Behind a Kubernetes ingress: the pod range of the
   * ingress controller (e.g. `10.244.0.0/16`), not `uniquelocal`, which every pod and VPN client is in.
   */
  @Satisfies((v) =>
    typeof v === 'string' && parseTrustProxy(v)
      ? null
      : 'must be a comma list of addresses, CIDR ranges, loopback, linklocal or uniquelocal',
  )
  TRUST_PROXY: string = 'loopback';

  /** Largest JSON body accepted (bytes, or e.g. "1mb"; see bodyLimitBytes). */
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

/** BODY_LIMIT ("1000", "512kb", "1mb", as validated above) in bytes, with the 1024-based units express.json() reads. */
export function bodyLimitBytes(limit: string): number {
  const m = /^(\d+)(kb|mb)?$/i.exec(limit);
  if (!m) return 0;
  const unit = m[2]?.toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}
