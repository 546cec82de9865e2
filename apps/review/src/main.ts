import 'reflect-metadata';
import { runProjectionReplayCommand } from '@cadre/messaging';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { ReviewConfig } from './config/review.config';
import { ReviewModule } from './review.module';
import { PROJECTION_TABLES } from './projections/projection-tables';

async function main(): Promise<void> {
  const config = loadConfigOrExit(ReviewConfig);
  // The operator's rebuild of this service's projections from the event stream (docs/operating.md, "Replaying projections").
  if (process.argv[2] === 'replay-projections')
    return runProjectionReplayCommand(config, 'review', PROJECTION_TABLES, process.argv.slice(3));
  await startService({ service: 'review', module: ReviewModule.forRoot(config), port: config.REVIEW_HTTP_PORT });
}

void main().catch((err: Error) => {
  process.stderr.write(`review failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
