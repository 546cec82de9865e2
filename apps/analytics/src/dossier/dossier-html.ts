import type { CadreDossierView, TeamDossierView } from '@cadre/contracts';
import { coordinateChart, trendChart } from './dossier-charts';
import { QUADRANT_NAMES, RUNNING_STATE_NAMES } from './dossier-rules';

/**
 * Printable dossiers (一干部一档案, 一班子一档案): self-contained HTML in Chinese, A4 print styles, no
 * scripts and no external assets. Every value is escaped: names and notes come from users.
 */

const GRADE: Record<string, string> = {
  excellent: '优秀',
  competent: '称职',
  basically_competent: '基本称职',
  incompetent: '不称职',
};
const SUGGESTION: Record<string, string> = {
  keep: '留任',
  promote: '提拔使用',
  rotate: '轮岗交流',
  talk: '谈话提醒',
  adjust: '组织调整',
};
const VERDICT: Record<string, string> = { pass: '通过', attention: '需关注', fail: '不通过' };
const DIRECTION: Record<string, string> = { rising: '上升', falling: '下降', stable: '平稳' };
const STATUS: Record<string, string> = { good: '良好', watch: '关注', bad: '较差' };
const ROLE: Record<string, string> = { principal: '主要负责人', deputy: '副职', member: '成员' };
const DIMENSION: Record<string, string> = {
  belief: '信念坚定',
  truth_seeking: '实事求是',
  responsibility: '勇于担当',
  principle: '坚持原则',
  discipline: '严守规矩',
  diligence: '勤学苦练',
};

export function esc(value: unknown): string {
  return String(value ?? '—').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const num = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '—' : Number(v).toFixed(digits);
const half = (h: number | null) => (h === 1 ? '上半年' : h === 2 ? '下半年' : '');

function table(head: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '<p class="none">暂无记录</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const SEVERITY: Record<string, string> = { minor: '轻微', moderate: '一般', serious: '严重' };
const RATING: Record<string, string> = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' };
const WAY: Record<string, string> = { top_down: '自上而下', bottom_up: '自下而上', peer: '互评' };
const TALK: Record<string, string> = { collective: '集体谈话', individual: '个别谈话' };
const AWARD: Record<string, string> = { good_team: '好班子', good_cadre: '好干部', advanced_individual: '先进个人' };
const AWARD_STATUS: Record<string, string> = { nominating: '推荐中', decided: '已评定', published: '已公示' };
const RECTIFICATION: Record<string, string> = {
  open: '未开始',
  in_progress: '整改中',
  overdue: '逾期未完成',
  done: '已完成',
};
const TOPIC: Record<string, string> = {
  epidemic: '疫情防控',
  flood_control: '防汛',
  disaster_relief: '抢险救灾',
  land_acquisition: '征地拆迁',
  rural_revitalization: '乡村振兴',
  other: '其他',
};
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(100 * v)}%`);

function summaryBlock(lines: string[]): string {
  return `<h2>综合分析</h2><div class="summary">${lines.map((l) => `<p>${esc(l)}</p>`).join('')}</div>`;
}

function chart(svg: string): string {
  return `<figure class="chart">${svg}</figure>`;
}

/**
 * One document of one or more reports (a team and its members): each report starts on a new page.
 * A4, the margins carry 内部资料 and the page number (CSS page-margin boxes, which Chromium prints).
 */
function page(title: string, bodies: string[], generatedAt: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
  @page {
    size: A4; margin: 18mm 15mm 20mm;
    @top-right { content: "内部资料 注意保密"; color: #c0392b; font-size: 10px; font-family: "Noto Sans CJK SC", sans-serif; }
    @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; color: #646a73; font-size: 10px; font-family: "Noto Sans CJK SC", sans-serif; }
  }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #1f2329; font-size: 13px; line-height: 1.6; margin: 0 auto; max-width: 180mm; }
  .report + .report { break-before: page; }
  .marking { text-align: right; color: #c0392b; font-size: 12px; letter-spacing: 2px; }
  h1 { font-size: 22px; text-align: center; margin: 8px 0 4px; letter-spacing: 2px; }
  .sub { text-align: center; color: #646a73; margin-bottom: 16px; }
  h2 { font-size: 15px; border-left: 4px solid #c0392b; padding-left: 8px; margin: 18px 0 8px; break-after: avoid; }
  table { width: 100%; border-collapse: collapse; margin-bottom: 8px; break-inside: auto; }
  th, td { border: 1px solid #c9cdd4; padding: 4px 6px; text-align: left; vertical-align: top; }
  th { background: #f2f3f5; font-weight: 600; }
  tr { break-inside: avoid; }
  .grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2px 16px; }
  .grid div span { color: #646a73; }
  .tag { display: inline-block; border: 1px solid #c0392b; color: #c0392b; border-radius: 3px; padding: 0 6px; margin: 0 4px 4px 0; }
  .tag small { color: #646a73; }
  .summary { background: #fbf6f5; border: 1px solid #f0d8d4; padding: 6px 12px; }
  .summary p { margin: 4px 0; text-indent: 2em; }
  .chart { margin: 4px 0 8px; text-align: center; break-inside: avoid; }
  .chart svg { max-width: 100%; height: auto; }
  .warn { color: #c0392b; font-weight: 600; }
  .none { color: #8f959e; }
  footer { margin-top: 24px; color: #8f959e; font-size: 11px; text-align: right; }
  @media print { a { color: inherit; text-decoration: none; } }
</style></head>
<body>${bodies.map((b) => `<section class="report"><div class="marking">内部资料</div>${b}</section>`).join('')}<footer>生成时间：${esc(generatedAt.slice(0, 19).replace('T', ' '))} UTC · 干部考核平台 · 内部资料 注意保密</footer></body></html>`;
}

