import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Problem, problem } from '@cadre/contracts';
import { RpcError, RpcFailure } from '@cadre/messaging';
import { isInfrastructureError, redactUrl } from '@cadre/platform';

/** Thrown on purpose with a complete problem (validation, auth, idempotency …). */
export class ProblemException extends HttpException {
  constructor(readonly problem: Problem) {
    super(problem, problem.status);
  }
}

/** Errors of the body parser (express/body-parser `type`), which never reach a controller. */
const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.parse.failed': [400, '请求体不是合法的 JSON'],
  'entity.too.large': [413, '请求体超过允许的大小'],
  'encoding.unsupported': [415, '不支持的请求编码'],
  'charset.unsupported': [415, '不支持的字符集'],
  'entity.verify.failed': [400, '请求体校验失败'],
  'request.aborted': [400, '请求被中断'],
};

export function toProblem(err: unknown): Problem {
  if (err instanceof ProblemException) return err.problem;
  if (err instanceof RpcFailure) return err.problem;
  // The gateway's own lists read their cursors as the services do (pageWindow).
  if (err instanceof RpcError) return err.toProblem();
  if (err instanceof ThrottlerException) return problem(429, '请求过于频繁，请稍后再试');
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    return problem(status, Array.isArray(message) ? message.join('; ') : String(message ?? err.message));
  }
  const type = (err as { type?: string })?.type;
  if (type && BODY_ERRORS[type]) {
    const [status, detail] = BODY_ERRORS[type];
    return problem(status, detail);
  }
  if (isInfrastructureError(err)) return problem(503, '依赖的服务暂不可用，请稍后重试');
  return problem(500, '服务器内部错误，请稍后重试或联系管理员');
}

/** What a 429 tells the client to wait, whatever the limiter's own window says. */
export const RETRY_AFTER_SECONDS = '60';

/**
 * The problem+json body of an error: its problem, the path it answers (ballot tokens redacted, no
 * query) and the request id when the request has one; a server error is logged. The ballot cast
 * ingress (review/ballot-ingress.ts) hands its errors to the filter too, so both answer alike.
 */
export function problemBody(
  err: unknown,
  method: string,
  originalUrl: string,
  requestId: string | undefined,
  logger: Logger,
): Problem {
  const url = redactUrl(originalUrl);
  const body: Problem = { ...toProblem(err), instance: url.split('?')[0], requestId };
  if (body.status >= HttpStatus.INTERNAL_SERVER_ERROR) {
    logger.error(`${method} ${url} → ${body.status}: ${(err as Error)?.message}`, (err as Error)?.stack);
  }
  return body;
}

/** Every error of the public API leaves as RFC 9457 application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const body = problemBody(err, req.method, req.originalUrl ?? '', req.id, this.logger);
    if (res.headersSent) return;
    // Readiness keeps terminus's own body (which dependency is down): probes and operators read it.
    if (err instanceof HttpException && req.path?.startsWith('/health/')) {
      res.status(err.getStatus()).json(err.getResponse());
      return;
    }
    if (body.status === 429) res.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
