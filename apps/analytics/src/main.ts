import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { AnalyticsModule } from './analytics.module';
import { AnalyticsConfig } from './config/analytics.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(AnalyticsConfig);
  await startService({ service: 'analytics', module: AnalyticsModule.forRoot(config), port: config.ANALYTICS_HTTP_PORT });
}

void main().catch((err: Error) => {
  process.stderr.write(`analytics failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
