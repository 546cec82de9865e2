import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { ChecklistsModule } from './checklists.module';
import { ChecklistsConfig } from './config/checklists.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(ChecklistsConfig);
  await startService({ service: 'checklists', module: ChecklistsModule.forRoot(config), port: config.CHECKLISTS_HTTP_PORT });
}

void main().catch((err: Error) => {
  process.stderr.write(`checklists failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
