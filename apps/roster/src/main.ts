import 'reflect-metadata';
import { runProjectionReplayCommand } from '@cadre/messaging';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { RosterConfig } from './config/roster.config';
import { PROJECTION_TABLES } from './projections/projection-tables';
import { RosterModule } from './roster.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(RosterConfig);
  // The operator's rebuild of this service's projections from the event stream (docs/operating.md, "Replaying projections").
  if (process.argv[2] === 'replay-projections')
    return runProjectionReplayCommand(config, 'roster', PROJECTION_TABLES, process.argv.slice(3));
  await startService({ service: 'roster', module: RosterModule.forRoot(config), port: config.ROSTER_HTTP_PORT });
}

void main().catch((err: Error) => {
  process.stderr.write(`roster failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