const tags = (items: Array<{ name: string; count: number }>) =>
  items.map((t) => `<span class="tag">${esc(t.name)} <small>×${esc(t.count)}</small></span>`).join('') || '—';
const cycleLabel = (p: { year: number; half: number | null }) => `${p.year}年${half(p.half)}`;

export function cadreDossierHtml(d: CadreDossierView): string {
  return page(`干部档案 - ${d.cadre.name}`, [cadreBody(d)], d.generatedAt);
}

function cadreBody(d: CadreDossierView): string {
  const c = d.cadre;
  const warning = d.trend.warning
    ? `<p class="warn">“躺平”预警：${d.trend.warning.fallingCycles >= 2 ? `排名连续 ${d.trend.warning.fallingCycles} 个周期下滑` : ''}${d.trend.warning.bottomDecile ? ' 处于领域末位 10%' : ''}</p>`
    : '';
  const body = `
<h1>干部档案</h1><div class="sub">一干部一档案 · ${esc(c.name)}</div>
${summaryBlock(d.summary)}
<h2>基本情况</h2>
<div class="grid">
  <div><span>姓名：</span>${esc(c.name)}</div><div><span>性别：</span>${c.gender === 'female' ? '女' : '男'}</div><div><span>年龄：</span>${esc(c.age)} 岁</div>
  <div><span>单位：</span>${esc(c.unitName)}</div><div><span>职务：</span>${esc(c.position)}</div><div><span>班子角色：</span>${esc(c.teamRole && (ROLE[c.teamRole] ?? c.teamRole))}</div>
  <div><span>所在班子：</span>${esc(c.teamName)}</div><div><span>所属领域：</span>${esc(c.fieldName)}</div><div><span>学历：</span>${esc(c.education)}</div>
  <div><span>政治面貌：</span>${c.partyMember ? '中共党员' : '群众'}</div><div><span>现单位任职自：</span>${esc(c.since)}</div><div><span>状态：</span>${esc(c.status)}</div>
</div>
${d.political ? politicalBlock(d.political) : ''}
<h2>性格特点</h2>
<p>${tags(d.traits)}</p>
<h2>擅长领域与短板不足</h2>
<p>擅长（历次）：${tags(d.areas.strengths)}</p>
<p>擅长（最近一次）：${d.areas.latestStrengths.map((s: string) => `<span class="tag">${esc(s)}</span>`).join('') || '—'}</p>
<p>短板（历次）：${tags(d.areas.weaknesses)}</p>
<p>短板（最近一次）：${d.areas.latestWeaknesses.map((s: string) => `<span class="tag">${esc(s)}</span>`).join('') || '—'}</p>
<h2>比对考核：排名与趋势（${esc(DIRECTION[d.trend.direction])}）</h2>${warning}
${d.trend.points.length ? chart(trendChart(d.trend.points.map(cycleLabel), [{ name: '综合得分', values: d.trend.points.map((p) => p.composite) }], '综合得分')) : ''}
${table(
  ['周期', '综合得分', '班子内排名', '领域内排名', '领域百分位'],
  d.trend.points.map((p) => [
    `${p.year}年${half(p.half)}`,
    num(p.composite, 2),
    p.verticalRank,
    p.horizontalRank,
    num(p.horizontalPercentile),
  ]),
)}
<h2>坐标系位置</h2>
${d.position ? `<p>${esc(d.position.cycleName)}：领域内百分位 ${num(d.position.x)}，班子内百分位 ${num(d.position.y)}，属“${esc(d.position.quadrant ? QUADRANT_NAMES[d.position.quadrant] : '—')}”。</p>` : '<p class="none">尚无排名</p>'}
${d.map.length ? chart(coordinateChart(d.map)) : ''}
<h2>考核发现的问题（望闻问切·问）</h2>
${table(
  ['周期', '问题', '程度', '跟进措施'],
  d.problems.map((p) => [p.cycleName, p.description, SEVERITY[p.severity] ?? p.severity, p.followUp]),
)}
<h2>定期考核结论（望闻问切·切）</h2>
${table(
  ['周期', '得分', '等次', '擅长领域', '短板不足', '使用建议'],
  d.appraisals.map((a) => [
    a.cycleName,
    num(a.score),
    GRADE[a.grade] ?? a.grade,
    a.strengths,
    a.weaknesses,
    SUGGESTION[a.suggestion] ?? a.suggestion,
  ]),
)}
<h2>民主测评</h2>
${table(
  ['周期', '方向', '票数', '优秀率', '得分'],
  d.democratic.map((x) => [x.cycleName, x.direction, x.ballots, `${num(100 * x.excellentRate)}%`, num(x.score)]),
)}
<h2>责任清单（岗位职责、目标、实效）</h2>
<p>平均完成率：${pct(d.responsibilities.fulfillmentRate)}</p>
${table(
  ['年度', '岗位职责', '目标', '措施', '实效', '完成率', '评定'],
  d.responsibilities.items.map((r) => [
    r.year,
    r.duty,
    `${r.target.metric} ${r.target.target}${r.target.unit}`,
    r.measures,
    r.actual === null ? '—' : `${r.actual}${r.target.unit}`,
    pct(r.fulfillmentRate),
    r.rating ? (RATING[r.rating] ?? r.rating) : '—',
  ]),
)}
<h2>任务清单完成情况</h2>
${table(
  ['年度', '完成度', '承诺书', '逾期任务'],
  d.tasks.map((t) => [t.year, num(t.completion), t.signed ? '已签署' : '未签署', t.overdue]),
)}
<h2>战时档案</h2>
<p>参加随机考核 ${esc(d.wartime.events)} 次，记录 ${esc(d.wartime.records)} 条，主动请战 ${esc(d.wartime.volunteered)} 次（首次：${esc(d.wartime.firstVolunteeredOn)}），值守 ${num(d.wartime.dutyHours)} 小时，表现突出 ${esc(d.wartime.outstanding)} 次。</p>
<p>长期“战斗劲头”：${esc(DIRECTION[d.wartimeTrend.direction])}</p>
${
  d.wartimeTrend.points.length >= 2
    ? chart(
        trendChart(
          d.wartimeTrend.points.map((p) => p.cycleName),
          [{ name: '战斗劲头', values: d.wartimeTrend.points.map((p) => p.spirit) }],
          '平均分',
          640,
          220,
        ),
      )
    : ''
}
${table(
  ['随机考核', '类别', '开始', '记录', '表现突出', '战斗劲头'],
  d.wartimeTrend.points.map((p) => [
    p.cycleName,
    p.topic ? (TOPIC[p.topic] ?? p.topic) : '—',
    p.from,
    p.records,
    p.outstanding,
    num(p.spirit),
  ]),
)}
<h2>谈心谈话</h2>
${table(
  ['日期', '方式', '主题'],
  d.talks.map((t) => [t.heldOn, TALK[t.kind] ?? t.kind, t.topic]),
)}
<h2>表彰奖励</h2>
${table(
  ['奖项', '类别', '名次', '状态'],
  d.awards.map((a) => [a.name, AWARD[a.kind] ?? a.kind, a.place, AWARD_STATUS[a.status] ?? a.status]),
)}
<h2>动态档案（历次变动）</h2>
${table(
  ['版本', '变动', '时间', '职务'],
  d.history.map((h) => [
    h.versionNo,
    h.type.replace('roster.cadre.', ''),
    h.occurredAt.slice(0, 10),
    h.summary?.position,
  ]),
)}`;
  return body;
}

