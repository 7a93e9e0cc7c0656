import { html, SafeHtml } from '../../../common/web/html';
import { layoutRows, TimelineRow } from './timeline-layout';
import { attemptEnd, phaseSegments, TimelineAttempt, TimelineInput, TimelinePhase } from './timeline-model';

export { timelineFromHistory, timelineFromReports } from './timeline-model';
export type { TimelineAttempt, TimelineInput, TimelinePhase, TimelineTracker } from './timeline-model';

/**
 * The job timeline (issue 6): one row per TaskTracker slot, one bar per attempt from its start to
 * its end (or now), split into its phases in their colours; failed attempts outlined red and
 * hatched with an ✕, killed ones grey and dashed, speculative ones in a dashed purple frame with
 * an S. Drawn by the server as one standalone SVG (served as image/svg+xml or inlined in a page);
 * presentation attributes only, no <style>, so inlining it restyles nothing else on the page.
 * Every string in it (ids, tracker names, errors) goes through the `html` tag's escaping.
 */
const WIDTH = 1000;
const LABEL_RIGHT = 232;
const PLOT_LEFT = 240;
const PLOT_RIGHT = 985;
const TOP = 34;
const ROW_H = 18;
const BAR_Y = 3;
const BAR_H = 12;
const AXIS_H = 36;
const LABEL_MAX = 26;

export const PHASE_COLOURS: Record<TimelinePhase, string> = {
  MAP: '#4e79a7',
  SHUFFLE: '#edc948',
  SORT: '#f28e2b',
  REDUCE: '#59a14f',
};
const STARTING_COLOUR = '#d4d4d4';
const FAILED_COLOUR = '#d62728';
const KILLED_COLOUR = '#6b6b6b';
const SPECULATIVE_COLOUR = '#8e44ad';

interface Scale {
  t0: number;
  span: number;
  x(t: number): number;
}

