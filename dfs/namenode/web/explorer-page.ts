import type { Request } from 'express';
import { formatBytes, formatTime, html, link, type SafeHtml } from '../../../common/web/html';
import { normalizePath } from '../fs-directory';
import type { NameNode } from '../namenode';
import { breadcrumbs, explorerHref, fileHref, permissionString } from './format';
import { optionalParam, WebError, type PageAnswer } from './layout';

/** Entries listed for one directory; a bigger one says how many it has. */
export const MAX_ENTRIES_LISTED = 1000;

/** The path's ancestors as links, for the top of the explorer and file pages. */
export function breadcrumbLinks(path: string): SafeHtml {
  const crumbs = breadcrumbs(path);
  return html`<p class="breadcrumbs" id="breadcrumbs">${crumbs.map(([name, p], i) =>
    html`${i > 1 ? ' / ' : i === 1 ? ' ' : ''}${i === crumbs.length - 1 ? html`<b data-path="${p}">${name}</b>` : html`<a href="${explorerHref(p)}" data-path="${p}">${name}</a>`}`,
  )}</p>`;
}

/**
 * `/explorer?path=/some/dir`: a directory's entries as `hadoop fs -ls` shows them, each name
 * linking into the directory or to the file's page. A path naming a file redirects to /file.
 * Invalid paths (relative, `..`, NUL, too long) are refused by the namespace's own checks.
 */
export function explorerPage(nn: NameNode, req: Request): PageAnswer {
  const path = normalizePath(optionalParam(req, 'path', '/'));
  const node = nn.dir.getINode(path);
  if (!node) throw new WebError(404, `No such file or directory: ${path}`);
  if (!node.dir) return { redirect: fileHref(path) };
  const children = nn.dir.sortedChildren(node);
  const shown = children.slice(0, MAX_ENTRIES_LISTED);
  const prefix = path === '/' ? '/' : path + '/';
  const rows = shown.map((c) => {
    const s = nn.dir.toStatus(c, prefix + c.name);
    return html`<tr data-path="${s.path}" data-type="${s.isDirectory ? 'dir' : 'file'}" data-length="${s.length}">
<td class="name">${link(s.isDirectory ? explorerHref(s.path) : fileHref(s.path), c.name)}</td>
<td class="type">${s.isDirectory ? 'dir' : 'file'}</td>
<td class="size">${s.isDirectory ? '' : formatBytes(s.length)}</td>
<td class="replication">${s.isDirectory ? '' : String(s.replication)}</td>
<td class="block-size">${s.isDirectory ? '' : formatBytes(s.blockSize)}</td>
<td class="mtime">${formatTime(s.modificationTime)}</td>
<td class="permission">${permissionString(s.permission, s.isDirectory)}</td>
<td class="owner">${s.owner}</td>
<td class="group">${s.group}</td>
</tr>`;
  });
  const body = html`${breadcrumbLinks(path)}
<p id="entry-count" data-value="${children.length}">${children.length > shown.length ? `The first ${shown.length} of ${children.length} entries` : `${children.length} entries`}</p>
<table class="grid" id="listing"><thead><tr><th>Name</th><th>Type</th><th>Size</th><th>Replication</th><th>Block Size</th><th>Modification Time</th><th>Permission</th><th>Owner</th><th>Group</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  return { title: `Contents of directory ${path}`, body };
}
