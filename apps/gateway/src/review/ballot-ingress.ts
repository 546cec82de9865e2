import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestException, Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import {
  getOptionsToken,
  getStorageToken,
  normalizeIp,
  ThrottlerException,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import etag from 'etag';
import express from 'express';
import type { RequestHandler } from 'express';
import proxyAddr from 'proxy-addr';
import { ServiceClient } from '@cadre/messaging';
import type { FrontHandler } from '../gateway-http-adapter';
import { NO_STORE } from '../common/no-store';
import { jsonBodyError } from '../problems/json-body-checks';
import { problemBody, RETRY_AFTER_SECONDS } from '../problems/problem.filter';
import { BallotRelay } from './ballot-relay';
import { isWellFormedBallot } from './dto/review.dto';

/** The throttler named in ThrottlerModule.forRoot (gateway.module.ts): the only one. */
const THROTTLER = 'default';
/** JSON in UTF-8, as express.json() reads it; another type or charset is the Nest route's (its 415). */
const JSON_TYPE = /^application\/json(?:\s*;\s*charset="?utf-8"?)?$/i;
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * The rate-limit key of a client's casts (SHA-256 of the tracker, as ThrottlerGuard hashes its own
 * keys): the ingress counts under it, and GatewayThrottlerGuard gives the Nest cast route the same key,
 * so a client has one budget whichever serves a cast, on every replica (the storage is Redis).
 */
export function castLimitKey(tracker: string): string {
  let key = limitKeys.get(tracker);
  if (key === undefined) {
    key = createHash('sha256').update(`ballot-cast-${THROTTLER}-${tracker}`).digest('hex');
    // The voters of a meeting come from a few addresses (the venue's network): remember their keys.
    if (limitKeys.size >= 10_000) limitKeys.clear();
    limitKeys.set(tracker, key);
  }
  return key;
}
const limitKeys = new Map<string, string>();

interface Limiter {
  storage: ThrottlerStorage;
  ttl: number;
  limit: number;
  blockDuration: number;
  ipv6SubnetPrefix?: number;
}

/** The one plain throttler the guard applies, with the public storage it counts in. */
function limiterOf(nest: INestApplication): Limiter {
  const options = nest.get<ThrottlerModuleOptions>(getOptionsToken(), { strict: false });
  if (!options || Array.isArray(options))
    throw new Error('ballot ingress: ThrottlerModule must be configured with { throttlers }');
  const [throttler, ...others] = options.throttlers;
  // Options that change the guard's tracker, key or budget would have to be followed here.
  const unsupported = ['skipIf', 'ignoreUserAgents', 'getTracker', 'generateKey', 'setHeaders'].filter(
    (k) =>
      (options as unknown as Record<string, unknown>)[k] !== undefined ||
      (throttler as unknown as Record<string, unknown>)[k] !== undefined,
  );
  if (
    others.length > 0 ||
    throttler.name !== THROTTLER ||
    unsupported.length > 0 ||
    typeof throttler.ttl !== 'number' ||
    typeof throttler.limit !== 'number'
  ) {
    throw new Error(
      `ballot ingress: only one plain throttler named "${THROTTLER}" is supported (found ${unsupported.join(', ') || 'another set-up'})`,
    );
  }
  return {
    storage: nest.get<ThrottlerStorage>(getStorageToken(), { strict: false }),
    ttl: throttler.ttl,
    limit: throttler.limit,
    blockDuration: typeof throttler.blockDuration === 'number' ? throttler.blockDuration : throttler.ttl,
    ipv6SubnetPrefix: options.ipv6SubnetPrefix,
  };
}

/**
 * `POST /api/v1/ballots/:token` for a well-formed ballot, answered by a small node:http handler in
 * front of Express (GatewayHttpAdapter.serveFirst): thousands of voters of a 民主测评 meeting cast within
 * minutes, and the framework's per-request work — Nest's guards, interceptors, pipes and request
 * context, Express's router, request and response helpers — cost several times the gateway's share of
 * the cast itself (bench/README.md, "review").
 *
 * It answers as the Nest route (BallotsController.cast) would, and takes only what it can be sure of:
 * - the canonical form — POST, a well-formed token, no query, `application/json` in UTF-8 with a
 *   Content-Length within the API's limit, no content or transfer encoding, no Idempotency-Key
 *   (replays are the interceptor's). Anything else goes to Express untouched;
 * - the body read by an express.json() of its own with the API's options (the same limit, strict): a
 *   parse error is answered as the API's parser's would be (jsonBodyError, as Nest maps it); a body
 *   that the fast check (isWellFormedBallot, the contracts' ballot shape) does not accept goes on to
 *   Express read — the API's parser leaves a read body as it is — to jsonBodyDepth and Nest, whose DTO
 *   names every bad field;
 * - a well-formed ballot: the API's headers (`security`: helmet; `Cache-Control: no-store`), the
 *   client's address as Express computes req.ip (proxy-addr with the same TRUST_PROXY), its limit
 *   counted in the throttler's storage under castLimitKey (429 and the X-RateLimit-* headers as the
 *   guard sets them), the cast through review batched (ballot-relay.ts), and the answer as Express's
 *   res.json gives it (its weak ETag from the `etag` package Express uses; the few distinct bodies
 *   remembered); a refusal as ProblemFilter answers it.
 * Nest's middlewares are never reached: no request log line and no request id (docs/anonymity.md).
 * test/e2e/ballot-fast-path.e2e-spec.ts sends the same requests to a gateway without it and compares.
 */