export function renderTimeline(input: TimelineInput): string {
  const rows = layoutRows(input);
  const scale = timeScale(input);
  const height = TOP + Math.max(1, rows.length) * ROW_H + AXIS_H;
  const hatch = `tl-hatch-${input.jobId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const body = html`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="11" class="timeline" data-job="${input.jobId}" data-rows="${rows.length}" aria-label="${`Timeline of ${input.jobId}`}">
<defs><pattern id="${hatch}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="none"/><line x1="0" y1="0" x2="0" y2="6" stroke="${FAILED_COLOUR}" stroke-width="2"/></pattern></defs>
<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>
${legend(hatch)}
${rows.length === 0 ? html`<text x="${PLOT_LEFT}" y="${TOP + 12}" fill="#666">No attempts yet</text>` : ''}
${rows.map((r, i) => row(r, i, rows[i - 1], input, scale, hatch))}
${axis(scale, TOP + Math.max(1, rows.length) * ROW_H)}
${input.finishTime === 0 ? nowLine(scale, input.now, height) : ''}
</svg>`;
  return body.value;
}

/** Job start to its end (or now, or the last attempt's end), never less than a second wide. */
function timeScale(input: TimelineInput): Scale {
  const starts = input.attempts.map((a) => a.startTime).filter((t) => t > 0);
  let t0 = input.startTime > 0 ? input.startTime : starts.length > 0 ? Math.min(...starts) : input.now;
  if (starts.length > 0) t0 = Math.min(t0, ...starts);
  let t1 = input.finishTime > 0 ? input.finishTime : input.now;
  for (const a of input.attempts) t1 = Math.max(t1, attemptEnd(a, input.now));
  const span = Math.max(1000, t1 - t0);
  const w = PLOT_RIGHT - PLOT_LEFT;
  return { t0, span, x: (t) => round(PLOT_LEFT + ((Math.min(Math.max(t, t0), t0 + span) - t0) / span) * w) };
}

function legend(hatch: string): SafeHtml {
  const items: Array<[string, string, SafeHtml]> = [
    ['MAP', 'map', swatch(PHASE_COLOURS.MAP)],
    ['SHUFFLE', 'shuffle', swatch(PHASE_COLOURS.SHUFFLE)],
    ['SORT', 'sort / merge', swatch(PHASE_COLOURS.SORT)],
    ['REDUCE', 'reduce', swatch(PHASE_COLOURS.REDUCE)],
    ['STARTING', 'starting', swatch(STARTING_COLOUR)],
    ['FAILED', 'failed', html`<rect width="14" height="10" fill="url(#${hatch})" stroke="${FAILED_COLOUR}" stroke-width="1.5"/>`],
    ['KILLED', 'killed', html`<rect width="14" height="10" fill="${STARTING_COLOUR}" fill-opacity="0.5" stroke="${KILLED_COLOUR}" stroke-dasharray="3,2"/>`],
    ['SPECULATIVE', 'speculative', html`<rect width="14" height="10" fill="none" stroke="${SPECULATIVE_COLOUR}" stroke-dasharray="2,2" stroke-width="1.5"/>`],
  ];
  return html`<g class="legend">${items.map(
    ([key, label, mark], i) => html`<g data-legend="${key}" transform="translate(${10 + i * 118},8)">${mark}<text x="19" y="9" fill="#222">${label}</text></g>`,
  )}</g>`;
}

function swatch(colour: string): SafeHtml {
  return html`<rect width="14" height="10" fill="${colour}"/>`;
}

function row(r: TimelineRow, i: number, prev: TimelineRow | undefined, input: TimelineInput, scale: Scale, hatch: string): SafeHtml {
  const y = TOP + i * ROW_H;
  const kind = r.isMap ? 'map' : 'reduce';
  const name = r.tracker.length > LABEL_MAX ? `${r.tracker.slice(0, LABEL_MAX - 1)}…` : r.tracker;
  const labelText = html`<text x="${LABEL_RIGHT}" y="${y + 13}" text-anchor="end" fill="#222"><title>${r.tracker}</title>${name} ${kind} ${r.slot}</text>`;
  const label = input.trackerHref ? html`<a href="${input.trackerHref(r.tracker)}">${labelText}</a>` : labelText;
  const newTracker = prev === undefined || prev.tracker !== r.tracker;
  return html`<g class="row" data-tracker="${r.tracker}" data-kind="${kind}" data-slot="${r.slot}">
<rect x="0" y="${y}" width="${WIDTH}" height="${ROW_H}" fill="${i % 2 === 0 ? '#f6f7f9' : '#ffffff'}"/>${
    newTracker ? html`<line x1="0" y1="${y}" x2="${WIDTH}" y2="${y}" stroke="#b8bcc4"/>` : ''
  }${label}
${r.attempts.map((a) => bar(a, y, input, scale, hatch))}</g>
`;
}

function bar(a: TimelineAttempt, rowY: number, input: TimelineInput, scale: Scale, hatch: string): SafeHtml {
  const end = attemptEnd(a, input.now);
  const x1 = scale.x(a.startTime);
  const w = Math.max(1, round(scale.x(end) - x1));
  const y = rowY + BAR_Y;
  const failed = a.state === 'FAILED';
  const killed = a.state === 'KILLED';
  const fade = killed ? '0.45' : '1';
  const segments = phaseSegments(a, input.now).map((s) => {
    const sx = scale.x(s.start);
    return html`<rect class="phase" data-phase="${s.phase}" x="${sx}" y="${y}" width="${round(Math.max(0.5, scale.x(s.end) - sx))}" height="${BAR_H}" fill="${PHASE_COLOURS[s.phase]}" fill-opacity="${fade}"/>`;
  });
  const outline = failed
    ? html`<rect x="${x1}" y="${y}" width="${w}" height="${BAR_H}" fill="url(#${hatch})" stroke="${FAILED_COLOUR}" stroke-width="1.5"/><text data-marker="failed" x="${x1 + w + 2}" y="${y + 10}" fill="${FAILED_COLOUR}" font-weight="bold">✕</text>`
    : killed
      ? html`<rect data-marker="killed" x="${x1}" y="${y}" width="${w}" height="${BAR_H}" fill="none" stroke="${KILLED_COLOUR}" stroke-dasharray="3,2"/>`
      : '';
  const spec = a.speculative
    ? html`<rect data-marker="speculative" x="${x1 - 1.5}" y="${y - 1.5}" width="${w + 3}" height="${BAR_H + 3}" fill="none" stroke="${SPECULATIVE_COLOUR}" stroke-dasharray="2,2" stroke-width="1.5"/><text class="spec-label" x="${x1 - 9}" y="${y + 10}" fill="${SPECULATIVE_COLOUR}" font-weight="bold">S</text>`
    : '';
  const g = html`<g class="attempt" data-attempt="${a.attemptId}" data-task="${a.taskId}" data-state="${a.state}" data-speculative="${String(a.speculative)}" data-kind="${a.isMap ? 'map' : 'reduce'}"><title>${tooltip(a, input, end)}</title><rect class="bar" x="${x1}" y="${y}" width="${w}" height="${BAR_H}" fill="${STARTING_COLOUR}" fill-opacity="${fade}"/>${segments}${outline}${spec}</g>`;
  return input.attemptHref ? html`<a href="${input.attemptHref(a.attemptId)}">${g}</a>` : g;
}

/** The bar's tooltip: which attempt, how it ended, when and how long, each phase's time, its error. */
function tooltip(a: TimelineAttempt, input: TimelineInput, end: number): string {
  const t0 = input.startTime > 0 ? input.startTime : a.startTime;
  const running = a.finishTime <= 0;
  const lines = [
    `${a.attemptId}${a.speculative ? ' (speculative)' : ''}`,
    `${a.state} on ${a.tracker}`,
    `started at +${seconds(a.startTime - t0)}, ${running ? 'running for' : 'took'} ${duration(end - a.startTime)}`,
  ];
  const segs = phaseSegments(a, input.now);
  const first = segs.length > 0 ? segs[0].start : end;
  const parts = first > a.startTime ? [`starting ${duration(first - a.startTime)}`] : [];
  for (const s of segs) parts.push(`${s.phase.toLowerCase()} ${duration(s.end - s.start)}`);
  if (parts.length > 0) lines.push(parts.join(', '));
  if (a.error) lines.push(`${a.state === 'FAILED' ? 'error' : 'reason'}: ${a.error.length > 600 ? `${a.error.slice(0, 600)}…` : a.error}`);
  return lines.join('\n');
}

function axis(scale: Scale, y: number): SafeHtml {
  const step = tickStep(scale.span);
  const ticks: number[] = [];
  for (let s = 0; s * step <= scale.span + 1e-6; s++) ticks.push(s * step);
  return html`<g class="axis"><line x1="${PLOT_LEFT}" y1="${y}" x2="${PLOT_RIGHT}" y2="${y}" stroke="#444"/>${ticks.map((ms) => {
    const x = scale.x(scale.t0 + ms);
    return html`<g class="tick" data-seconds="${ms / 1000}"><line x1="${x}" y1="${TOP}" x2="${x}" y2="${y + 4}" stroke="#000" stroke-opacity="0.12"/><text x="${x}" y="${y + 16}" text-anchor="middle" fill="#333">${tickLabel(ms, step)}</text></g>`;
  })}<text x="${PLOT_RIGHT}" y="${y + 30}" text-anchor="end" fill="#666">seconds since the job started</text></g>`;
}

/** A round step that gives at most ten ticks. */
export function tickStep(spanMs: number): number {
  const steps = [100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000];
  for (const s of steps) if (spanMs / s <= 10) return s;
  let s = 3600000;
  while (spanMs / s > 10) s *= 2;
  return s;
}

function tickLabel(ms: number, step: number): string {
  return step < 1000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

function nowLine(scale: Scale, now: number, height: number): SafeHtml {
  const x = scale.x(now);
  return html`<g class="now"><line x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${height - AXIS_H + 4}" stroke="${FAILED_COLOUR}" stroke-dasharray="4,3"/><text x="${x}" y="${TOP - 6}" text-anchor="middle" fill="${FAILED_COLOUR}">now</text></g>`;
}

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))}ms` : `${(ms / 1000).toFixed(1)}s`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
