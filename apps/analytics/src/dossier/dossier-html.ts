import type { CadreDossierView, TeamDossierView } from '@cadre/contracts';

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

function page(title: string, body: string, generatedAt: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
  @page { size: A4; margin: 18mm 15mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #1f2329; font-size: 13px; line-height: 1.6; margin: 0 auto; max-width: 190mm; }
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
  .warn { color: #c0392b; font-weight: 600; }
  .none { color: #8f959e; }
  footer { margin-top: 24px; color: #8f959e; font-size: 11px; text-align: right; }
  @media print { a { color: inherit; text-decoration: none; } }
</style></head>
<body>${body}<footer>生成时间：${esc(generatedAt.slice(0, 19).replace('T', ' '))} UTC · 干部考核平台 · 内部资料 注意保密</footer></body></html>`;
}

export function cadreDossierHtml(d: CadreDossierView): string {
  const c = d.cadre;
  const warning = d.trend.warning
    ? `<p class="warn">“躺平”预警：${d.trend.warning.fallingCycles >= 2 ? `排名连续 ${d.trend.warning.fallingCycles} 个周期下滑` : ''}${d.trend.warning.bottomDecile ? ' 处于领域末位 10%' : ''}</p>`
    : '';
  const body = `
<h1>干部档案</h1><div class="sub">一干部一档案 · ${esc(c.name)}</div>
<h2>基本情况</h2>
<div class="grid">
  <div><span>姓名：</span>${esc(c.name)}</div><div><span>性别：</span>${c.gender === 'female' ? '女' : '男'}</div><div><span>年龄：</span>${esc(c.age)} 岁</div>
  <div><span>单位：</span>${esc(c.unitName)}</div><div><span>职务：</span>${esc(c.position)}</div><div><span>班子角色：</span>${esc(c.teamRole && (ROLE[c.teamRole] ?? c.teamRole))}</div>
  <div><span>所在班子：</span>${esc(c.teamName)}</div><div><span>所属领域：</span>${esc(c.fieldName)}</div><div><span>学历：</span>${esc(c.education)}</div>
  <div><span>政治面貌：</span>${c.partyMember ? '中共党员' : '群众'}</div><div><span>现单位任职自：</span>${esc(c.since)}</div><div><span>状态：</span>${esc(c.status)}</div>
</div>
<h2>政治体检</h2>
<p>结论：<b>${esc(VERDICT[d.political.verdict] ?? d.political.verdict)}</b></p>
${table(
  ['维度', '状态', '正面记录', '负面记录'],
  (d.political.dimensions ?? []).map((x) => [
    DIMENSION[x.key] ?? x.key,
    STATUS[x.status] ?? x.status,
    x.positives,
    x.negatives,
  ]),
)}
<h2>擅长领域与短板</h2>
<p>擅长：${d.strengths.map((s: string) => `<span class="tag">${esc(s)}</span>`).join('') || '—'}</p>
<p>短板：${d.weaknesses.map((s: string) => `<span class="tag">${esc(s)}</span>`).join('') || '—'}</p>
<h2>比对考核：排名与趋势（${esc(DIRECTION[d.trend.direction])}）</h2>${warning}
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
<h2>任务清单完成情况</h2>
${table(
  ['年度', '完成度', '承诺书', '逾期任务'],
  d.tasks.map((t) => [t.year, num(t.completion), t.signed ? '已签署' : '未签署', t.overdue]),
)}
<h2>战时档案</h2>
<p>参加随机考核 ${esc(d.wartime.events)} 次，记录 ${esc(d.wartime.records)} 条，主动请战 ${esc(d.wartime.volunteered)} 次（首次：${esc(d.wartime.firstVolunteeredOn)}），值守 ${num(d.wartime.dutyHours)} 小时，表现突出 ${esc(d.wartime.outstanding)} 次。</p>
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
  return page(`干部档案 - ${c.name}`, body, d.generatedAt);
}

export function teamDossierHtml(d: TeamDossierView): string {
  const t = d.team;
  const s = d.structure;
  const body = `
<h1>领导班子档案</h1><div class="sub">一班子一档案 · ${esc(t.name)}</div>
<h2>基本情况</h2>
<div class="grid">
  <div><span>单位：</span>${esc(t.unitName)}</div><div><span>所属领域：</span>${esc(t.fieldName)}</div><div><span>成员：</span>${esc(s.members)} 人</div>
  <div><span>平均年龄：</span>${num(s.averageAge)}</div><div><span>女干部：</span>${esc(s.female)} 人</div><div><span>年轻干部：</span>${esc(s.young)} 人</div>
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
<h2>班子结构</h2>
${table(['年龄段', '人数'], Object.entries(s.ageBands))}
${table(['学历', '人数'], Object.entries(s.education))}
<p>覆盖擅长领域 ${esc(s.fieldsCovered)} 个：${s.strengths.map((x: string) => `<span class="tag">${esc(x)}</span>`).join('') || '—'}</p>
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
  return page(`领导班子档案 - ${t.name}`, body, d.generatedAt);
}
