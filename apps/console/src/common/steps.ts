import type { AppraisalStep, AppraisalView, StepContents } from '@cadre/contracts';

/**
 * What was recorded for one step of an appraisal. The contract types `steps` as holding any step's
 * content under every key; the service stores each step's own under its name, so the narrowing is here,
 * once, instead of a cast at every screen that reads a field of it.
 */
export function stepContent<S extends AppraisalStep>(appraisal: AppraisalView, step: S): StepContents[S] | undefined {
  return appraisal.steps[step]?.content as StepContents[S] | undefined;
}
