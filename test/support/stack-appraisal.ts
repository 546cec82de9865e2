import type { INestApplication } from '@nestjs/common';
import { createServiceApp, startServiceApp, validateConfig } from '@cadre/platform';
import { testEnv } from '@cadre/testing';
import { AppraisalConfig } from '../../apps/appraisal/src/config/appraisal.config';
import { AppraisalModule, AppraisalModuleOptions } from '../../apps/appraisal/src/appraisal.module';

/** The appraisal service in this process; ROLE decides whether it runs its consumer, clock and jobs. */
export async function startAppraisal(
  namespace: string,
  overrides: Record<string, string> = {},
  options: AppraisalModuleOptions = {},
): Promise<INestApplication> {
  const config = validateConfig(AppraisalConfig, testEnv(namespace, overrides));
  const app = await createServiceApp(AppraisalModule.forRoot(config, options));
  await startServiceApp(app);
  return app;
}
