import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Probes and scrapes are never rate limited: a throttled or Redis-less probe would take the pod out of service. */
@Injectable()
export class GatewayThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const path: string = context.switchToHttp().getRequest().path ?? '';
    return path.startsWith('/health/') || path === '/metrics' || super.shouldSkip(context);
  }
}
