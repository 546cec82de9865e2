import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { RosterConfig } from './config/roster.config';
import { RosterModule } from './roster.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(RosterConfig);
  await startService({ service: 'roster', module: RosterModule.forRoot(config), port: config.ROSTER_HTTP_PORT });
}

void main().catch((err: Error) => {
  process.stderr.write(`roster failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
