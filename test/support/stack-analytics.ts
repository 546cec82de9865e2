import type { INestApplication } from '@nestjs/common';
import { createServiceApp, startServiceApp, validateConfig } from '@cadre/platform';
import { testEnv } from '@cadre/testing';
import { AnalyticsConfig } from '../../apps/analytics/src/config/analytics.config';
import { AnalyticsModule } from '../../apps/analytics/src/analytics.module';

/** The analytics service in this process; ROLE decides whether it runs its consumer and jobs. */
export async function startAnalytics(
  namespace: string,
  overrides: Record<string, string> = {},
): Promise<INestApplication> {
  const config = validateConfig(AnalyticsConfig, testEnv(namespace, overrides));
  const app = await createServiceApp(AnalyticsModule.forRoot(config));
  await startServiceApp(app);
  return app;
}
