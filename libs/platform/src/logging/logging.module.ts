import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
// Nest 12's exports map has no '@nestjs/common/interfaces' folder entry, and the root does not re-export RouteInfo.
import type { RouteInfo } from '@nestjs/common/interfaces/index.js';
import { LoggerModule } from 'nestjs-pino';
import { currentContext } from '../request-context';
import { redactUrl } from './redact-url';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * JSON logs with pino. Every line written while serving a request or a NATS message carries its
 * request id, taken from the async context (see request-context.ts).
 */
@Module({})
export class LoggingModule {
  /**
   * `unlogged`: routes without pino-http at all — no access log line, no request id. For the public
   * ballot cast: at thousands a second its per-request child logger costs more than the line is worth,
   * and a millisecond-stamped line per cast is just what anonymity does not want (docs/anonymity.md).
   */
  static forRoot(options: { service: string; level: string; unlogged?: RouteInfo[] }): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // Express 5 path syntax; nestjs-pino's default `*` makes Nest warn at every start.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          ...(options.unlogged?.length ? { exclude: options.unlogged } : {}),
          pinoHttp: {
            level: options.level,
            base: { service: options.service },
            messageKey: 'msg',
            mixin: () => {
              const ctx = currentContext();
              return ctx?.requestId ? { requestId: ctx.requestId, tenantId: ctx.tenantId } : {};
            },
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const given = req.headers[REQUEST_ID_HEADER];
              const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
              res.setHeader(REQUEST_ID_HEADER, id);
              return id;
            },
            customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
            autoLogging: {
              ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') || req.url === '/metrics',
            },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: redactUrl(req.url),
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
