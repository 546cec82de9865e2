import 'reflect-metadata';
import { runProjectionReplayCommand } from '@cadre/messaging';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { ChecklistsModule } from './checklists.module';
import { ChecklistsConfig } from './config/checklists.config';
import { PROJECTION_TABLES } from './projections/projection-tables';

async function main(): Promise<void> {
  const config = loadConfigOrExit(ChecklistsConfig);
  // The operator's rebuild of this service's projections from the event stream (docs/operating.md, "Replaying projections").
  if (process.argv[2] === 'replay-projections')
    return runProjectionReplayCommand(config, 'checklists', PROJECTION_TABLES, process.argv.slice(3));
  await startService({
    service: 'checklists',
    module: ChecklistsModule.forRoot(config),
    port: config.CHECKLISTS_HTTP_PORT,
  });
}

void main().catch((err: Error) => {
  process.stderr.write(`checklists failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
