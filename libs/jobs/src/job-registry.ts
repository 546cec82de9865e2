import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JOB_HANDLER, JobHandler } from './on-job.decorator';

/**
 * The `@OnJob` handlers of this service, found on every provider. Discovery runs in onModuleInit
 * so that two handlers for one name stop the start (before any worker runs), and lazily on first
 * use so that a provider scheduling from its own onModuleInit does not depend on module order.
 * Every ROLE discovers: the api role runs no worker, but `schedule()` still checks names.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private found?: Map<string, JobHandler>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    this.handlers();
  }

  handlers(): ReadonlyMap<string, JobHandler> {
    this.found ??= this.discover();
    return this.found;
  }

  /** A name without a handler would sit in Redis forever (or fail 5 times): refuse it at the call. */
  assertHandled(name: string): void {
    if (!this.handlers().has(name)) {
      const known = [...this.handlers().keys()].sort();
      throw new Error(
        `no @OnJob handler for job "${name}" in this service (known: ${known.length ? known.join(', ') : 'none'})`,
      );
    }
  }

  private discover(): Map<string, JobHandler> {
    const found = new Map<string, JobHandler>();
    const where = new Map<string, string>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const name = this.reflector.get<string | undefined>(JOB_HANDLER, prototype[method]);
        if (!name) continue;
        const owner = `${wrapper.name}.${method}`;
        if (found.has(name)) throw new Error(`two @OnJob handlers for job "${name}": ${where.get(name)} and ${owner}`);
        found.set(name, (instance[method] as JobHandler).bind(instance));
        where.set(name, owner);
      }
    }
    return found;
  }
}
