/**
 * What the API document says of each operation beyond what the code declares: its Chinese summary, what
 * it changes and the events it causes, the errors only its service gives (409, 422 …), and whether it is
 * a list. The roles, the token, the path ids, Idempotency-Key, the success status and body, and the
 * errors every route can give (400, 401, 403, 404, 429) come from the routes themselves (openapi.ts).
 * Keyed by operationId (`<Controller>_<method>`); openapi.ts refuses a route missing here.
 */
export interface OperationDoc {
  summary: string;
  description: string;
  /** Error statuses this operation's service answers beyond the ones every route can give. */
  errors?: number[];
  /** `{ items, nextCursor }` with ?limit=&cursor= (docs/api.md "Lists"). */
  list?: true;
  /** Success bodies other than JSON (a route that writes its own response). */
  media?: Record<string, { schema: Record<string, unknown> }>;
  /** A route that only ever refuses (it names what does not exist). */
  refusesOnly?: true;
}

const binary = { type: 'string', format: 'binary' };
const html = { type: 'string' };

export const OPERATIONS: Record<string, OperationDoc> = {
  // auth 登录
  AuthController_login: {
    summary: '登录',
    description:
      '以单位代码、用户名和密码换取访问令牌（Bearer JWT）。连续失败后该账号被临时锁定（429）。不改变数据，不产生事件。',
    errors: [401],
  },
  AuthController_logout: {
    summary: '退出登录',
    description: '使当前用户的全部访问令牌失效（令牌版本加一）。不产生事件。',
  },
  // tenants / users
  TenantsController_create: {
    summary: '新建单位（租户）及其组织部管理员',
    description: '平台管理员建立一个租户和它的第一个组织部用户（org_officer）。不产生事件。',
    errors: [409],
  },
  TenantsController_list: { summary: '租户列表', description: '平台的全部租户。只读。', list: true },
  UsersController_create: {
    summary: '新建用户',
    description: '在本单位新建用户并授予角色；cadre 角色须关联本单位干部，unit_leader 须关联单位。不产生事件。',
    errors: [409, 422],
  },
  UsersController_list: { summary: '用户列表', description: '本单位的用户。只读。', list: true },
  UsersController_get: { summary: '查看用户', description: '本单位的一个用户。只读。' },
  UsersController_update: {
    summary: '修改用户',
    description: '修改角色、关联干部或单位、停用；角色或停用变化使该用户的令牌失效。不产生事件。',
    errors: [422],
  },
  UsersController_resetPassword: {
    summary: '重置用户密码',
    description: '为本单位用户设置新密码，该用户的全部访问令牌失效。不产生事件。',
    errors: [422],
  },
  MeController_changePassword: {
    summary: '修改本人密码',
    description: '核对旧密码后设置新密码，本人全部访问令牌失效。不产生事件。',
    errors: [422],
  },
  // roster 花名册
  FieldsController_create: {
    summary: '新增领域（系统）',
    description: '新增横向比对所用的领域。产生事件 roster.field.created。',
    errors: [409],
  },
  FieldsController_list: { summary: '领域列表', description: '本单位的领域。只读。', list: true },
  UnitsController_create: {
    summary: '新增单位',
    description: '新增花名册中的单位（部门、乡镇等）。产生事件 roster.unit.created。',
    errors: [409, 422],
  },
  UnitsController_list: { summary: '单位列表', description: '按种类或领域筛选的单位。只读。', list: true },
  UnitsController_get: { summary: '查看单位', description: '一个单位。只读。' },
  UnitsController_update: {
    summary: '修改单位',
    description: '修改单位的名称、代码、种类或领域。产生事件 roster.unit.updated。',
    errors: [409, 422],
  },
  TeamsController_create: {
    summary: '新建领导班子',
    description: '为单位新建领导班子。产生事件 roster.team.created。',
    errors: [409, 422],
  },
  TeamsController_list: { summary: '领导班子列表', description: '本单位的领导班子，可按单位筛选。只读。', list: true },
  TeamsController_get: { summary: '查看领导班子', description: '领导班子及其成员。只读。' },
  TeamsController_update: {
    summary: '修改领导班子',
    description: '修改班子名称。产生事件 roster.team.updated。',
    errors: [409, 422],
  },
  CadresController_create: {
    summary: '新增干部',
    description: '录入干部，建立干部动态档案（版本 1）。产生事件 roster.cadre.created。',
    errors: [409, 422],
  },
  CadresController_list: {
    summary: '干部列表',
    description: '按单位、班子、领域、状态、标签或姓名筛选干部；unit_leader 只看到本单位干部。只读。',
    list: true,
  },
  CadresController_get: { summary: '查看干部', description: '干部的当前版本。只读。' },
  CadresController_update: {
    summary: '修改干部信息',
    description: '有变化时形成新的历史版本。产生事件 roster.cadre.updated。',
    errors: [409, 422],
  },
  CadresController_transfer: {
    summary: '干部调动',
    description: '调往另一单位或班子，形成新的历史版本。产生事件 roster.cadre.transferred。',
    errors: [409, 422],
  },
  CadresController_history: {
    summary: '干部历史版本',
    description: '干部动态档案的每个版本，从早到晚。只读。',
    list: true,
  },
  RosterFilesController_import: {
    summary: '导入花名册',
    description:
      '上传 CSV 或 XLSX（表头中英文均可）；dryRun=true 只校验。任何一行有错时整批不写入，422 附每行的错误。' +
      '写入的干部产生 roster.cadre.created / roster.cadre.updated / roster.team.created。',
    errors: [413, 415, 422],
  },
  RosterFilesController_export: {
    summary: '导出花名册（XLSX）',
    description: '按筛选条件导出花名册，格式与导入相同（导出的文件可原样导回）。只读。',
    media: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: binary } },
  },
  RosterFilesController_settings: { summary: '花名册设置', description: '年轻干部年龄线等设置。只读。' },
  RosterFilesController_updateSettings: {
    summary: '修改花名册设置',
    description: '修改年轻干部年龄线等设置。不产生事件。',
    errors: [422],
  },
  // checklists 三张清单
  ChecklistsController_dimensions: { summary: '政治体检维度', description: '6 个维度及其指标。只读。' },
  ChecklistsController_updateDimensions: {
    summary: '修改政治体检维度',
    description: '修改各维度的指标。不产生事件。',
    errors: [422],
  },
  ChecklistsController_rule: { summary: '政治体检判定规则', description: '红线、重大、一般问题的判定阈值。只读。' },
  ChecklistsController_updateRule: {
    summary: '修改政治体检判定规则',
    description: '修改判定阈值；结论随之变化的干部产生 checklists.political.verdict_changed。',
    errors: [422],
  },
  ChecklistsController_observe: {
    summary: '记录政治表现',
    description:
      '为干部记录一条政治表现观察（首关不过，余关莫论）。结论变化时产生 checklists.political.verdict_changed。',
    errors: [422],
  },
  ChecklistsController_politicalFile: {
    summary: '政治体检档案',
    description: '干部的政治体检结论、各维度和观察记录；只有组织部和被指派的考核组成员可看，每次查看都留痕。',
  },
  ChecklistsController_addResponsibility: {
    summary: '新增责任清单事项',
    description: '为干部新增一条责任清单事项。不产生事件。',
    errors: [422],
  },
  ChecklistsController_responsibilities: {
    summary: '责任清单',
    description: '干部的责任清单事项及其履职记录和评价。只读。',
    list: true,
  },
  ChecklistsController_fulfil: {
    summary: '记录履职情况',
    description: '为责任清单事项记录一次履职。不产生事件。',
    errors: [422],
  },
  ChecklistsController_rate: {
    summary: '评价责任履行',
    description: '组织部或所在单位领导评价责任清单事项。不产生事件。',
    errors: [422],
  },
  ChecklistsController_priorities: { summary: '年度重点工作', description: '本年度的重点工作。只读。' },
  ChecklistsController_updatePriorities: {
    summary: '修改年度重点工作',
    description: '替换本年度的重点工作。不产生事件。',
    errors: [422],
  },
  ChecklistsController_addTask: {
    summary: '新增任务清单任务',
    description: '在干部某年的任务清单（草稿或退回状态）中新增任务。不产生事件。',
    errors: [409, 422],
  },
  ChecklistsController_taskList: {
    summary: '任务清单',
    description: '干部某年的任务清单：状态、任务、完成度和流转记录。只读。',
  },
  ChecklistsController_transition: {
    summary: '任务清单流转',
    description:
      'submit、approve、return（附理由）、sign（干部本人签订承诺书）、amend（干部本人，附理由）。' +
      'sign 产生 checklists.tasklist.signed。',
    errors: [409, 422],
  },
  ChecklistsController_overdueTasks: {
    summary: '逾期任务',
    description: '本单位逾期未完成的任务（任务逾期预警），截止日期晚的在前。只读。',
    list: true,
  },
  ChecklistsController_progress: {
    summary: '填报任务进展',
    description: '干部填报任务进展。产生事件 checklists.task.progressed。',
    errors: [409, 422],
  },
  // appraisal 考核周期
  CyclesController_create: {
    summary: '新建考核周期',
    description: '新建周期（scheduled），到 opensAt / closesAt 自动开启和关闭。产生事件 appraisal.cycle.scheduled。',
    errors: [409, 422],
  },
  CyclesController_list: { summary: '考核周期列表', description: '本单位的考核周期，新的在前。只读。', list: true },
  CyclesController_get: { summary: '查看考核周期', description: '一个考核周期。只读。' },
  CyclesController_open: {
    summary: '开启考核周期',
    description: '在 opensAt 之前手动开启；只有 scheduled 的周期可以开启。产生事件 appraisal.cycle.opened。',
    errors: [409],
  },
  CyclesController_close: {
    summary: '关闭考核周期',
    description: '在 closesAt 之前手动关闭；只有 open 的周期可以关闭。产生事件 appraisal.cycle.closed。',
    errors: [409],
  },
  CyclesController_publish: {
    summary: '发布考核结果',
    description: '发布结果（考用结合）；只有 closed 的周期可以发布。产生事件 appraisal.cycle.published。',
    errors: [409, 422],
  },
  CyclesController_schedule: { summary: '周期计划', description: '半年度考核周期的自动计划。只读。' },
  CyclesController_putSchedule: {
    summary: '设置周期计划',
    description: '设置半年度周期的开启和关闭时间（按本单位时区），答复中给出下一个将创建的周期。不产生事件。',
    errors: [422],
  },
  CyclesController_createGroup: {
    summary: '新建考核组',
    description: '新建考核组：成员（assessor 角色的用户）和考核对象。产生事件 appraisal.group.updated。',
    errors: [409, 422],
  },
  CyclesController_groups: {
    summary: '考核组列表',
    description: '本单位的考核组；assessor 只看到自己所在的组。只读。',
    list: true,
  },
  CyclesController_updateGroup: {
    summary: '调整考核组',
    description: '调整成员或考核对象并记录原因。产生事件 appraisal.group.updated。',
    errors: [409, 422],
  },
  CyclesController_groupChanges: {
    summary: '考核组变更记录',
    description: '考核组的每次调整：谁加入、谁离开、为什么。只读。',
    list: true,
  },
  CyclesController_look: {
    summary: '记录“望”',
    description: '记录考核的第一个环节（望）。产生事件 appraisal.step.recorded。',
    errors: [409, 422],
  },
  CyclesController_listen: {
    summary: '记录“闻”',
    description: '记录第二个环节（闻；民主测评结果来自测评）。产生事件 appraisal.step.recorded。',
    errors: [409, 422],
  },
  CyclesController_ask: {
    summary: '记录“问”',
    description: '记录第三个环节（问）。产生事件 appraisal.step.recorded。',
    errors: [409, 422],
  },
  CyclesController_apply: {
    summary: '记录“切”（结论）',
    description:
      '记录结论；政治体检结论为 attention 或 fail 时不能评为 excellent（422）。产生事件 appraisal.step.recorded。',
    errors: [409, 422],
  },
  CyclesController_unknownStep: {
    summary: '不存在的考核环节',
    description: '除 look、listen、ask、apply 以外的环节一律 404。',
    refusesOnly: true,
  },
  // 班子考核 (team appraisal)
  TeamAppraisalsController_list: {
    summary: '班子考核列表',
    description:
      '周期内各单位领导班子的望闻问切记录：组织部看全部，考核组成员看所负责单位的班子，单位领导在结果发布后看本单位班子。只读。',
    list: true,
  },
  TeamAppraisalsController_look: {
    summary: '班子考核：望',
    description:
      '查阅班子述职报告、工作总结等材料；由负责该单位的考核组填写，按望闻问切顺序。产生事件 appraisal.team_step.recorded。',
    errors: [409, 422],
  },
  TeamAppraisalsController_listen: {
    summary: '班子考核：闻',
    description: '班子民主测评情况与反馈。产生事件 appraisal.team_step.recorded。',
    errors: [409, 422],
  },
  TeamAppraisalsController_ask: {
    summary: '班子考核：问',
    description: '谈话了解班子存在的问题。产生事件 appraisal.team_step.recorded。',
    errors: [409, 422],
  },
  TeamAppraisalsController_apply: {
    summary: '班子考核：切',
    description:
      '班子得分、运行状态（好/较好/一般/较差）、存在问题、整改要求和调整建议；顺序不对 409。产生事件 appraisal.team_step.recorded，并使班子排名重新计算。',
    errors: [409, 422],
  },
  TeamAppraisalsController_unknownStep: {
    summary: '不存在的班子考核环节',
    description: '除 look、listen、ask、apply 以外的环节一律 404。',
    refusesOnly: true,
  },
  CyclesController_appraisals: {
    summary: '周期内的考核记录',
    description: '每个考核对象已完成的环节、下一环节、民主测评和政治体检结论；cadre 只看到本人。只读。',
    list: true,
  },
  CyclesController_addWartime: {
    summary: '记录战时表现',
    description:
      '为随机考核（如疫情防控）记录干部的战时表现：六项素质（政治素质、大局观念、责任意识、担当精神、斗争本领、组织领导能力）各自的等次和具体事例，以及现场跟踪的本人任务清单任务（核验进度）。产生事件 appraisal.wartime.recorded（v2）。',
    errors: [409, 422],
  },
  CyclesController_wartimeFile: {
    summary: '战时档案',
    description:
      '干部的战时表现记录、汇总和逐周情况；按主题的六项素质变化和长期表现（各周参与和表现，不只看一时请战）。只读。',
  },
  NotificationsController_list: {
    summary: '我的通知',
    description: '当前用户的通知和未读总数，新的在前。只读。',
    list: true,
  },
  NotificationsController_readAll: { summary: '全部标为已读', description: '当前用户的全部通知标为已读。不产生事件。' },
  NotificationsController_read: { summary: '标为已读', description: '一条通知标为已读。不产生事件。' },
  NotificationsController_channels: {
    summary: '通知渠道',
    description: 'Webhook 和 SMTP 设置，密钥以掩码读回。只读。',
  },
  NotificationsController_putChannels: {
    summary: '设置通知渠道',
    description: '设置 Webhook（签名、失败重试）和 SMTP。不产生事件。',
    errors: [422],
  },
  // review 双向考核与民主测评
  ReviewController_templates: { summary: '测评项目模板', description: '民主测评、上评下、下评上的测评项目。只读。' },
  ReviewController_updateTemplates: {
    summary: '修改测评项目模板',
    description: '修改测评项目，对之后新建的测评活动生效。不产生事件。',
    errors: [422],
  },
  ReviewController_settings: { summary: '测评设置', description: '匿名阈值 minGroupSize（3–20，默认 5）。只读。' },
  ReviewController_updateSettings: {
    summary: '修改测评设置',
    description: '修改匿名阈值；已关闭周期的结果按新阈值重新发布（review.results.updated）。',
    errors: [422],
  },
  ReviewController_create: {
    summary: '新建测评活动',
    description: '为周期新建测评活动并发放投票码；投票码只在这一次答复中给出。不产生事件。',
    errors: [409, 422],
  },
  ReviewController_list: { summary: '测评活动列表', description: '周期内的测评活动。只读。', list: true },
  ReviewController_get: { summary: '查看测评活动', description: '一个测评活动。只读。' },
  ReviewController_participation: { summary: '参评率', description: '已发放和已投票数及各组参评率。只读。' },
  ReviewController_results: {
    summary: '测评结果',
    description: '每个测评对象的结果；周期关闭后才有（之前 409），样本不足的对象不予显示。只读。',
    errors: [409],
    list: true,
  },
  ReviewController_twoWay: {
    summary: '双向考核结果',
    description: '各单位上评下与下评上的得分及差距；周期关闭后才有（之前 409）。只读。',
    errors: [409],
    list: true,
  },
  BallotsController_form: {
    summary: '投票表单（无需登录）',
    description: '凭投票码取得测评表单（JSON），或以 Accept: text/html 取得手机投票页。只读。',
    media: { 'text/html': { schema: html } },
  },
  BallotsController_cast: {
    summary: '投票（无需登录）',
    description:
      '凭投票码投一次票；投票码用过或周期未开启时 409，评价本单位或活动外的对象时 422。' +
      '周期关闭后按测评活动汇总产生 review.ballot.cast（匿名）。',
    errors: [409, 422],
  },
  // analytics 比对考核
  AnalyticsController_rankings: {
    summary: '排名',
    description: '按范围（纵向、横向）的最新排名，并列同名次（1, 2, 2, 4）。只读。',
    list: true,
  },
  AnalyticsController_recompute: {
    summary: '立即重新计算排名',
    description: '立即重新计算周期排名（平时在每次输入后延迟计算）。产生事件 analytics.rankings.recomputed。',
  },
  AnalyticsController_coordinates: {
    summary: '综合评价坐标系',
    description:
      '每名干部的横向（x）和纵向（y）百分位及所在象限；?subject=team 为领导班子坐标系（x 领域内、y 全部班子中的百分位，仅组织部和单位领导）。只读。',
  },
  AnalyticsController_trend: {
    summary: '干部成绩趋势',
    description:
      '干部历次周期的综合得分和名次、趋势方向及预警；?by=year 为历年年度综合评价的得分和名次（每年一个点）。只读。',
  },
  AnalyticsController_weights: { summary: '综合得分权重', description: '望闻问切各部分的权重。只读。' },
  AnalyticsController_putWeights: {
    summary: '修改综合得分权重',
    description: '修改权重，本单位每个周期重新排名（analytics.rankings.recomputed）。',
    errors: [422],
  },
  AnalyticsController_cadreDossier: {
    summary: '一干部一档案（综合分析报告）',
    description:
      'JSON；?format=html 为可打印的报告（A4，含趋势图和坐标系图，标注内部资料和页码），?format=pdf 为其 PDF。含性格特点、擅长领域与短板、问的环节发现的问题、责任清单、任务清单、战时档案、谈话、奖励、排名趋势、坐标系位置和按规则生成的综合分析；政治体检结论仅对可查阅政治档案的读者显示。每次查看都留痕。',
    media: { 'text/html': { schema: html }, 'application/pdf': { schema: binary } },
  },
  AnalyticsController_teamDossier: {
    summary: '一班子一档案（综合分析报告）',
    description:
      'JSON；?format=html 为可打印的报告，?format=pdf 为其 PDF；members=true 时在班子档案后附每位可查阅成员的干部档案。含班子结构（年龄段、性别、学历、年轻干部占比、主要负责人、空缺）、班子运行状态、问题与整改事项、班子综合得分趋势、成员坐标系、双向考核、配合度和综合分析。每次查看都留痕。',
    media: { 'text/html': { schema: html }, 'application/pdf': { schema: binary } },
  },
  DossierExportsController_start: {
    summary: '领域班子档案归档（ZIP）',
    description:
      '组织部为一个领域的全部班子生成档案归档：每个班子一份 PDF（班子及其成员），打包为 ZIP。立即返回 202 和任务编号，生成在后台进行，用 GET /dossier-exports/:id 查询进度。服务器未安装 Chromium 时为 501。不改变业务数据，不产生事件。',
  },
  DossierExportsController_status: {
    summary: '档案归档进度',
    description: '状态 running / done / failed，已完成和总班子数。只读。',
  },
  DossierExportsController_file: {
    summary: '下载档案归档',
    description: '完成后下载 ZIP（每个班子一份 PDF）；未完成或失败时 409。',
    errors: [409],
    media: { 'application/zip': { schema: binary } },
  },
  AnalyticsController_selection: {
    summary: '选拔推荐人选',
    description: '考用结合：各领域横向排名靠前且政治体检通过的干部及其构成。只读。',
    errors: [409],
    list: true,
  },
  AnalyticsController_underperformers: {
    summary: '考管联动名单',
    description: '需要谈话的干部（政治体检、末位、连续下滑、基本称职或不称职）。只读。',
    errors: [409],
    list: true,
  },
  AnalyticsController_addBatch: {
    summary: '记录调整批次',
    description:
      '记录一批干部调整的方案（moves：提拔、调任、交流、调整，每人一项，含生效日期），为草案；或按旧格式只记录名单（cadreIds）。在决定前不调动任何人。不产生事件。',
    errors: [422],
  },
  AnalyticsController_batch: {
    summary: '查看调整批次',
    description:
      '批次的方案及其统计：调整人数、年轻干部占比（按本单位 youngAgeLimit、生效日期的年龄）、优秀年轻干部占比（最近一个已发布定期考核评为优秀）、?topic= 随机考核中表现突出者占比，按单位类别分列。只读。',
  },
  AnalyticsController_decideBatch: {
    summary: '决定调整批次（不可撤销）',
    description:
      '把批次的每项调整作为干部调动交给干部库执行（按干部库的规则，产生 roster.cadre.transferred 事件），历史记录以该批次为原因。全部执行或全部不执行；再次决定为 409，不会重复调动。',
    errors: [409, 422],
  },
  AnalyticsController_selectionStatistics: {
    summary: '干部调整统计',
    description:
      '某一时期（按生效日期，含首尾）已决定和旧格式批次中调整的干部：人数、年轻干部、优秀年轻干部、?topic= 中表现突出者的人数与占比，按单位类别分列。只读。',
  },
  AnalyticsController_batches: { summary: '调整批次', description: '调整批次及其构成统计。只读。', list: true },
  AnalyticsController_addTalk: {
    summary: '记录谈话',
    description: '记录考管联动的谈话。不产生事件。',
    errors: [422],
  },
  AnalyticsController_talks: { summary: '谈话记录', description: '考管联动的谈话记录。只读。', list: true },
  AnalyticsController_sandbox: {
    summary: '选配沙盘',
    description: '试算干部调动前后各班子的指标；不改变任何数据。',
    errors: [422],
  },
  AnalyticsController_saveScenario: {
    summary: '保存沙盘方案',
    description:
      '选配沙盘：保存一组模拟调整（按沙盘的规则检查），以后可查看或转为调整批次。不改变干部数据，不产生事件。',
    errors: [422],
  },
  AnalyticsController_scenarios: { summary: '沙盘方案', description: '保存的选配沙盘方案。只读。', list: true },
  AnalyticsController_scenario: { summary: '查看沙盘方案', description: '方案的调整及由它生成的批次。只读。' },
  AnalyticsController_scenarioBatch: {
    summary: '沙盘方案转为调整批次',
    description: '以方案的各项调整生成一个调整批次（草案）；决定后才调动。不产生事件。',
    errors: [422],
  },
  AnalyticsController_createAward: {
    summary: '新建表彰',
    description: '正向激励：按名额生成候选人和建议名单（向基层倾斜）。不产生事件。',
    errors: [409, 422],
  },
  AnalyticsController_awards: { summary: '表彰列表', description: '本单位的表彰。只读。', list: true },
  AnalyticsController_award: {
    summary: '查看表彰',
    description: '候选人、建议名单或获奖者及其事迹；已公示的表彰本单位所有人可看。只读。',
  },
  AnalyticsController_decideAward: {
    summary: '确定获奖者',
    description: '从候选人中确定获奖者。不产生事件。',
    errors: [409, 422],
  },
  AnalyticsController_awardStory: {
    summary: '填写获奖事迹',
    description: '为获奖者填写事迹。不产生事件。',
    errors: [409, 422],
  },
  AnalyticsController_publishAward: {
    summary: '公示表彰',
    description: '公示获奖者及其事迹。不产生事件。',
    errors: [409, 422],
  },
  AnalyticsController_issueRecommendation: {
    summary: '发放民主推荐票',
    description:
      '正向激励·民主推荐：为评选的候选人发放推荐票，每位推荐人一个一次性票码（只在本次回答中出现，仅保存其散列），每票最多推荐 N 人。不产生事件。',
    errors: [409, 422],
  },
  AnalyticsController_closeRecommendation: {
    summary: '结束民主推荐并计票',
    description:
      '结束推荐、计票：候选人按得票数排序，得票相同按综合得分；票数少于匿名阈值时不显示、不使用票数。再次调用得到同一结果。不产生事件。',
    errors: [409],
  },
  RecommendationBallotsController_form: {
    summary: '民主推荐票',
    description: '凭一次性票码（无需登录）查看候选人和每票最多推荐人数。只读。',
    errors: [409],
  },
  RecommendationBallotsController_cast: {
    summary: '投民主推荐票',
    description:
      '凭一次性票码（无需登录）推荐最多 N 名候选人；一码一票，超过 N 人、非候选人或重复为 422，已投或推荐已结束为 409。只保存各候选人的票数，不保存选票。不产生事件。',
    errors: [409, 422],
  },
  // 班子排名 (team rankings)
  TeamRankingsController_list: {
    summary: '班子排名',
    description:
      '周期内各领导班子的综合得分（班子切的得分、班子民主测评、部门的自下而上评价、班子成员综合得分的平均，按已有部分重新归一）和领域内名次，并列同名次；组织部看全部，单位领导只看本单位班子。只读。',
    list: true,
  },
  TeamRankingsController_trend: {
    summary: '班子历年趋势',
    description: '领导班子在各个已发布定期考核周期的综合得分和名次，从早到晚。只读。',
  },
  // 年度综合评价 (the annual evaluation)
  AnnualController_evaluate: {
    summary: '生成年度综合评价',
    description:
      '按当年已发布的定期考核周期（封存的综合得分）、随机考核和民主测评，以年度权重（按已有部分重新归一）计算每名干部和每个领导班子的年度综合得分和名次，政治体检按年末的结论把关；结果即时冻结并封存进本单位的考核记录哈希链。当年第二个定期考核周期发布后自动生成（年末前发布的，在年末生成）；已生成的再次调用原样返回。年度未结束、当年有定期考核周期未发布或尚未封存时 409。产生事件 analytics.annual.published。',
    errors: [409],
  },
  AnnualController_evaluation: {
    summary: '年度综合评价',
    description: '某年度综合评价的来源周期、权重、把关时点、人数及其封存摘要；尚未生成时 404。只读。',
  },
  AnnualController_rankings: {
    summary: '年度排名',
    description:
      '年度综合得分按范围（纵向：班子内；横向：领域内）的排名，并列同名次（1, 2, 2, 4），政治体检不通过者不排名。范围规则同周期排名。只读。',
    list: true,
  },
  AnnualController_coordinates: {
    summary: '年度综合评价坐标系',
    description:
      '每名干部年度的横向（x）和纵向（y）百分位及所在象限；?subject=team 为各领导班子（x 领域内，y 全区班子中）。只读。',
  },
  AnnualController_record: {
    summary: '年度考核记录（封存）',
    description:
      '年度综合评价封存的记录（kind annual）：权重、把关时点、来源周期、每名干部和每个班子的年度行，及其 sha256 摘要和上一条记录的摘要（与周期记录同一条哈希链）。只读。',
  },
  AnnualController_weights: {
    summary: '年度综合评价权重',
    description: '定期考核、随机考核、民主测评三部分的年度权重（默认 0.6、0.2、0.2）。只读。',
  },
  AnnualController_putWeights: {
    summary: '修改年度综合评价权重',
    description: '修改此后生成的年度综合评价的权重；已生成的年度结果不变。不产生事件。',
    errors: [422],
  },
  TeamRankingsController_weights: {
    summary: '班子综合得分权重',
    description: '班子切、班子民主测评、自下而上评价、成员平均四部分的权重（未设置时为默认值）。只读。',
  },
  TeamRankingsController_putWeights: {
    summary: '修改班子综合得分权重',
    description:
      '修改班子综合得分权重，本单位未关闭的周期重新排名（analytics.team_rankings.recomputed）；已关闭的周期保留关闭时的权重。',
    errors: [422],
  },
  // 校准 and the sealed record
  CalibrationController_calibration: {
    summary: '校准表',
    description:
      '已关闭周期的校准表：每名干部的综合得分、等次和校准值，等次分布与优秀比例上限，以及全部校准记录（谁、何时、由何到何、理由）。只读。',
    errors: [409],
  },
  CalibrationController_adjust: {
    summary: '校准一名干部的等次或综合得分',
    description:
      '在关闭之后、发布之前校准一个值（等次或综合得分），必须写明理由；原值保留，排名按校准值重算；政治体检不通过不得评为优秀（422）；发布前或发布后 409。产生事件 analytics.calibration.adjusted。',
    errors: [409, 422],
  },
  CalibrationController_cycleGuideline: {
    summary: '本周期的优秀比例上限',
    description: '为一个周期另定优秀比例上限（覆盖本单位的），写明理由。产生事件 analytics.grade_guideline.updated。',
    errors: [409, 422],
  },
  CalibrationController_gradeGuideline: {
    summary: '优秀比例上限',
    description: '本单位的优秀比例上限（默认 0.2）。只读。',
  },
  CalibrationController_putGradeGuideline: {
    summary: '设置优秀比例上限',
    description:
      '设置本单位的优秀比例上限；发布时校准后的优秀比例超过上限须写明理由。产生事件 analytics.grade_guideline.updated。',
    errors: [422],
  },
  CalibrationController_record: {
    summary: '考核记录（封存）',
    description:
      '已发布周期封存的记录：排名行、权重、关闭时的快照和班子排名，及其 sha256 摘要和上一条记录的摘要（哈希链）。发布前或封存前 404。只读。',
  },
  CalibrationController_verify: {
    summary: '核验考核记录',
    description:
      '按当前存储的数据重算本单位每一条封存记录（周期记录和年度记录）的摘要并核对哈希链，报告不一致的记录。只读。',
  },
  // 双向考核意见与整改 (two-way opinions and rectification)
  RectificationsController_recordOpinion: {
    summary: '记录双向考核意见',
    description:
      '组织部对一个单位的双向考核意见及整改事项（每项有期限）；周期须已关闭。期限到而未完成的事项由作业标记为逾期并通知。产生事件 review.rectification.overdue（逾期时）。',
    errors: [409, 422],
  },
  RectificationsController_progress: {
    summary: '报告整改进展',
    description:
      '单位领导（本单位）或组织部报告整改事项的进展：进行中或已完成。完成时产生事件 review.rectification.done。',
    errors: [409, 422],
  },
  RectificationsController_list: {
    summary: '整改事项列表',
    description: '按单位、状态、是否逾期筛选整改事项；单位领导只看本单位。只读。',
    list: true,
  },
};
