import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { closeServer, serveMetrics } from './metrics/metrics-server';

/** Seconds a SIGTERM may take to drain before the process gives up and exits anyway. */
const DRAIN_LIMIT_MS = 25_000;

/**
 * The transport a service's request handlers are served on (libs/messaging provides it: Nest's NATS
 * transport in the service's queue group), or null where the process serves none (the gateway, a
 * worker). Provided under this token so the platform can connect it without knowing messaging.
 */
export const REQUEST_TRANSPORT = Symbol('REQUEST_TRANSPORT');

/**
 * Creates the Nest application of a service without listening: used by main.ts and by tests. A
 * service is a hybrid app: its HTTP server (health, metrics; the API for the gateway) and, connected
 * beside it, the NATS transport of its @MessagePattern handlers, started by `startServiceApp`.
 */
export async function createServiceApp(
  module: DynamicModule,
  options: { httpAdapter?: AbstractHttpAdapter } = {},
): Promise<INestApplication> {
  const settings = { bufferLogs: true, abortOnError: false };
  const app = options.httpAdapter
    ? await NestFactory.create(module, options.httpAdapter, settings)
    : await NestFactory.create(module, settings);
  app.useLogger(app.get(Logger));
  const transport = requestTransportOf(app);
  if (transport) app.connectMicroservice({ strategy: transport });
  return app;
}

/** Initializes the app (migrations, consumers, jobs) and only then starts serving requests. */
export async function startServiceApp(app: INestApplication): Promise<INestApplication> {
  await app.init();
  await app.startAllMicroservices();
  return app;
}

function requestTransportOf(app: INestApplication): CustomTransportStrategy | null {
  try {
    return app.get<CustomTransportStrategy | null>(REQUEST_TRANSPORT, { strict: false });
  } catch {
    return null; // not provided: this app serves no requests
  }
}

/**
 * Starts a service: listens on its HTTP port (health, metrics; the API too for the gateway) and
 * turns SIGTERM/SIGINT into a drain: readiness goes down, workers and consumers stop taking
 * work, in-flight work finishes, NATS drains, the database closes, and the process exits 0.
 */
export async function startService(options: {
  service: string;
  module: DynamicModule;
  /** The HTTP adapter, when not Nest's default Express one (the gateway's: GatewayHttpAdapter). */
  httpAdapter?: AbstractHttpAdapter;
  port: number;
  /** GET /metrics on this port instead of `port` (the gateway: its port is public). */
  metricsPort?: number;
  configure?: (app: INestApplication) => void | Promise<void>;
}): Promise<INestApplication> {
  const app = await createServiceApp(options.module, { httpAdapter: options.httpAdapter });
  await options.configure?.(app);
  await startServiceApp(app);
  await app.listen(options.port, '0.0.0.0');
  const logger = app.get(Logger);
  logger.log(`${options.service} listening on :${options.port}`, 'Bootstrap');
  const metrics = options.metricsPort !== undefined ? await serveMetrics(options.metricsPort) : undefined;
  if (metrics) logger.log(`${options.service} metrics on :${options.metricsPort}/metrics`, 'Bootstrap');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining`, 'Bootstrap');
    const limit = setTimeout(() => {
      logger.error(`drain took longer than ${DRAIN_LIMIT_MS} ms; exiting`, undefined, 'Bootstrap');
      process.exit(1);
    }, DRAIN_LIMIT_MS);
    limit.unref();
    try {
      await app.close();
      // Scraped until the end: the drain itself shows in the last scrape.
      await closeServer(metrics);
      process.exit(0);
    } catch (err) {
      logger.error(`shutdown failed: ${(err as Error).message}`, (err as Error).stack, 'Bootstrap');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return app;
}
