import type { Request } from 'express';
import { formatBytes, formatTime, html, link, progressBar, type SafeHtml } from '../../../common/web/html';
import type { NameNode } from '../namenode';
import { blockHref, fileHref, fractionOf, secondsAgo } from './format';
import { param, WebError, type PageAnswer } from './layout';

/** Blocks listed on a DataNode's page; the count above the table is the whole number. */
export const MAX_BLOCKS_LISTED = 500;

/**
 * `/datanode?name=<host:port or storage id>`: what the NameNode knows of one DataNode (its
 * figures from the last heartbeat, admin state, last block report) and the replicas it holds,
 * each linking to its block and file, plus links to the DataNode's own page and JSON /status
 * (a DataNode serves HTTP on its data address, so that is its name).
 */
export function dataNodePage(nn: NameNode, req: Request): PageAnswer {
  const name = param(req, 'name');
  const node = nn.datanodes.byAddress(name) ?? nn.datanodes.nodes.get(name);
  if (!node) throw new WebError(404, `No DataNode named ${name} is known to this NameNode`);
  const info = node.info();
  const ids = [...node.blocks].sort((a, b) => a - b);
  const shown = ids.slice(0, MAX_BLOCKS_LISTED);
  const rows: SafeHtml[] = [];
  for (const id of shown) {
    const b = nn.blocks.get(id);
    const rep = b?.replicas.get(node.storageId);
    const path = b ? nn.dir.pathOf(b.file) : '';
    rows.push(html`<tr data-block-id="${id}"><td>${link(blockHref(id), `blk_${id}`)}</td><td>${rep ? String(rep.genStamp) : ''}</td><td>${rep ? String(rep.numBytes) : ''}</td><td>${b?.corrupt.has(node.storageId) ? 'corrupt' : 'good'}</td><td>${b ? link(fileHref(path), path) : ''}</td></tr>`);
  }
  const kv = (label: string, id: string, value: string | number, shownValue: string | SafeHtml) =>
    html`<tr><th>${label}</th><td id="${id}" data-value="${String(value)}">${shownValue}</td></tr>`;
  const body = html`<table class="kv" id="datanode" data-name="${info.name}">
${kv('Name', 'name', info.name, info.name)}
${kv('Storage ID', 'storage-id', info.storageId, info.storageId)}
${kv('Rack', 'rack', info.rack, info.rack)}
${kv('State', 'state', info.live ? 'live' : 'dead', html`<span class="${info.live ? 'live' : 'dead'}">${info.live ? 'live' : 'dead'}</span>`)}
${kv('Admin State', 'admin-state', info.adminState, info.adminState)}
${kv('Last Contact', 'last-contact', info.lastContact, `${secondsAgo(info.lastContact)} s ago (${formatTime(info.lastContact)})`)}
${kv('Last Block Report', 'last-block-report', node.lastBlockReport, node.lastBlockReport ? formatTime(node.lastBlockReport) : 'none yet')}
${kv('Capacity', 'capacity', info.capacity, formatBytes(info.capacity))}
${kv('DFS Used', 'used', info.dfsUsed, formatBytes(info.dfsUsed))}
${kv('Remaining', 'remaining', info.remaining, formatBytes(info.remaining))}
${kv('Used %', 'used-percent', (fractionOf(info.dfsUsed, info.capacity) * 100).toFixed(2), progressBar(fractionOf(info.dfsUsed, info.capacity), 'used'))}
${kv('Transfers in progress (xceivers)', 'xceivers', info.xceivers, String(info.xceivers))}
${kv('Blocks', 'blocks', info.numBlocks, String(info.numBlocks))}
</table>
<p>The DataNode's own pages: ${link(`http://${info.name}/`, html`<span id="datanode-web-link">http://${info.name}/</span>`)} (JSON: ${link(`http://${info.name}/status`, html`<span id="datanode-status-link">http://${info.name}/status</span>`)})</p>
<h2>Blocks</h2>
<p id="blocks-listed" data-value="${shown.length}">${ids.length > shown.length ? `The first ${shown.length} of ${ids.length} blocks` : `${ids.length} blocks`}</p>
<table class="grid" id="blocks"><thead><tr><th>Block</th><th>Generation stamp</th><th>Length</th><th>Replica</th><th>File</th></tr></thead><tbody>${rows}</tbody></table>`;
  return { title: `DataNode ${info.name}`, body };
}
