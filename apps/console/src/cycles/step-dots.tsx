import type { AppraisalStep } from '@cadre/contracts';
import { STEPS } from '../common/enums';
import { useI18n } from '../i18n/i18n';

/** 望 闻 问 切 as four dots, filled when recorded. */
export function StepDots({ done }: { done: AppraisalStep[] }) {
  const { e } = useI18n();
  return (
    <span className="steps">
      {STEPS.map((s) => (
        <span key={s} className={done.includes(s) ? 'done' : ''} title={s}>
          {e(s)}
        </span>
      ))}
    </span>
  );
}
