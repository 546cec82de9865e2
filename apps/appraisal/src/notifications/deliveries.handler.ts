import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { OnJob } from '@cadre/jobs';
import { DELIVER_JOB, DeliverData, Deliveries } from './deliveries';

/** The delivery jobs. A provider, not a controller: the job registry finds its handlers among the providers. */
@Injectable()
export class DeliveriesHandler {
  constructor(private readonly deliveries: Deliveries) {}

  @OnJob(DELIVER_JOB)
  deliver(data: DeliverData, job: Job<DeliverData>): Promise<void> {
    return this.deliveries.deliver(data, job);
  }
}
