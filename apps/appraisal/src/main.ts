import 'reflect-metadata';
import { runProjectionReplayCommand } from '@cadre/messaging';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { AppraisalModule } from './appraisal.module';
import { AppraisalConfig } from './config/appraisal.config';
import { PROJECTION_TABLES } from './projections/projection-tables';

async function main(): Promise<void> {
  const config = loadConfigOrExit(AppraisalConfig);
  // The operator's rebuild of this service's projections from the event stream (docs/operating.md, "Replaying projections").
  if (process.argv[2] === 'replay-projections')
    return runProjectionReplayCommand(config, 'appraisal', PROJECTION_TABLES, process.argv.slice(3));
  await startService({
    service: 'appraisal',
    module: AppraisalModule.forRoot(config),
    port: config.APPRAISAL_HTTP_PORT,
  });
}

void main().catch((err: Error) => {
  process.stderr.write(`appraisal failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
