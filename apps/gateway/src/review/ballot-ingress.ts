import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getOptionsToken, getStorageToken, normalizeIp, ThrottlerException, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ServiceClient } from '@cadre/messaging';
import { NO_STORE } from '../common/no-store';
import { jsonBodyError } from '../problems/json-body-checks';
import { BallotRelay } from './ballot-relay';
import { isWellFormedBallot } from './dto/review.dto';

/** The throttler named in ThrottlerModule.forRoot (gateway.module.ts): the only one. */
const THROTTLER = 'default';
/** A well-formed token and nothing after it, below the mount path (`/api/v1/ballots`). */
const TOKEN_PATH = /^\/([A-Za-z0-9_-]{43})$/;
/** JSON in UTF-8, as express.json() reads it; another type or charset is the Nest route's (its 415). */
const JSON_TYPE = /^application\/json(?:\s*;\s*charset="?utf-8"?)?$/i;

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
  if (!options || Array.isArray(options)) throw new Error('ballot ingress: ThrottlerModule must be configured with { throttlers }');
  const [throttler, ...others] = options.throttlers;
  // Options that change the guard's tracker, key or budget would have to be followed here.
  const unsupported = ['skipIf', 'ignoreUserAgents', 'getTracker', 'generateKey', 'setHeaders'].filter(
    (k) => (options as unknown as Record<string, unknown>)[k] !== undefined || (throttler as unknown as Record<string, unknown>)[k] !== undefined,
  );
  if (others.length > 0 || throttler.name !== THROTTLER || unsupported.length > 0 || typeof throttler.ttl !== 'number' || typeof throttler.limit !== 'number') {
    throw new Error(`ballot ingress: only one plain throttler named "${THROTTLER}" is supported (found ${unsupported.join(', ') || 'another set-up'})`);
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
 * `POST /api/v1/ballots/:token` for a well-formed ballot, as an Express middleware mounted on the
 * cast path ahead of every other (configureGateway): thousands of voters of a 民主测评 meeting cast
 * within minutes, and Nest's per-request work (guards, interceptors, pipes, request context) cost five
 * times the gateway's share of the cast itself, Express's chain of middlewares a good part of the rest
 * (README "Performance").
 *
 * It answers as the Nest route (BallotsController.cast) would, and takes only what it can be sure of:
 * - the canonical form — POST, a well-formed token, no query, `application/json` in UTF-8, no content
 *   encoding, no Idempotency-Key (replays are the interceptor's). Anything else goes on untouched;
 * - the body read by its own express.json() with the API's options (`json`: the same limit, strict):
 *   a parse error is passed on (`next(err)`) with the API's headers set, to jsonBodyErrors and
 *   ProblemFilter as the API's parser's would be; a body that the fast check (isWellFormedBallot, the
 *   contracts' ballot shape) does not accept goes on read — the API's parser leaves a read body as it
 *   is — to jsonBodyDepth and Nest, whose DTO names every bad field;
 * - a well-formed ballot: the API's headers (`security`: helmet; `Cache-Control: no-store`), the
 *   client's limit counted in the throttler's storage under castLimitKey (429 and the X-RateLimit-*
 *   headers as the guard sets them), the cast through review batched (ballot-relay.ts), and the answer
 *   by Express's `res.json` as Nest gives it; a refusal goes to `next(err)`, Nest's exception handler
 *   and ProblemFilter, as the route's would.
 * Nest's middlewares are never reached: no request log line and no request id (docs/anonymity.md).
 * test/e2e/ballot-fast-path.e2e-spec.ts sends the same requests to a gateway without it and compares.
 */
export function ballotIngress(
  nest: INestApplication,
  options: { json: { limit: number; strict: boolean }; security: RequestHandler; relayWindowMs?: number },
): RequestHandler {
  const limiter = limiterOf(nest);
  const relay = new BallotRelay(nest.get(ServiceClient, { strict: false }), options.relayWindowMs ?? 0);
  const parse = express.json({ ...options.json, type: 'application/json' });
  const apiHeaders = (req: Request, res: Response) => {
    options.security(req, res, () => undefined);
    res.setHeader('Cache-Control', NO_STORE);
  };

  const cast = async (req: Request, res: Response, token: string) => {
    const { storage, ttl, limit, blockDuration, ipv6SubnetPrefix } = limiter;
    const hits = await storage.increment(castLimitKey(normalizeIp(req.ip ?? '', ipv6SubnetPrefix)), ttl, limit, blockDuration, THROTTLER);
    if (hits.isBlocked) throw new ThrottlerException();
    res.setHeader('X-RateLimit-Limit', String(limit));
    res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - hits.totalHits)));
    res.setHeader('X-RateLimit-Reset', String(hits.timeToExpire));
    const result = await relay.cast(token, JSON.stringify(req.body));
    res.status(201).json(result);
  };

  return (req: Request, res: Response, next: NextFunction) => {
    const token = req.method === 'POST' ? TOKEN_PATH.exec(req.path)?.[1] : undefined;
    const h = req.headers;
    if (token === undefined || req.originalUrl.includes('?') || !JSON_TYPE.test(h['content-type'] ?? '') || h['content-encoding'] !== undefined || h['idempotency-key'] !== undefined) {
      next();
      return;
    }
    parse(req, res, (err?: unknown) => {
      if (err !== undefined) {
        apiHeaders(req, res);
        next(jsonBodyError(err));
        return;
      }
      if (!isWellFormedBallot(req.body)) {
        next();
        return;
      }
      apiHeaders(req, res);
      cast(req, res, token).catch(next);
    });
  };
}
