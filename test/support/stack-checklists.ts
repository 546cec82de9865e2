import type { INestApplication } from '@nestjs/common';
import { createServiceApp, startServiceApp, validateConfig } from '@cadre/platform';
import { testEnv } from '@cadre/testing';
import { ChecklistsConfig } from '../../apps/checklists/src/config/checklists.config';
import { ChecklistsModule } from '../../apps/checklists/src/checklists.module';

/** The checklists service in this process; ROLE decides whether it runs its consumer and jobs. */
export async function startChecklists(
  namespace: string,
  overrides: Record<string, string> = {},
): Promise<INestApplication> {
  const config = validateConfig(ChecklistsConfig, testEnv(namespace, overrides));
  const app = await createServiceApp(ChecklistsModule.forRoot(config));
  await startServiceApp(app);
  return app;
}
