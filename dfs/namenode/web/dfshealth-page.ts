import { formatBytes, formatTime, html, link, progressBar, type HtmlValue, type SafeHtml } from '../../../common/web/html';
import type { NameNode } from '../namenode';
import { fractionOf, nodeListHref, nonDfsUsed } from './format';
import type { PageAnswer } from './layout';

/**
 * `/` and `/dfshealth`: Hadoop's cluster summary. The figures are NameNode.status(), the same
 * call GET /status answers with, so the page and the JSON never disagree on what a figure means.
 * Each figure's cell has an id and its raw value in data-value (bytes, counts, ms) for tests and
 * scripts; the text is the human form.
 */
export function dfsHealthPage(nn: NameNode): PageAnswer {
  const s = nn.status();
  const nonDfs = nonDfsUsed(s.capacity, s.used, s.remaining);
  const usedFraction = fractionOf(s.used, s.capacity);
  const row = (label: string, id: string, value: number | string, shown: HtmlValue): SafeHtml =>
    html`<tr><th>${label}</th><td id="${id}" data-value="${String(value)}">${shown}</td></tr>`;
  const bytes = (label: string, id: string, n: number) => row(label, id, n, formatBytes(n));
  const count = (label: string, id: string, n: number) => row(label, id, n, String(n));
  const nodes = (label: string, id: string, n: number, which: 'LIVE' | 'DEAD' | 'DECOMMISSIONING') => row(label, id, n, link(nodeListHref(which), String(n)));

  const body = html`
<p id="safemode" data-value="${s.safeMode.on ? 'on' : 'off'}" class="${s.safeMode.on ? 'error' : ''}">${s.safeMode.on ? 'Safe mode is ON. ' : ''}${s.safeMode.tip}</p>
<table class="kv" id="summary">
${row('Started', 'started', s.startTime, formatTime(s.startTime))}
${row('Namespace ID', 'namespace-id', s.namespaceId, String(s.namespaceId))}
${row('Files and directories', 'files-and-directories', s.files + s.directories, `${s.files + s.directories} (${s.files} files, ${s.directories} directories)`)}
${count('Files', 'files', s.files)}
${count('Directories', 'directories', s.directories)}
${count('Blocks', 'blocks', s.blocks)}
</table>
<h2>Cluster summary</h2>
<table class="kv" id="capacity-summary">
${bytes('Configured Capacity', 'capacity', s.capacity)}
${bytes('DFS Used', 'used', s.used)}
${bytes('Non DFS Used', 'non-dfs-used', nonDfs)}
${bytes('DFS Remaining', 'remaining', s.remaining)}
${row('DFS Used%', 'used-percent', (usedFraction * 100).toFixed(2), html`${progressBar(usedFraction, 'used')}`)}
${row('DFS Remaining%', 'remaining-percent', (fractionOf(s.remaining, s.capacity) * 100).toFixed(2), `${(fractionOf(s.remaining, s.capacity) * 100).toFixed(2)}%`)}
${nodes('Live Nodes', 'live-nodes', s.liveDatanodes, 'LIVE')}
${nodes('Dead Nodes', 'dead-nodes', s.deadDatanodes, 'DEAD')}
${nodes('Decommissioning Nodes', 'decommissioning-nodes', s.decommissioningDatanodes, 'DECOMMISSIONING')}
${count('Decommissioned Nodes', 'decommissioned-nodes', s.decommissionedDatanodes)}
${count('Under-Replicated Blocks', 'under-replicated-blocks', s.underReplicatedBlocks)}
${count('Pending Replications', 'pending-replications', s.pendingReplications)}
${count('Corrupt Blocks', 'corrupt-blocks', s.corruptBlocks)}
${count('Missing Blocks', 'missing-blocks', s.missingBlocks)}
</table>`;
  return { title: `NameNode '${s.rpcAddress}'`, body, live: true };
}