export function ballotIngress(
  nest: INestApplication,
  options: {
    prefix: string;
    json: { limit: number; strict: boolean };
    trustProxy: string[];
    security: RequestHandler;
    relayWindowMs?: number;
  },
): FrontHandler {
  const limiter = limiterOf(nest);
  const relay = new BallotRelay(nest.get(ServiceClient, { strict: false }), options.relayWindowMs ?? 0);
  const parse = express.json({ ...options.json, type: () => true }) as unknown as (
    req: IncomingMessage,
    res: ServerResponse,
    next: (err?: unknown) => void,
  ) => void;
  const trust = proxyAddr.compile(options.trustProxy);
  // The cast route with a well-formed token, nothing after it: anything else is not taken here.
  const castPath = new RegExp(
    `^/${options.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/ballots/([A-Za-z0-9_-]{43})$`,
  );
  const logger = new Logger('Problem');
  const etags = new Map<string, string>();

  const send = (res: ServerResponse, status: number, type: string, text: string) => {
    const body = Buffer.from(text, 'utf8');
    res.statusCode = status;
    res.setHeader('Cache-Control', NO_STORE);
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', body.length);
    let tag = etags.get(text);
    if (tag === undefined) {
      tag = etag(body, { weak: true });
      if (etags.size >= 1_000) etags.clear();
      etags.set(text, tag);
    }
    res.setHeader('ETag', tag);
    res.end(body);
  };
  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown) => {
    if (res.headersSent) return;
    const body = problemBody(err, 'POST', req.url ?? '', undefined, logger);
    if (body.status === 429) res.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    send(res, body.status, PROBLEM_CONTENT_TYPE, JSON.stringify(body));
  };
  const apiHeaders = (req: IncomingMessage, res: ServerResponse) =>
    options.security(req as never, res as never, () => undefined);

  const cast = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse, token: string) => {
    const { storage, ttl, limit, blockDuration, ipv6SubnetPrefix } = limiter;
    const hits = await storage.increment(
      castLimitKey(normalizeIp(proxyAddr(req, trust), ipv6SubnetPrefix)),
      ttl,
      limit,
      blockDuration,
      THROTTLER,
    );
    if (hits.isBlocked) throw new ThrottlerException();
    res.setHeader('X-RateLimit-Limit', String(limit));
    res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - hits.totalHits)));
    res.setHeader('X-RateLimit-Reset', String(hits.timeToExpire));
    const result = await relay.cast(token, JSON.stringify(req.body));
    send(res, 201, JSON_CONTENT_TYPE, JSON.stringify(result));
  };

  return (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: () => void) => {
    const token = req.method === 'POST' ? castPath.exec(req.url ?? '')?.[1] : undefined;
    const h = req.headers;
    const length = Number(h['content-length']);
    if (
      token === undefined ||
      !(length > 0 && length <= options.json.limit && Number.isInteger(length)) ||
      !JSON_TYPE.test(h['content-type'] ?? '') ||
      h['content-encoding'] !== undefined ||
      h['transfer-encoding'] !== undefined ||
      h['idempotency-key'] !== undefined
    ) {
      next();
      return;
    }
    parse(req, res, (err?: unknown) => {
      if (err !== undefined) {
        apiHeaders(req, res);
        fail(req, res, asNestMapsIt(jsonBodyError(err)));
        return;
      }
      if (!isWellFormedBallot(req.body)) {
        // The DTO names every bad field: Express and Nest take it from here, the body already read.
        next();
        return;
      }
      apiHeaders(req, res);
      cast(req, res, token).catch((e: unknown) => fail(req, res, e));
    });
  };
}

/**
 * An error of express.json() as Nest hands it to the exception filter (RoutesResolver.mapExternalException):
 * invalid JSON becomes a 400 with the parser's message; anything else goes as it is.
 */
function asNestMapsIt(err: unknown): unknown {
  return err instanceof SyntaxError && (err as SyntaxError & { status?: number }).status === 400
    ? new BadRequestException(err.message)
    : err;
}
