import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/** Turns readiness off as soon as SIGTERM arrives, so the load balancer stops sending work while we drain. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  beforeApplicationShutdown(): void {
    this.draining = true;
  }
}
