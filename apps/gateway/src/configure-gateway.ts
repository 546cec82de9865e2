import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { noStore } from './common/no-store';
import { bodyLimitBytes, GatewayConfig } from './config/gateway.config';
import { consoleDirectory, serveConsole } from './console/console-static';
import { setupOpenApi } from './docs/openapi';
import { jsonBodyDepth, jsonBodyErrors } from './problems/json-body-checks';
import { ProblemFilter } from './problems/problem.filter';
import { validationPipe } from './problems/validation.pipe';
import { GatewayHttpAdapter } from './gateway-http-adapter';
import { ballotIngress } from './review/ballot-ingress';

export const API_PREFIX = 'api/v1';

/**
 * HTTP settings of the gateway, shared by main.ts and the tests so both serve the same API.
 * `ballotFastPath: false` leaves the ballot cast to the Nest route alone, without the cast ingress
 * (tests compare the two).
 */
export function configureGateway(
  nest: INestApplication,
  config: GatewayConfig,
  options: { ballotFastPath?: boolean } = {},
): void {
  const app = nest as NestExpressApplication;
  // Only the named proxies' X-Forwarded-For is believed (TRUST_PROXY, loopback by default): trusting
  // every private range let any 10.x/192.168.x client, or a spoofed header, choose its own address —
  // a fresh rate-limit bucket per request and a false address in the audit log. The ballot cast
  // ingress counts its limit by the same address (proxy-addr with this list), so it follows this setting.
  const trustProxy = config.TRUST_PROXY.split(',').map((e) => e.trim());
  app.set('trust proxy', trustProxy);
  app.disable('x-powered-by');
  const security = helmet({ contentSecurityPolicy: false });
  const json = { limit: bodyLimitBytes(config.BODY_LIMIT), strict: true };
  // The public cast, thousands a second in a 民主测评 meeting: a well-formed ballot is answered in front
  // of Express and Nest (with the same headers and answers); anything else goes on to them.
  if (options.ballotFastPath !== false) {
    const adapter = app.getHttpAdapter();
    if (!(adapter instanceof GatewayHttpAdapter))
      throw new Error('the gateway runs on GatewayHttpAdapter (createServiceApp(module, { httpAdapter }))');
    adapter.serveFirst(ballotIngress(app, { prefix: API_PREFIX, json, trustProxy, security }));
  }
  app.use(security);
  // Nothing the API answers is cached (personal appraisal data, tokens); see common/no-store.ts.
  app.use(`/${API_PREFIX}`, noStore);
  // The web console's files and its client-side routes, before the API's routes (a path under /api never matches).
  serveConsole(app, consoleDirectory(config.CONSOLE_DIR));
  // application/*+json too (merge-patch, problem…): JsonBodyMiddleware refuses every other body type with 415.
  app.useBodyParser('json', { ...json, type: ['application/json', 'application/*+json'] });
  // Right behind the parser: invalid JSON answered in Chinese, a body nested deeper than 32 levels refused.
  app.use(jsonBodyErrors);
  app.use(jsonBodyDepth);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'api/asyncapi.json', method: RequestMethod.GET },
      // 公示: a page for anyone, beside the console rather than in the API (not in its document either).
      { path: 'public/:tenant/honours', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(validationPipe());
  // Errors thrown before routing (body parser, unknown routes) also leave as problem+json.
  app.useGlobalFilters(new ProblemFilter());
  setupOpenApi(app, config.PUBLIC_URL);
}
