import type { Request } from 'express';
import { formatBytes, formatTime, html, link, type SafeHtml } from '../../../common/web/html';
import { normalizePath } from '../fs-directory';
import type { NameNode } from '../namenode';
import { breadcrumbLinks } from './explorer-page';
import { readFirstBytes, FIRST_BYTES } from './first-kb';
import { blockHref, datanodeHref, displayText, explorerHref, permissionString } from './format';
import { param, WebError, type PageAnswer } from './layout';

/**
 * `/file?path=/a/b`: a file's details, its blocks in order with the DataNodes holding a good
 * replica of each (every block linking to /block, every DataNode to /datanode), and its first
 * KB read from a DataNode. A directory redirects to the explorer.
 */
export async function filePage(nn: NameNode, req: Request): Promise<PageAnswer> {
  const path = normalizePath(param(req, 'path'));
  const node = nn.dir.getINode(path);
  if (!node) throw new WebError(404, `No such file: ${path}`);
  if (node.dir) return { redirect: explorerHref(path) };
  const s = nn.dir.toStatus(node, path);
  let offset = 0;
  const rows: SafeHtml[] = [];
  for (const b of node.blocks ?? []) {
    const info = nn.blocks.get(b.blockId);
    const holders = info ? nn.blocks.goodHolders(info).map((n) => n.name).sort() : [];
    rows.push(html`<tr data-block-id="${b.blockId}" data-genstamp="${b.genStamp}" data-length="${b.numBytes}" data-offset="${offset}" data-locations="${holders.join(',')}">
<td class="block">${link(blockHref(b.blockId), `blk_${b.blockId}`)}</td>
<td class="genstamp">${String(b.genStamp)}</td>
<td class="offset">${String(offset)}</td>
<td class="length">${String(b.numBytes)}</td>
<td class="locations">${holders.map((h, i) => html`${i > 0 ? ', ' : ''}${link(datanodeHref(h), h)}`)}${info?.underConstruction ? ' (under construction)' : ''}</td>
</tr>`);
    offset += b.numBytes;
  }
  const first = await readFirstBytes(nn, path);
  // HTML parsers drop one newline right after <pre>: this one, so a file's own leading newline shows
  const firstKb =
    'bytes' in first
      ? html`<pre id="first-kb" data-bytes="${first.bytes.length}">\n${displayText(first.bytes)}</pre>`
      : html`<p class="error" id="first-kb-error">${first.error}</p>`;
  const kv = (label: string, id: string, value: string | number, shown: string) => html`<tr><th>${label}</th><td id="${id}" data-value="${String(value)}">${shown}</td></tr>`;
  const body = html`${breadcrumbLinks(path)}
<table class="kv" id="file" data-path="${path}">
${kv('Size', 'length', s.length, `${formatBytes(s.length)} (${s.length} bytes)`)}
${kv('Replication', 'replication', s.replication, String(s.replication))}
${kv('Block Size', 'block-size', s.blockSize, formatBytes(s.blockSize))}
${kv('Owner', 'owner', s.owner, s.owner)}
${kv('Group', 'group', s.group, s.group)}
${kv('Permission', 'permission', s.permission, permissionString(s.permission, false))}
${kv('Modification Time', 'mtime', s.modificationTime, formatTime(s.modificationTime))}
${kv('Access Time', 'atime', s.accessTime, formatTime(s.accessTime))}
${kv('Being written', 'under-construction', String(!!node.uc), node.uc ? `yes, by ${node.uc.holder} on ${node.uc.machine}` : 'no')}
</table>
<h2>Blocks</h2>
<table class="grid" id="blocks"><thead><tr><th>Block</th><th>Generation stamp</th><th>Offset</th><th>Length</th><th>Locations</th></tr></thead><tbody>${rows}</tbody></table>
<h2>First ${String(FIRST_BYTES / 1024)} KB</h2>
${firstKb}`;
  return { title: `File ${path}`, body };
}
