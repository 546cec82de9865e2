import 'reflect-metadata';
import { runProjectionReplayCommand } from '@cadre/messaging';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { AnalyticsModule } from './analytics.module';
import { AnalyticsConfig } from './config/analytics.config';
import { PROJECTION_TABLES } from './projections/projection-tables';

async function main(): Promise<void> {
  const config = loadConfigOrExit(AnalyticsConfig);
  // The operator's rebuild of this service's projections from the event stream (docs/operating.md, "Replaying projections").
  if (process.argv[2] === 'replay-projections')
    return runProjectionReplayCommand(config, 'analytics', PROJECTION_TABLES, process.argv.slice(3));
  await startService({
    service: 'analytics',
    module: AnalyticsModule.forRoot(config),
    port: config.ANALYTICS_HTTP_PORT,
  });
}

void main().catch((err: Error) => {
  process.stderr.write(`analytics failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
