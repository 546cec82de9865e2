import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { closeServer, serveMetrics } from './metrics/metrics-server';

/** Seconds a SIGTERM may take to drain before the process gives up and exits anyway. */
const DRAIN_LIMIT_MS = 25_000;

/** Creates the Nest application of a service without listening: used by main.ts and by tests. */
export async function createServiceApp(module: DynamicModule): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  return app;
}

/**
 * Starts a service: listens on its HTTP port (health, metrics; the API too for the gateway) and
 * turns SIGTERM/SIGINT into a drain: readiness goes down, workers and consumers stop taking
 * work, in-flight work finishes, NATS drains, the database closes, and the process exits 0.
 */
export async function startService(options: {
  service: string;
  module: DynamicModule;
  port: number;
  /** GET /metrics on this port instead of `port` (the gateway: its port is public). */
  metricsPort?: number;
  configure?: (app: INestApplication) => void | Promise<void>;
}): Promise<INestApplication> {
  const app = await createServiceApp(options.module);
  await options.configure?.(app);
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
