/**
 * The live start's progress view: what the scan is doing now, the four parts (inventory, trails, metrics,
 * billing), one row per account, the gaps so far. Lines are laid out by `progressLines` (pure: fitted to the
 * width, account names and every other AWS-provided text made terminal-safe); the component only draws them.
 */
import { Box, Text } from 'ink';
import { fit } from '../format.js';
import { useTheme, type Theme } from '../theme.js';
import { isTooSmall, TooSmall } from '../components/TooSmall.js';
import { PARTS, type AccountRow, type ScanView, type Status } from './scan-state.js';

export type Tone = 'accent' | 'dim' | 'good' | 'warn' | 'bad' | 'plain';
export interface Line {
  text: string;
  tone: Tone;
  bold?: boolean;
}

export interface ProgressFrame {
  /** What is being scanned, in words ("profile prod · account 1111… · org role R"); made safe here. */
  title: string;
  width: number;
  height: number;
  elapsedMs: number;
  /** Shown under the parts: the kept snapshot did not load, a rescan replaces the one on screen, ... */
  note?: string;
}

const GLYPH: Record<Status, string> = { waiting: '·', running: '▸', done: '✓' };
const PART_TITLE = { inventory: 'inventory', trails: 'trails', metrics: 'metrics', billing: 'billing' } as const;
/** Rows the layout needs besides the account rows (title, now, parts, headers, gaps, footer, Ink's spare line). */
const FIXED_ROWS = 13;

const n = (x: number) => x.toLocaleString('en-US');