function politicalBlock(p: NonNullable<CadreDossierView['political']>): string {
  return `<h2>政治体检</h2>
<p>结论：<b>${esc(VERDICT[p.verdict] ?? p.verdict)}</b></p>
${table(
  ['维度', '状态', '正面记录', '负面记录'],
  (p.dimensions ?? []).map((x) => [DIMENSION[x.key] ?? x.key, STATUS[x.status] ?? x.status, x.positives, x.negatives]),
)}`;
}

/** The team's report, then (members=true) each member's on its own pages. */
export function teamDossierHtml(d: TeamDossierView, members: CadreDossierView[] = []): string {
  return page(`领导班子档案 - ${d.team.name}`, [teamBody(d), ...members.map(cadreBody)], d.generatedAt);
}

function teamBody(d: TeamDossierView): string {
  const t = d.team;
  const s = d.structure;
  const body = `
<h1>领导班子档案</h1><div class="sub">一班子一档案 · ${esc(t.name)}</div>
${summaryBlock(d.summary)}
<h2>基本情况</h2>
<div class="grid">
  <div><span>单位：</span>${esc(t.unitName)}</div><div><span>所属领域：</span>${esc(t.fieldName)}</div><div><span>成员：</span>${esc(s.members)} 人</div>
  <div><span>平均年龄：</span>${num(s.averageAge)}</div><div><span>男 / 女：</span>${esc(s.gender.male)} / ${esc(s.gender.female)} 人</div><div><span>年轻干部（${esc(s.youngAgeLimit)}岁以下）：</span>${esc(s.youngByLimit)} 人，占 ${pct(s.youngShare)}</div>
  <div><span>主要负责人：</span>${s.principal ? esc(s.principal.name) : '<b class="warn">空缺</b>'}</div><div><span>离任空缺：</span>${esc(s.vacancies.vacated.length)} 个</div><div><span>配合度：</span>${d.cooperation === null ? '暂无' : num(d.cooperation, 1)}</div>
  <div><span>平均综合得分：</span>${num(s.averageComposite, 2)}</div><div><span>得分离散度：</span>${num(s.spread, 2)}</div><div><span>平均任职年限：</span>${num(s.averageTenureYears)}</div>
</div>
<h2>班子成员</h2>
${table(
  ['姓名', '职务', '角色', '年龄', '综合得分', '班子内排名', '领域内排名', '趋势'],
  d.members.map((m) => [
    m.name,
    m.position,
    m.teamRole && (ROLE[m.teamRole] ?? m.teamRole),
    m.age,
    m.excluded ? '政治体检未通过' : num(m.composite, 2),
    m.verticalRank,
    m.horizontalRank,
    DIRECTION[m.direction],
  ]),
)}
${d.map.length ? `<h2>成员在坐标系中的位置</h2>${chart(coordinateChart(d.map))}` : ''}
<h2>班子结构</h2>
${table(['年龄段', '人数'], Object.entries(s.ageBands))}
${
  s.vacancies.vacated.length
    ? table(
        ['离任成员', '原职务', '离任日期'],
        s.vacancies.vacated.map((v) => [v.name, v.position, v.leftOn]),
      )
    : ''
}
${table(['学历', '人数'], Object.entries(s.education))}
<p>覆盖擅长领域 ${esc(s.fieldsCovered)} 个：${s.strengths.map((x: string) => `<span class="tag">${esc(x)}</span>`).join('') || '—'}</p>
<h2>班子运行状态</h2>
${table(
  ['周期', '得分', '运行状态', '存在问题', '整改要求'],
  d.cycles.map((c) => [
    c.cycleName,
    num(c.score),
    RUNNING_STATE_NAMES[c.runningState] ?? c.runningState,
    c.problems,
    c.rectification,
  ]),
)}
<h2>班子综合得分趋势</h2>
${d.trend.length ? chart(trendChart(d.trend.map(cycleLabel), [{ name: '班子综合得分', values: d.trend.map((p) => p.composite) }], '综合得分', 640, 240)) : ''}
${table(
  ['周期', '综合得分', '领域内排名'],
  d.trend.map((p) => [cycleLabel(p), num(p.composite, 2), `${p.rank} / ${p.n}`]),
)}
<h2>整改事项</h2>
${table(
  ['事项', '期限', '状态', '完成日期'],
  d.rectifications.map((r) => [
    r.title,
    r.deadline,
    `${RECTIFICATION[r.state] ?? r.state}${r.late ? '（逾期完成）' : ''}`,
    r.doneOn,
  ]),
)}
<h2>双向考核结果</h2>
${table(
  ['周期', '方向', '票数', '优秀率', '得分'],
  d.twoWay.map((x) => [
    x.cycleName,
    WAY[x.direction] ?? x.direction,
    x.ballots,
    `${num(100 * x.excellentRate)}%`,
    num(x.score),
  ]),
)}
<h2>配合度</h2>
<p>${d.cooperation === null ? '暂无' : esc(num(d.cooperation, 1))}</p>
<h2>含金量</h2>
${
  d.worth
    ? `<p>${esc(d.worth.cycleName)}：任务完成度 ${d.worth.taskCompletion === null ? '—' : esc(num(d.worth.taskCompletion))}，岗位职责履行率 ${d.worth.responsibilityFulfilment === null ? '—' : `${esc(num(100 * d.worth.responsibilityFulfilment))}%`}，报告完成度 ${d.worth.reportedCompletion === null ? '—' : `${esc(num(100 * d.worth.reportedCompletion))}%`}；自下而上评价${d.worth.bottomQuarter ? '处于后四分之一' : '不在后四分之一'}${d.worth.flagged ? '。<b class="warn">含金量存疑</b>' : '。'}</p>`
    : '<p class="none">暂无（仅组织部可见；需有自下而上评价）</p>'
}
<h2>班子民主测评</h2>
${d.democratic ? table(['周期', '方向', '票数', '优秀率', '得分'], [[d.democratic.cycleName, d.democratic.direction, d.democratic.ballots, `${num(100 * d.democratic.excellentRate)}%`, num(d.democratic.score)]]) : '<p class="none">暂无记录</p>'}
<h2>发现的问题</h2>
${d.issues.length ? `<ul>${d.issues.map((i: string) => `<li>${esc(i)}</li>`).join('')}</ul>` : '<p class="none">未发现突出问题</p>'}
<h2>同领域班子比较</h2>
${table(
  ['排名', '班子', '成员', '平均综合得分'],
  d.peers.map((p) => [
    p.rank,
    p.teamId === t.id ? `${p.name}（本班子）` : p.name,
    p.members,
    num(p.averageComposite, 2),
  ]),
)}`;
  return body;
}
