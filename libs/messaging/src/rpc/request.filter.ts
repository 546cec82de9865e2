import { ArgumentsHost, Catch, Inject, Logger, RpcExceptionFilter } from '@nestjs/common';
import { SERVICE_NAME } from '@cadre/platform';
import { Observable, throwError } from 'rxjs';
import { problemOfFailure } from './request-failure';

/**
 * The service side of a failed request: whatever a handler threw reaches the caller as the problem
 * it stands for (request-failure.ts) — an RpcError as itself, a dependency down as 503, a bug as 500
 * without its details (logged here). Nest sends it as the reply's `err`; the service client turns
 * it back into the problem the gateway answers with.
 */
@Catch()
export class RequestFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('Requests');

  constructor(@Inject(SERVICE_NAME) private readonly service: string) {}

  catch(err: unknown, host: ArgumentsHost): Observable<never> {
    const subject =
      host.getType() === 'rpc'
        ? String(host.switchToRpc().getContext<{ getSubject(): string }>().getSubject?.() ?? '')
        : '';
    const pattern = subject.split('.rpc.').pop() ?? subject;
    const failed = problemOfFailure(err, this.service, pattern);
    if (failed.log) this.logger.error(failed.log.message, failed.log.stack);
    return throwError(() => failed.problem);
  }
}
