import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { AppraisalModule } from './appraisal.module';
import { AppraisalConfig } from './config/appraisal.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(AppraisalConfig);
  await startService({ service: 'appraisal', module: AppraisalModule.forRoot(config), port: config.APPRAISAL_HTTP_PORT });
}

void main().catch((err: Error) => {
  process.stderr.write(`appraisal failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
