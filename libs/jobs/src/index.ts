// The public face of @cadre/jobs. JobRegistry and JobWorkerHost are internals of JobsModule.
export * from './job-metrics';
export * from './job-queue';
export * from './job-scheduler';
export * from './jobs.module';
export * from './jobs.options';
export * from './on-job.decorator';
