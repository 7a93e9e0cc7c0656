import type { Request } from 'express';
import { html, link, type SafeHtml } from '../../../common/web/html';
import type { NameNode } from '../namenode';
import { datanodeHref, fileHref } from './format';
import { param, WebError, type PageAnswer } from './layout';

/**
 * `/block?id=<block id>`: one block, the file it belongs to, and every replica the NameNode
 * knows of, with its DataNode (linked), the replica's stamp and length as reported, and whether
 * it counts: good, corrupt, stale (older stamp or wrong length), or on a dead node.
 */
export function blockPage(nn: NameNode, req: Request): PageAnswer {
  const raw = param(req, 'id').replace(/^blk_/, '');
  if (!/^[1-9]\d{0,15}$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new WebError(400, `Bad block id '${raw}': a block id is a positive integer`);
  const id = Number(raw);
  const info = nn.blocks.get(id);
  if (!info) throw new WebError(404, `No block blk_${id} in this namespace`);
  const path = nn.dir.pathOf(info.file);
  const index = (info.file.blocks ?? []).findIndex((b) => b.blockId === id);
  const rows: SafeHtml[] = [];
  const replicas = [...info.replicas].map(([sid, rep]) => ({ sid, rep, node: nn.datanodes.nodes.get(sid) }));
  replicas.sort((a, b) => ((a.node?.name ?? a.sid) < (b.node?.name ?? b.sid) ? -1 : 1));
  for (const { sid, rep, node } of replicas) {
    const state = !node?.live ? 'dead node' : info.corrupt.has(sid) ? 'corrupt' : nn.blocks.isGood(info, rep) ? 'good' : 'stale';
    rows.push(html`<tr data-datanode="${node?.name ?? ''}" data-state="${state}"><td>${node ? link(datanodeHref(node.name), node.name) : sid}</td><td>${String(rep.genStamp)}</td><td>${String(rep.numBytes)}</td><td class="${state === 'good' ? 'live' : 'error'}">${state}</td></tr>`);
  }
  const counts = nn.blocks.countReplicas(info);
  const kv = (label: string, id: string, value: string | number, shown: string | SafeHtml) => html`<tr><th>${label}</th><td id="${id}" data-value="${String(value)}">${shown}</td></tr>`;
  const body = html`<table class="kv" id="block" data-block-id="${id}">
${kv('File', 'file', path, link(fileHref(path), path))}
${kv('Block number in file', 'index', index, `${index + 1} of ${(info.file.blocks ?? []).length}`)}
${kv('Generation stamp', 'genstamp', info.block.genStamp, String(info.block.genStamp))}
${kv('Length', 'length', info.block.numBytes, String(info.block.numBytes))}
${kv('Expected replication', 'replication', info.file.repl ?? 0, String(info.file.repl ?? 0))}
${kv('Live replicas', 'live-replicas', counts.live, String(counts.live))}
${kv('Replicas on decommissioning nodes', 'decommissioned-replicas', counts.decommissioned, String(counts.decommissioned))}
${kv('Corrupt replicas', 'corrupt-replicas', counts.corrupt, String(counts.corrupt))}
${kv('Under construction', 'under-construction', String(info.underConstruction), info.underConstruction ? 'yes' : 'no')}
</table>
<h2>Replicas</h2>
<table class="grid" id="replicas"><thead><tr><th>DataNode</th><th>Generation stamp</th><th>Length</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>`;
  return { title: `Block blk_${id}`, body };
}
