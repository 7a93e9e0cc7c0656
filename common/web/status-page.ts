import { formatBytes, formatTime, html, HtmlValue, page, SafeHtml, table } from './html';

/**
 * The web page of a daemon whose state is one JSON status object (a DataNode, a TaskTracker):
 * its scalars as a two-column table and each list of records as a table of its own, so the page
 * shows exactly what `GET /status` answers, readable, with nothing to keep in step by hand.
 */
export function statusPage(title: string, status: Record<string, unknown>, nav: Array<[string, string]>): string {
  const scalars: Array<[string, unknown]> = [];
  const lists: SafeHtml[] = [];
  for (const [k, v] of Object.entries(status)) {
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) {
      const rows = v as Array<Record<string, unknown>>;
      const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      lists.push(html`<h2>${k}</h2>${table(keys, rows.map((r) => keys.map((c) => cell(c, r[c]))), { id: k })}`);
    } else {
      scalars.push([k, v]);
    }
  }
  const summary = html`<table class="kv" id="summary">${scalars.map(([k, v]) => html`<tr><th>${k}</th><td data-key="${k}">${cell(k, v)}</td></tr>`)}</table>`;
  return page({ title, nav, body: html`${summary}${lists}` });
}

function cell(key: string, v: unknown): HtmlValue {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (/time$|^last/i.test(key) && v > 1e12) return formatTime(v);
    if (/capacity|used|remaining|length|bytes/i.test(key)) return `${formatBytes(v)} (${v})`;
    return String(v);
  }
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) return v.join(', ');
  return JSON.stringify(v);
}
