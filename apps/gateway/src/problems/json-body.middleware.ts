import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { problem } from '@cadre/contracts';
import { ProblemException } from './problem.filter';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;
/** The one route that takes a file (roster import); its interceptor reads the multipart body. */
const MULTIPART = /^multipart\/form-data\b/i;

/** A request carries a body when it says how long (non-zero) or that it is chunked (RFC 9112 §6.3). */
export function hasBody(req: Pick<Request, 'headers'>): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * 415 for a body that is neither JSON nor a file upload. The JSON parser skips other types and leaves
 * an empty body, and on a route whose fields are all optional an empty body is a valid request: JSON
 * sent as text/plain would act as "change nothing" or "clear everything" (found by the bad-input sweep:
 * PUT /notification-channels cleared the channels) instead of being refused.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const type = req.headers['content-type'] ?? '';
    if (hasBody(req) && !JSON_TYPE.test(type) && !MULTIPART.test(type)) {
      throw new ProblemException(
        problem(415, '请求体须为 JSON（Content-Type: application/json）', [
          { field: 'content-type', message: type ? `不支持 ${type.slice(0, 100)}` : '必须提供' },
        ]),
      );
    }
    next();
  }
}
