/**
 * Server-side HTML for the daemons' web UIs. Every page is built with the `html` template tag,
 * which escapes each interpolated value unless it is already `SafeHtml`, so a job named
 * `<script>alert(1)</script>` (or a path, a counter name, an error message) shows as text.
 * Building markup any other way is how an XSS gets in; don't.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Markup with every `${value}` escaped (arrays are concatenated, null/undefined/false vanish). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trusted markup, such as an SVG this process drew with escaped text inside. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** A link; `href` is built by the caller with encodeURIComponent on each query value. */
export function link(href: string, text: HtmlValue): SafeHtml {
  return html`<a href="${href}">${text}</a>`;
}

/** A query string from values, each encoded. */
export function query(params: Record<string, string | number>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** A horizontal bar for a fraction in [0, 1], with the percentage as its text. */
export function progressBar(fraction: number, cls = ''): SafeHtml {
  const pct = Math.max(0, Math.min(100, Math.round(fraction * 1000) / 10));
  return html`<span class="bar ${cls}" title="${pct}%"><span class="fill" style="width:${pct}%"></span></span> <span class="pct">${pct.toFixed(1)}%</span>`;
}

/** A table from a header row and data rows; cells are escaped unless SafeHtml. */
export function table(headers: string[], rows: HtmlValue[][], attrs: { id?: string; cls?: string } = {}): SafeHtml {
  return html`<table${attrs.id ? raw(` id="${escapeHtml(attrs.id)}"`) : ''} class="${attrs.cls ?? 'grid'}"><thead><tr>${headers.map(
    (h) => html`<th>${h}</th>`,
  )}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
}

/** Bytes as Hadoop's UI shows them: 1.5 GB, 12 KB, 0 B. */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(2)} ${units[u]}`;
}

/** A wall-clock time as `2026-11-21 14:03:07` (local time, as Hadoop's pages print), or empty for 0. */
export function formatTime(ms: number): string {
  if (!ms) return '';
  const d = new Date(ms);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A duration as Hadoop prints it: `1hrs, 2mins, 3sec`, or `450ms` below a second. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  let s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts: string[] = [];
  if (h) parts.push(`${h}hrs`);
  if (h || m) parts.push(`${m}mins`);
  parts.push(`${s}sec`);
  return parts.join(', ');
}

export interface PageOptions {
  /** Shown in the tab and as the page heading. */
  title: string;
  /** The daemon's links shown on every page: [href, label]. */
  nav: Array<[string, string]>;
  body: HtmlValue;
  /**
   * While true (a running job, a live cluster page) the page re-fetches itself every
   * `refreshMs` and swaps in the new `<main>`, so it updates without a reload or a framework.
   */
  live?: boolean;
  refreshMs?: number;
}

/** A whole page: the daemon's nav bar, a heading, the body; styles inline so a page is one request. */
export function page(o: PageOptions): string {
  const refresh = o.live
    ? html`<script>
(function () {
  var every = ${String(o.refreshMs ?? 2000)};
  function tick() {
    fetch(location.href, { headers: { 'x-requested-with': 'refresh' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (t) {
        if (t === null) return;
        var doc = new DOMParser().parseFromString(t, 'text/html');
        var next = doc.querySelector('main');
        if (next) document.querySelector('main').replaceWith(document.adoptNode(next));
        if (doc.body.getAttribute('data-live') === 'true') setTimeout(tick, every);
        else document.body.setAttribute('data-live', 'false');
      })
      .catch(function () { setTimeout(tick, every); });
  }
  setTimeout(tick, every);
})();
</script>`
    : '';
  return `<!DOCTYPE html>${html`<html lang="en"><head><meta charset="utf-8"><title>${o.title}</title><style>${raw(STYLE)}</style></head>
<body data-live="${o.live ? 'true' : 'false'}"><nav>${o.nav.map(([href, label]) => link(href, label))}</nav>
<main><h1>${o.title}</h1>
${o.body}
<p class="stamp">Generated ${formatTime(Date.now())}</p></main>${refresh}</body></html>`.value}`;
}

/** An error page for a bad or unknown request: the status and one line saying what was wrong. */
export function errorPage(title: string, message: string, nav: Array<[string, string]>): string {
  return page({ title, nav, body: html`<p class="error">${message}</p>` });
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; }
nav { background: #234; padding: 6px 12px; }
nav a { color: #fff; margin-right: 16px; text-decoration: none; }
main { padding: 8px 16px 24px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 24px; }
table.grid { border-collapse: collapse; margin: 6px 0; }
table.grid th, table.grid td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; vertical-align: top; }
table.grid th { background: #eef; }
table.kv th { text-align: left; padding-right: 16px; font-weight: 600; }
.bar { display: inline-block; width: 120px; height: 10px; border: 1px solid #888; vertical-align: middle; background: #fff; }
.bar .fill { display: block; height: 100%; background: #3a7; }
.bar.used .fill { background: #36c; }
.error, .FAILED, .KILLED, .dead { color: #b00; }
.SUCCEEDED, .live { color: #070; }
.stamp { color: #888; font-size: 12px; margin-top: 24px; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
svg text { font: 11px system-ui, sans-serif; }
`;
