import type { PublicHonoursView } from '@cadre/contracts';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Nothing loaded from anywhere, nothing runs: a page to read and print. */
export const HONOURS_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * 先进典型公示: the published awards' winners with their unit, position and story — what the
 * department publishes, nothing else (no scores, no nominees, nothing unpublished). Printable (A4).
 */
export function honoursPage(view: PublicHonoursView): string {
  const awards = view.awards.length
    ? view.awards
        .map(
          (a) => `
  <section class="award">
    <h2>${escape(a.name)}</h2>
    <p class="meta">${escape(a.title)} · 公示于 ${escape(a.publishedAt.slice(0, 10))}</p>
    <ol>${a.winners
      .map(
        (w) => `
      <li>
        <h3>${escape(w.name)}</h3>
        <p class="who">${escape(w.unit)}${w.position ? ` · ${escape(w.position)}` : ''}</p>
        ${w.storyTitle ? `<h4>${escape(w.storyTitle)}</h4>` : ''}
        ${w.storyText ? `<p class="story">${escape(w.storyText)}</p>` : ''}
      </li>`,
      )
      .join('')}
    </ol>
  </section>`,
        )
        .join('')
    : '<p>暂无公示的表彰。</p>';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(view.tenantName)} · 先进典型公示</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.7; }
  h1 { text-align: center; font-size: 1.6rem; }
  h2 { border-bottom: 2px solid #b22; padding-bottom: .3rem; }
  .meta, .who { color: #555; margin: .2rem 0; }
  .story { white-space: pre-wrap; text-indent: 2em; }
  li { margin-bottom: 1.2rem; }
  @page { size: A4; margin: 18mm; }
  @media print { body { margin: 0; max-width: none; } section { break-inside: avoid-page; } }
</style>
</head>
<body>
<h1>${escape(view.tenantName)} 先进典型公示</h1>${awards}
</body>
</html>
`;
}
