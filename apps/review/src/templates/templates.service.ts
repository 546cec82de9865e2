import { Injectable } from '@nestjs/common';
import {
  FieldError,
  RequestContext,
  ReviewItemView,
  ReviewTemplatesView,
  UpdateReviewTemplatesCommand,
} from '@cadre/contracts';
import { requireOfficer, RpcError } from '@cadre/messaging';
import { DEFAULT_TEMPLATES } from './default-templates';
import { TemplatesRepository } from './templates.repository';

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** Problems of a template set: each template 1–12 items, keys unique and code-like. */
export function templateProblems(templates: ReviewTemplatesView): FieldError[] {
  const problems: FieldError[] = [];
  for (const name of Object.keys(DEFAULT_TEMPLATES) as Array<keyof ReviewTemplatesView>) {
    const items: ReviewItemView[] = templates[name] ?? [];
    if (items.length < 1 || items.length > 12)
      problems.push({ field: name, message: '每个模板需要 1 至 12 个测评项目' });
    const keys = items.map((i) => i.key);
    if (new Set(keys).size !== keys.length) problems.push({ field: name, message: '测评项目的 key 不能重复' });
    items.forEach((item, i) => {
      if (!KEY.test(item.key))
        problems.push({ field: `${name}[${i}].key`, message: 'key 只能由小写字母、数字和下划线组成，以字母开头' });
    });
  }
  return problems;
}

/** Item templates per tenant, with the Chinese defaults until the tenant saves its own. */
@Injectable()
export class TemplatesService {
  constructor(private readonly repository: TemplatesRepository) {}

  async of(tenantId: string): Promise<ReviewTemplatesView> {
    return { ...DEFAULT_TEMPLATES, ...((await this.repository.findTemplates(tenantId)) ?? {}) };
  }
  templates(_payload: unknown, ctx: RequestContext): Promise<ReviewTemplatesView> {
    requireOfficer(ctx, '查看测评模板');
    return this.of(ctx.tenantId);
  }

  /** New campaigns use the new wording; running campaigns keep the items they were created with. */
  async update(payload: UpdateReviewTemplatesCommand, ctx: RequestContext): Promise<ReviewTemplatesView> {
    requireOfficer(ctx, '修改测评模板');
    const templates: ReviewTemplatesView = {
      democratic: payload.democratic,
      top_down: payload.top_down,
      bottom_up: payload.bottom_up,
      team: payload.team ?? (await this.of(ctx.tenantId)).team,
    };
    const problems = templateProblems(templates);
    if (problems.length > 0) throw RpcError.rule('测评模板不合理', problems);
    await this.repository.saveTemplates(ctx.tenantId, templates);
    return templates;
  }
}
