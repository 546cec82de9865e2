import type { ReviewTemplatesView } from '@cadre/contracts';

/**
 * Chinese defaults of the item templates; a tenant may reword them (PUT /review/templates).
 * Item keys are stored in ballots' scores: keep them stable.
 */
export const DEFAULT_TEMPLATES: ReviewTemplatesView = {
  // 民主测评: 德、能、勤、绩、廉.
  democratic: [
    { key: 'morality', name: '德', description: '政治品质和道德品行' },
    { key: 'ability', name: '能', description: '履行职责的业务素质和能力' },
    { key: 'diligence', name: '勤', description: '责任心、工作态度和工作作风' },
    { key: 'performance', name: '绩', description: '完成工作的数量、质量、效率和所产生的效益' },
    { key: 'integrity', name: '廉', description: '廉洁自律' },
  ],
  // 自上而下: 区级领导评价部门，部门评价镇街、开发区.
  top_down: [
    { key: 'political', name: '政治建设', description: '贯彻落实区委决策部署' },
    { key: 'duty', name: '履职尽责', description: '职责范围内工作的完成情况' },
    { key: 'results', name: '工作实绩', description: '重点任务和目标指标完成情况' },
    { key: 'conduct', name: '作风建设', description: '担当作为、真抓实干' },
    { key: 'integrity', name: '党风廉政', description: '落实全面从严治党责任' },
  ],
  // 自下而上: 镇街、开发区从接受工作指导、服务的角度评价区直部门.
  bottom_up: [
    { key: 'work_style', name: '工作作风', description: '作风形象，是否把基层当成“接盘侠”' },
    { key: 'problem_solving', name: '解决问题', description: '帮助基层解决实际问题' },
    { key: 'service_support', name: '服务保障', description: '把服务和保障工作放在第一位' },
    { key: 'efficiency', name: '工作效率', description: '办事效率和响应速度' },
  ],
  // 班子民主测评: the team as a whole. `unity` (团结协作) is the team's 配合度 (cooperation).
  team: [
    { key: 'political', name: '政治建设', description: '贯彻落实上级决策部署，坚持民主集中制' },
    { key: 'leadership', name: '领导能力', description: '谋划发展、统筹协调、推动落实' },
    { key: 'results', name: '工作实绩', description: '重点任务和目标指标完成情况' },
    { key: 'unity', name: '团结协作', description: '班子成员分工协作、配合默契（配合度）' },
    { key: 'conduct', name: '作风建设', description: '担当作为、真抓实干' },
    { key: 'integrity', name: '党风廉政', description: '落实全面从严治党主体责任' },
  ],
};

export const TEMPLATE_NAMES: Record<keyof ReviewTemplatesView, string> = {
  democratic: '民主测评',
  top_down: '自上而下评价',
  bottom_up: '自下而上评价',
  team: '班子民主测评',
};
