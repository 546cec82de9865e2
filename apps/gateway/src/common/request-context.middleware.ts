import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { runInContext } from '@cadre/platform';

/** Binds the request id (set by pino-http) to the async context, so every log line and NATS call carries it. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request & { id?: string }, _res: Response, next: NextFunction): void {
    runInContext({ requestId: req.id ? String(req.id) : undefined }, next);
  }
}
