import type { Request } from 'express';
import { formatBytes, html, link, progressBar } from '../../../common/web/html';
import type { DatanodeInfo } from '../../protocol/types';
import type { NameNode } from '../namenode';
import { datanodeHref, fractionOf, nodeListHref, secondsAgo } from './format';
import { optionalParam, WebError, type PageAnswer } from './layout';

const KINDS = ['LIVE', 'DEAD', 'DECOMMISSIONING'] as const;
type Kind = (typeof KINDS)[number];

const TITLES: Record<Kind, string> = { LIVE: 'Live DataNodes', DEAD: 'Dead DataNodes', DECOMMISSIONING: 'Decommissioning DataNodes' };

/** Which DataNodes a list shows: live ones include those being decommissioned, as in Hadoop. */
function wanted(kind: Kind, n: DatanodeInfo): boolean {
  if (kind === 'LIVE') return n.live;
  if (kind === 'DEAD') return !n.live;
  return n.adminState === 'Decommission in progress';
}

/**
 * `/dfsnodelist?whatNodes=LIVE|DEAD|DECOMMISSIONING`: one row per DataNode from the same report
 * dfsadmin -report and GET /status use. Each row carries the node's name and raw figures in
 * data attributes; last contact is shown as seconds ago and kept as ms in data-last-contact.
 */
export function dfsNodeListPage(nn: NameNode, req: Request): PageAnswer {
  const asked = optionalParam(req, 'whatNodes', 'LIVE').toUpperCase();
  if (!(KINDS as readonly string[]).includes(asked)) throw new WebError(400, `Unknown whatNodes '${asked}': use LIVE, DEAD or DECOMMISSIONING`);
  const kind = asked as Kind;
  const now = Date.now();
  const nodes = nn.datanodes.report('all').filter((n) => wanted(kind, n));
  const rows = nodes.map(
    (n) => html`<tr data-name="${n.name}" data-storage-id="${n.storageId}" data-capacity="${n.capacity}" data-used="${n.dfsUsed}" data-remaining="${n.remaining}" data-blocks="${n.numBlocks}" data-last-contact="${n.lastContact}" data-admin-state="${n.adminState}" data-state="${n.live ? 'live' : 'dead'}">
<td class="name ${n.live ? 'live' : 'dead'}">${link(datanodeHref(n.name), n.name)}</td>
<td class="last-contact">${String(secondsAgo(n.lastContact, now))}</td>
<td class="admin-state">${n.adminState}</td>
<td class="capacity">${formatBytes(n.capacity)}</td>
<td class="used">${formatBytes(n.dfsUsed)}</td>
<td class="remaining">${formatBytes(n.remaining)}</td>
<td class="usage">${progressBar(fractionOf(n.dfsUsed, n.capacity), 'used')}</td>
<td class="blocks">${String(n.numBlocks)}</td>
</tr>`,
  );
  const tabs = KINDS.map((k) => (k === kind ? html`<b>${TITLES[k]}</b> ` : html`${link(nodeListHref(k), TITLES[k])} `));
  const body = html`<p>${tabs}</p>
<p id="node-count" data-value="${nodes.length}">${TITLES[kind]}: ${String(nodes.length)}</p>
<table class="grid" id="datanodes"><thead><tr><th>Node</th><th>Last Contact (s ago)</th><th>Admin State</th><th>Capacity</th><th>Used</th><th>Remaining</th><th>Used %</th><th>Blocks</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  return { title: TITLES[kind], body, live: true };
}
