import type { BallotFormView } from '@cadre/contracts';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** JSON inside a <script>: no `<` so nothing can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The policy of the ballot page: nothing from outside, inline code only with this response's nonce,
 * requests only to this origin, and no referrer — the token is in the address.
 */
export function ballotPageSecurity(nonce: string): Record<string, string> {
  return {
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f4f5f7;color:#1f2329}
header{background:#c8161d;color:#fff;padding:16px}header h1{margin:0;font-size:19px}header p{margin:4px 0 0;font-size:13px;opacity:.9}
main{padding:12px;max-width:720px;margin:0 auto}.note{font-size:13px;color:#646a73;margin:0 0 12px}
.card{background:#fff;border-radius:10px;padding:14px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card h2{margin:0 0 10px;font-size:17px}.grades{display:flex;flex-wrap:wrap;gap:8px}
.grades label{flex:1 1 40%;border:1px solid #d0d3d6;border-radius:8px;padding:10px;text-align:center;cursor:pointer}
.grades input{margin-right:6px}.grades label.on{border-color:#c8161d;background:#fdecec}
.items{display:grid;grid-template-columns:1fr 90px;gap:6px 10px;margin-top:12px;align-items:center;font-size:14px}
.items input{width:100%;padding:8px;border:1px solid #d0d3d6;border-radius:6px;font-size:16px}
.card.missing{outline:2px solid #c8161d}button{width:100%;padding:14px;font-size:17px;border:0;border-radius:10px;background:#c8161d;color:#fff}
button:disabled{background:#b9b9b9}#msg{margin:12px 0;padding:12px;border-radius:8px;display:none}#msg.ok{display:block;background:#e8f6ec;color:#1d7a3a}
#msg.err{display:block;background:#fdecec;color:#a3161b}.done main>*:not(#msg){display:none}`;

/** Sends the ballot as JSON to the same address and shows the answer in Chinese. */
const SCRIPT = `
var form=JSON.parse(document.getElementById('form-data').textContent);
var msg=document.getElementById('msg');
function show(kind,text){msg.className=kind;msg.textContent=text;msg.scrollIntoView({behavior:'smooth'});}
document.querySelectorAll('.grades input').forEach(function(input){input.addEventListener('change',function(){
  input.closest('.grades').querySelectorAll('label').forEach(function(l){l.classList.toggle('on',l.contains(input))});});});
document.getElementById('submit').addEventListener('click',function(){
  var ratings=[],missing=0;
  form.targets.forEach(function(t){
    var card=document.getElementById('t-'+t.id),grade=card.querySelector('input[type=radio]:checked');
    card.classList.toggle('missing',!grade);if(!grade){missing++;return;}
    var scores={},bad=false;
    card.querySelectorAll('input[type=number]').forEach(function(i){if(i.value==='')return;var v=Number(i.value);if(!(v>=0&&v<=100))bad=true;scores[i.name]=v;});
    if(bad){card.classList.add('missing');missing++;return;}
    var r={targetId:t.id,grade:grade.value};if(Object.keys(scores).length)r.scores=scores;ratings.push(r);});
  if(missing){show('err','还有 '+missing+' 个对象未选择等次或分数不在 0–100 之间，请检查标红的项目。');return;}
  var button=this;button.disabled=true;button.textContent='正在提交…';
  fetch(location.pathname,{method:'POST',headers:{'content-type':'application/json','accept':'application/json'},body:JSON.stringify({ratings:ratings})})
    .then(function(res){return res.json().catch(function(){return {};}).then(function(body){
      if(res.status===201){document.body.classList.add('done');show('ok','提交成功，感谢您的参与！本次投票为匿名投票。');return;}
      button.disabled=false;button.textContent='提交';
      show('err',(body&&body.detail)||('提交失败（'+res.status+'），请稍后重试'));});})
    .catch(function(){button.disabled=false;button.textContent='提交';show('err','网络异常，请检查网络后重试。');});});`;

function page(title: string, nonce: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escape(title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body>${body}</body></html>`;
}

/** The mobile ballot form (选票): grade per target, optional item scores, submit. */
export function ballotPage(form: BallotFormView, nonce: string): string {
  const cards = form.targets
    .map(
      (t) => `<section class="card" id="t-${escape(t.id)}"><h2>${escape(t.name)}</h2>
<div class="grades">${form.grades.map((g) => `<label><input type="radio" name="g-${escape(t.id)}" value="${escape(g.key)}">${escape(g.name)}</label>`).join('')}</div>
<div class="items">${form.items.map((i) => `<span>${escape(i.name)}${i.description ? `<br><small>${escape(i.description)}</small>` : ''}</span><input type="number" inputmode="numeric" min="0" max="100" name="${escape(i.key)}" placeholder="0–100">`).join('')}</div>
</section>`,
    )
    .join('\n');
  return page(
    form.campaign.name,
    nonce,
    `<header><h1>${escape(form.campaign.name)}</h1><p>匿名测评 · 每个投票码只能提交一次</p></header>
<main><p class="note">请为每个对象选择等次（优秀、称职、基本称职、不称职）；分项评分可选，填写 0–100 分。选票不记录投票人信息。</p>
${cards}
<div id="msg" role="status"></div><button id="submit" type="button">提交</button></main>
<script id="form-data" type="application/json" nonce="${nonce}">${scriptJson(form)}</script>
<script nonce="${nonce}">${SCRIPT}</script>`,
  );
}

/** An answer instead of the form: unknown or used token, campaign not open. */
export function ballotErrorPage(detail: string, nonce: string): string {
  return page(
    '民主测评',
    nonce,
    `<header><h1>民主测评</h1></header><main><div id="msg" class="err">${escape(detail)}</div></main>`,
  );
}
