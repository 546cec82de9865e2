import { Controller, Get, Header, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../public';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per process; every service exposes it at GET /metrics (Prometheus text). */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const httpDuration = new Histogram({
  name: 'cadre_http_request_duration_seconds',
  help: 'HTTP requests served, by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const rpcDuration = new Histogram({
  name: 'cadre_rpc_duration_seconds',
  help: 'NATS request-reply handling, by pattern and outcome',
  labelNames: ['pattern', 'outcome'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const eventsPublished = new Counter({
  name: 'cadre_outbox_published_total',
  help: 'Domain events published from the outbox to JetStream',
  labelNames: ['type'],
  registers: [metricsRegistry],
});

export const outboxPending = new Gauge({
  name: 'cadre_outbox_pending',
  help: 'Outbox rows not yet published (seen by the last relay pass)',
  registers: [metricsRegistry],
});

export const eventsConsumed = new Counter({
  name: 'cadre_events_consumed_total',
  help: 'Domain events handled by a durable consumer, by consumer, type and outcome (applied, duplicate, skipped, failed, invalid)',
  labelNames: ['consumer', 'type', 'outcome'],
  registers: [metricsRegistry],
});

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}

@Module({ controllers: [MetricsController] })
export class MetricsModule {}
