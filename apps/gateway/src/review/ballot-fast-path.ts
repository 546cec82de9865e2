import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { BadRequestException, Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getOptionsToken, getStorageToken, normalizeIp, ThrottlerException, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { RequestHandler } from 'express';
import { ServiceClient } from '@cadre/messaging';
import { NO_STORE } from '../common/no-store';
import { jsonBodyError } from '../problems/json-body-checks';
import { problemBody, RETRY_AFTER_SECONDS } from '../problems/problem.filter';
import { BallotRelay } from './ballot-relay';
import { BallotsController } from './ballots.controller';
import { isWellFormedBallot } from './dto/review.dto';

/** What express.json() reads as JSON in UTF-8; another type or charset is left to it. */
const JSON_TYPE = /^application\/json(?:\s*;\s*charset="?utf-8"?)?$/i;
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
/** The throttler named in ThrottlerModule.forRoot (gateway.module.ts): the only one. */
const THROTTLER = 'default';

/** BODY_LIMIT ("1000", "512kb", "1mb", as validated by GatewayConfig) in bytes, as express.json() reads it. */
export function bodyLimitBytes(limit: string): number {
  const m = /^(\d+)(kb|mb)?$/i.exec(limit);
  if (!m) return 0;
  const unit = m[2]?.toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/**
 * The rate-limit key of the cast route, as ThrottlerGuard makes it (`<class>-<handler>-<throttler>-<tracker>`,
 * SHA-256): a client's casts count against one budget whichever path serves them, on every replica.
 */
export function castLimitKey(tracker: string): string {
  let key = limitKeys.get(tracker);
  if (key === undefined) {
    key = createHash('sha256').update(`${BallotsController.name}-${BallotsController.prototype.cast.name}-${THROTTLER}-${tracker}`).digest('hex');
    // The voters of a meeting come from a few addresses (the venue's network): remember their keys.
    if (limitKeys.size >= 10_000) limitKeys.clear();
    limitKeys.set(tracker, key);
  }
  return key;
}
const limitKeys = new Map<string, string>();

/**
 * `POST /api/v1/ballots/:token` served on the raw HTTP server, ahead of Express and Nest: thousands of
 * voters of a 民主测评 meeting cast within minutes, and the framework's per-request work (router,
 * guards, interceptors, pipes, response helpers) cost more than the cast itself.
 *
 * It answers exactly as the Nest route (BallotsController.cast) would, and only when it can be sure to:
 * - it takes only the canonical form — POST, a well-formed token, no query, `application/json` in
 *   UTF-8 with a Content-Length within BODY_LIMIT, no content or transfer encoding, no Idempotency-Key
 *   (replays are the interceptor's).
 *   Anything else goes to Express untouched (a malformed token's 404, the 413 of a large body, a replay …);
 * - the body is read by Express's own express.json() (same decoding, limit and errors; a parse error
 *   answered as jsonBodyError and Nest map it); a body nested too deep is never a well-formed ballot and
 *   goes on to Express, whose jsonBodyDepth refuses it; a body that BallotDto's fast check does not accept goes on to Express
 *   with the parsed body, so the DTO names every bad field (400) as before;
 * - a well-formed ballot: helmet's headers, `Cache-Control: no-store` (as on every API answer), the
 *   per-client limit counted in Redis under the route's own key (ThrottlerStorage, so replicas and both paths share it; 429 and the X-RateLimit-* headers as the
 *   guard sets them), then the cast through review (batched, ballot-relay.ts) and its 201 or problem.
 * No request log line and no request id, as for the Nest route (docs/anonymity.md).
 * test/e2e/ballot-fast-path.e2e-spec.ts sends the same requests to a gateway without it and compares.
 */
export function installBallotFastPath(nest: INestApplication, options: { prefix: string; bodyLimit: string; security: RequestHandler; relayWindowMs?: number }): void {
  const app = nest as NestExpressApplication;
  // The cast route with a well-formed token, nothing after it: anything else is not taken here.
  const castPath = new RegExp(`^/${options.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/ballots/([A-Za-z0-9_-]{43})$`);
  const server = app.getHttpServer() as Server;
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1) throw new Error(`ballot fast path: expected Express as the only request listener, found ${listeners.length}`);
  const [express] = listeners;
  const expressApp = app.getHttpAdapter().getInstance();
  const logger = new Logger('Problem');
  const limitBytes = bodyLimitBytes(options.bodyLimit);
  // Express's own request prototype computes the client address with the app's 'trust proxy', as req.ip does.
  const ipOf = (req: IncomingMessage): string => {
    const view = Object.create(expressApp.request) as { socket: unknown; headers: unknown; ip: string };
    view.socket = req.socket;
    view.headers = req.headers;
    return view.ip;
  };
  const etagOf = expressApp.get('etag fn') as (body: Buffer, encoding?: string) => string | undefined;
  const etags = new Map<string, string | undefined>();
  // The JSON parser configureGateway installed (app.useBodyParser), found on Express's stack by name.
  const router = (expressApp.router ?? expressApp._router) as { stack?: Array<{ name?: string; handle: unknown }> } | undefined;
  const jsonParser = router?.stack?.find((layer) => layer.name === 'jsonParser')?.handle as ((req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void) | undefined;
  if (!jsonParser) throw new Error('ballot fast path: express.json() is not installed yet (install the fast path after useBodyParser)');

  let limiter: { storage: ThrottlerStorage; ttl: number; limit: number; blockDuration: number; ipv6SubnetPrefix?: number } | undefined;
  let relay: BallotRelay | undefined;
  const ready = () => {
    if (limiter && relay) return;
    const throttlerOptions = nest.get<ThrottlerModuleOptions>(getOptionsToken(), { strict: false });
    if (Array.isArray(throttlerOptions) || !throttlerOptions) throw new Error('ballot fast path: ThrottlerModule must be configured with { throttlers }');
    const [throttler, ...others] = throttlerOptions.throttlers;
    // The guard's other options would change the key or the budget: this path would have to follow them.
    const unsupported = ['skipIf', 'ignoreUserAgents', 'getTracker', 'generateKey', 'setHeaders', 'errorMessage'].filter(
      (k) => (throttlerOptions as unknown as Record<string, unknown>)[k] !== undefined || (throttler as unknown as Record<string, unknown>)[k] !== undefined,
    );
    if (others.length > 0 || throttler.name !== THROTTLER || unsupported.length > 0 || typeof throttler.ttl !== 'number' || typeof throttler.limit !== 'number') {
      throw new Error(`ballot fast path: only one plain throttler named "${THROTTLER}" is supported (found ${unsupported.join(', ') || 'another set-up'})`);
    }
    const routeMetadata = [...Reflect.getMetadataKeys(BallotsController), ...Reflect.getMetadataKeys(BallotsController.prototype.cast)].filter((k) => String(k).startsWith('THROTTLER'));
    if (routeMetadata.length > 0) throw new Error(`ballot fast path: the cast route has its own throttling (${routeMetadata.join(', ')}); follow it here`);
    limiter = {
      storage: nest.get<ThrottlerStorage>(getStorageToken(), { strict: false }),
      ttl: throttler.ttl,
      limit: throttler.limit,
      blockDuration: typeof throttler.blockDuration === 'number' ? throttler.blockDuration : throttler.ttl,
      ipv6SubnetPrefix: throttlerOptions.ipv6SubnetPrefix,
    };
    relay = new BallotRelay(nest.get(ServiceClient, { strict: false }), options.relayWindowMs ?? 0);
  };

  const send = (res: ServerResponse, status: number, type: string, text: string) => {
    const body = Buffer.from(text, 'utf8');
    res.statusCode = status;
    res.setHeader('Cache-Control', NO_STORE);
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', body.length);
    // Express's weak ETag of the body; the few distinct answers (201 bodies) are remembered.
    let etag = etags.get(text);
    if (etag === undefined) {
      etag = etagOf(body);
      if (etags.size >= 1_000) etags.clear();
      etags.set(text, etag);
    }
    if (etag) res.setHeader('ETag', etag);
    res.end(body);
  };
  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown) => {
    if (res.headersSent) return;
    const body = problemBody(err, 'POST', req.url ?? '', undefined, logger);
    if (body.status === 429) res.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    send(res, body.status, PROBLEM_CONTENT_TYPE, JSON.stringify(body));
  };

  const cast = async (req: IncomingMessage, res: ServerResponse, token: string, text: string) => {
    ready();
    const { storage, ttl, limit, blockDuration, ipv6SubnetPrefix } = limiter!;
    const hits = await storage.increment(castLimitKey(normalizeIp(ipOf(req), ipv6SubnetPrefix)), ttl, limit, blockDuration, THROTTLER);
    if (hits.isBlocked) throw new ThrottlerException();
    res.setHeader('X-RateLimit-Limit', String(limit));
    res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - hits.totalHits)));
    res.setHeader('X-RateLimit-Reset', String(hits.timeToExpire));
    const result = await relay!.cast(token, text);
    send(res, 201, JSON_CONTENT_TYPE, JSON.stringify(result));
  };

  const onBody = (req: IncomingMessage & { body?: unknown }, res: ServerResponse, token: string) => {
    if (!isWellFormedBallot(req.body)) {
      // The DTO names every bad field: Express and Nest take it from here, the body already read
      // (express.json() sees the request finished and leaves req.body as it is).
      express(req, res);
      return;
    }
    options.security(req as never, res as never, () => undefined);
    cast(req, res, token, JSON.stringify(req.body)).catch((err: unknown) => fail(req, res, err));
  };

  ready();
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
    const token = req.method === 'POST' ? castPath.exec(req.url ?? '')?.[1] : undefined;
    const h = req.headers;
    const length = Number(h['content-length']);
    if (
      token === undefined ||
      !(length > 0 && length <= limitBytes && Number.isInteger(length)) ||
      !JSON_TYPE.test(h['content-type'] ?? '') ||
      h['content-encoding'] !== undefined ||
      h['transfer-encoding'] !== undefined ||
      h['idempotency-key'] !== undefined
    ) {
      express(req, res);
      return;
    }
    // Express's own JSON parser (the one configureGateway installed): the same decoding, limits and errors.
    jsonParser(req, res, (err?: unknown) => {
      if (err === undefined) return onBody(req, res, token);
      options.security(req as never, res as never, () => undefined);
      fail(req, res, asNestMapsIt(jsonBodyError(err)));
    });
  });
}

/**
 * An error of express.json() as Nest hands it to the exception filter (RoutesResolver.mapExternalException):
 * invalid JSON becomes a 400 with the parser's message; anything else goes as it is.
 */
function asNestMapsIt(err: unknown): unknown {
  return err instanceof SyntaxError && (err as SyntaxError & { status?: number }).status === 400 ? new BadRequestException(err.message) : err;
}