function bar(count: number, total: number, width: number): string {
  if (total <= 0) return count > 0 ? n(count) : '';
  const filled = Math.round(Math.min(1, count / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n(count)}/${n(total)}`;
}

function partLine(v: ScanView, part: (typeof PARTS)[number]): string {
  const p = v.parts[part];
  const accounts = Math.max(v.accounts.length, p.started);
  switch (part) {
    case 'inventory':
      return p.status === 'waiting' ? 'buckets, functions, tables, metrics configurations' : `${p.done}/${accounts} accounts · ${n(p.found)} buckets, functions, tables`;
    case 'trails':
      return p.status === 'waiting' ? 'trails and their selectors' : `${p.done}/${accounts} accounts · ${n(p.found)} trails`;
    case 'metrics':
      return p.status === 'waiting' ? (v.finished ? 'nothing to read' : 'CloudWatch request metrics') : `${p.done}/${p.started} account·Regions · ${n(p.found)} metrics read`;
    case 'billing':
      return p.status === 'waiting' ? (v.finished ? 'skipped' : 'Cost Explorer (CloudTrail usage)') : p.status === 'running' ? 'Cost Explorer (CloudTrail usage)' : `${n(p.found)} usage rows`;
  }
}

function cell(status: Status, value: number | null): string {
  return status === 'done' ? `${GLYPH.done} ${value === null ? '' : n(value)}`.trimEnd() : GLYPH[status];
}

function metricsCell(r: AccountRow, begun: boolean): string {
  const m = r.metrics;
  if (m.started === 0) return begun ? '—' : GLYPH.waiting;
  return m.done >= m.started ? `${GLYPH.done} ${m.done}/${m.started}` : `${GLYPH.running} ${m.done}/${m.started}`;
}

const COLS = { regions: 7, inventory: 10, trails: 7, metrics: 9, gaps: 5 };

function accountLine(r: AccountRow, width: number, begun: boolean): string {
  const rest = COLS.regions + COLS.inventory + COLS.trails + COLS.metrics + COLS.gaps + 5;
  const nameW = Math.max(12, width - 1 - rest);
  const label = r.name ? `${r.id} ${r.name}` : r.id;
  const regions = r.regions !== null ? String(r.regions) : r.inventory === 'running' ? GLYPH.running : GLYPH.waiting;
  return ' ' + [
    fit(label, nameW),
    fit(regions, COLS.regions, 'right'),
    fit(cell(r.inventory, r.items), COLS.inventory, 'right'),
    fit(cell(r.trails, r.trailCount), COLS.trails, 'right'),
    fit(metricsCell(r, begun), COLS.metrics, 'right'),
    fit(r.gaps ? String(r.gaps) : '—', COLS.gaps, 'right'),
  ].join(' ');
}

function headerLine(width: number): string {
  const rest = COLS.regions + COLS.inventory + COLS.trails + COLS.metrics + COLS.gaps + 5;
  const nameW = Math.max(12, width - 1 - rest);
  return ' ' + [fit('account', nameW), fit('Regions', COLS.regions, 'right'), fit('inventory', COLS.inventory, 'right'), fit('trails', COLS.trails, 'right'), fit('metrics', COLS.metrics, 'right'), fit('gaps', COLS.gaps, 'right')].join(' ');
}

/** Accounts to show in `room` rows: all in order when they fit, else the ones being read first. */
function visibleAccounts(rows: AccountRow[], room: number): { shown: AccountRow[]; hidden: number; hiddenDone: number } {
  if (rows.length <= room) return { shown: rows, hidden: 0, hiddenDone: 0 };
  const busy = (r: AccountRow) => r.inventory === 'running' || r.trails === 'running' || r.metrics.done < r.metrics.started;
  const ordered = [...rows.filter(busy), ...rows.filter((r) => !busy(r))];
  const take = Math.max(0, room - 1);
  const shown = new Set(ordered.slice(0, take));
  const rest = rows.filter((r) => !shown.has(r));
  const isDone = (r: AccountRow) => r.inventory === 'done' && r.trails === 'done' && r.metrics.done >= r.metrics.started;
  return { shown: rows.filter((r) => shown.has(r)), hidden: rest.length, hiddenDone: rest.filter(isDone).length };
}

/** The frame as lines of exactly `width` cells (at most `height - 1`: Ink's last line stays free). */
export function progressLines(v: ScanView, f: ProgressFrame): Line[] {
  const w = f.width;
  const out: Line[] = [];
  const push = (text: string, tone: Tone = 'plain', bold = false) => out.push({ text: fit(text, w), tone, bold });
  push(`trailcost · scanning  ${f.title}`, 'accent', true);
  const secs = `${(f.elapsedMs / 1000).toFixed(1)} s`;
  const now = v.finished ? 'scan done: building the view' : v.label;
  const b = v.finished ? '' : bar(v.count, v.total, 16);
  // The label gives way to the count and the clock: they are what moves.
  const avail = Math.max(1, w - secs.length - 1);
  const head = fit(now, Math.max(1, avail - (b ? b.length + 2 : 0))).trimEnd() + (b ? '  ' + b : '');
  push(`${head.padEnd(avail)} ${secs}`);
  push('');
  for (const part of PARTS) {
    const p = v.parts[part];
    push(` ${GLYPH[p.status]} ${PART_TITLE[part].padEnd(10)} ${partLine(v, part)}`, p.status === 'done' ? 'good' : p.status === 'running' ? 'plain' : 'dim');
  }
  push(f.note ?? '', 'warn');
  const room = Math.max(1, f.height - FIXED_ROWS);
  if (v.accounts.length === 0) {
    push(' accounts: listed once the organization is read', 'dim');
  } else {
    push(headerLine(w), 'dim', true);
    const begun = v.parts.metrics.started > 0 || v.parts.billing.started > 0 || v.finished;
    const vis = visibleAccounts(v.accounts, room);
    for (const r of vis.shown) push(accountLine(r, w, begun), r.gaps > 0 ? 'warn' : 'plain');
    if (vis.hidden > 0) push(` … ${n(vis.hidden)} more account(s), ${n(vis.hiddenDone)} of them done`, 'dim');
  }
  push('');
  push(v.gaps > 0 ? `${n(v.gaps)} call(s) failed so far: each becomes a gap, listed in the Overview warnings` : 'no gaps so far', v.gaps > 0 ? 'warn' : 'dim');
  push('q quits (a scan stopped early keeps nothing) · the view opens when the scan is done', 'dim');
  return out.slice(0, Math.max(1, f.height - 1));
}

function color(theme: Theme, tone: Tone): string | undefined {
  return tone === 'plain' ? undefined : theme[tone];
}

export function ScanProgress({ view, frame }: { view: ScanView; frame: ProgressFrame }) {
  const theme = useTheme();
  if (isTooSmall({ columns: frame.width, rows: frame.height })) return <TooSmall columns={frame.width} rows={frame.height} />;
  const lines = progressLines(view, frame);
  return (
    <Box flexDirection="column" width={frame.width} height={frame.height - 1} overflow="hidden">
      {lines.map((l, i) => (
        <Text key={i} color={color(theme, l.tone)} bold={l.bold} wrap="truncate-end">{l.text}</Text>
      ))}
    </Box>
  );
}
