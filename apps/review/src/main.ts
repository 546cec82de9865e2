import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { ReviewConfig } from './config/review.config';
import { ReviewModule } from './review.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(ReviewConfig);
  await startService({ service: 'review', module: ReviewModule.forRoot(config), port: config.REVIEW_HTTP_PORT });
}

void main().catch((err: Error) => {
  process.stderr.write(`review failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
