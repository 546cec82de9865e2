import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { castLimitKey } from '../review/ballot-ingress';
import { BallotsController } from '../review/ballots.controller';

/** Probes and scrapes are never rate limited: a throttled or Redis-less probe would take the pod out of service. */
@Injectable()
export class GatewayThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const path: string = context.switchToHttp().getRequest().path ?? '';
    return path.startsWith('/health/') || path === '/metrics' || super.shouldSkip(context);
  }

  /** The cast route counts under the cast ingress's key: one budget per client, whichever serves the cast. */
  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    if (context.getClass() === BallotsController && context.getHandler() === BallotsController.prototype.cast)
      return castLimitKey(tracker);
    return super.generateKey(context, tracker, name);
  }
}
