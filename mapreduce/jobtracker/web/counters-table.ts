import { Counter, Counters, CountersJSON, FileInputFormatCounter, FileOutputFormatCounter, FileSystemCounterGroup, JobCounter, TaskCounter } from '../../api/counters';
import { html, SafeHtml } from '../../../common/web/html';
import type { TaskReport } from '../../protocol/types';

/** Groups in the order Hadoop's job page lists them; user groups follow, as they came. */
const GROUP_ORDER = [JobCounter.group, FileOutputFormatCounter.group, FileSystemCounterGroup, FileInputFormatCounter.group, TaskCounter.group];

/**
 * The per-kind sums of a job's counters as Hadoop's jobdetails.jsp shows them: each finished
 * task's successful attempt's counters, summed over the map tasks and over the reduce tasks.
 */
export function countersByKind(tasks: TaskReport[]): { map: CountersJSON; reduce: CountersJSON } {
  const map = new Counters();
  const reduce = new Counters();
  for (const t of tasks) {
    const won = t.attempts.find((a) => a.attemptId === t.successfulAttempt);
    if (won) (t.isMap ? map : reduce).incrAll(won.counters);
  }
  return { map: map.toJSON(), reduce: reduce.toJSON() };
}

function orderedGroups(...sets: CountersJSON[]): string[] {
  const all = new Set<string>();
  for (const s of sets) for (const g of Object.keys(s)) all.add(g);
  return [...GROUP_ORDER.filter((g) => all.has(g)), ...[...all].filter((g) => !GROUP_ORDER.includes(g))];
}

/**
 * The counters table: group, counter (display names), map, reduce, total. Each row carries
 * data-group and data-counter (the counter's real names) and each value cell data-value.
 */
export function countersTable(total: CountersJSON, map: CountersJSON, reduce: CountersJSON, id = 'counters'): SafeHtml {
  const groups = orderedGroups(total, map, reduce);
  if (groups.length === 0) return html`<p id="${id}" class="none">No counters yet</p>`;
  const rows: SafeHtml[] = [];
  for (const g of groups) {
    const names = new Set([...Object.keys(total[g] ?? {}), ...Object.keys(map[g] ?? {}), ...Object.keys(reduce[g] ?? {})]);
    let first = true;
    for (const n of names) {
      const v = (set: CountersJSON, kind: string) => html`<td data-kind="${kind}" data-value="${set[g]?.[n] ?? 0}">${(set[g]?.[n] ?? 0).toLocaleString('en-US')}</td>`;
      rows.push(
        html`<tr data-group="${g}" data-counter="${n}"><td>${first ? Counters.groupDisplayName(g) : ''}</td><td>${new Counter(g, n).getDisplayName()}</td>${v(map, 'map')}${v(reduce, 'reduce')}${v(total, 'total')}</tr>`,
      );
      first = false;
    }
  }
  return html`<table class="grid" id="${id}"><thead><tr><th>Group</th><th>Counter</th><th>Map</th><th>Reduce</th><th>Total</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** One attempt's counters: group, counter, value. */
export function attemptCountersTable(counters: CountersJSON, id = 'counters'): SafeHtml {
  const groups = orderedGroups(counters);
  if (groups.length === 0) return html`<p id="${id}" class="none">No counters</p>`;
  const rows: SafeHtml[] = [];
  for (const g of groups) {
    let first = true;
    for (const [n, value] of Object.entries(counters[g])) {
      rows.push(
        html`<tr data-group="${g}" data-counter="${n}"><td>${first ? Counters.groupDisplayName(g) : ''}</td><td>${new Counter(g, n).getDisplayName()}</td><td data-value="${value}">${value.toLocaleString('en-US')}</td></tr>`,
      );
      first = false;
    }
  }
  return html`<table class="grid" id="${id}"><thead><tr><th>Group</th><th>Counter</th><th>Value</th></tr></thead><tbody>${rows}</tbody></table>`;
}
