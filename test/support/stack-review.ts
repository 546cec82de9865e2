import type { INestApplication } from '@nestjs/common';
import { createServiceApp, startServiceApp, validateConfig } from '@cadre/platform';
import { testEnv } from '@cadre/testing';
import { ReviewConfig } from '../../apps/review/src/config/review.config';
import { ReviewModule } from '../../apps/review/src/review.module';

/** The review service in this process; ROLE decides whether it runs its consumer and results publisher. */
export async function startReview(
  namespace: string,
  overrides: Record<string, string> = {},
): Promise<INestApplication> {
  const config = validateConfig(ReviewConfig, testEnv(namespace, { RESULTS_DEBOUNCE_MS: '300', ...overrides }));
  const app = await createServiceApp(ReviewModule.forRoot(config));
  await startServiceApp(app);
  return app;
}
