/** The estimate as a report: trails (or another slice), calibration, Lake vs S3+Athena, warnings, assumptions. */
import type { BreakdownRow, Destination, EstimateResult, GroupBy, Span } from '../estimate/types.js';
import type { ReportDoc, Section, TableSection } from './doc.js';
import { count, countSpan, coverageShare, gb, pctSpan, ratio, usd, usdSpan } from './format.js';

export interface EstimateReportOptions {
  by: GroupBy;
  /** Rows for resource/prefix/event slices (0 = all). */
  top: number;
  /** Raw numbers (CSV) instead of display strings. */
  raw?: boolean;
  /** The terminal table (not --wide): leave out slice rows with nothing logged. Markdown, CSV and JSON keep all. */
  compact?: boolean;
}

const DEST_COLUMNS: Array<[Destination, string]> = [
  ['cloudtrail', 'CloudTrail'],
  ['s3', 'S3'],
  ['cloudwatch', 'CW Logs'],
  ['lake', 'Lake'],
  ['athena', 'Athena'],
];

export function numFmt(raw: boolean | undefined) {
  const r = (x: number, d: number) => String(Math.round(x * 10 ** d) / 10 ** d);
  const rs = (s: Span, d: number) => (Math.abs(s.high - s.low) < 1e-9 ? r(s.high, d) : `${r(s.low, d)}..${r(s.high, d)}`);
  return raw
    ? { usd: (s: Span) => rs(s, 2), events: (s: Span) => rs(s, 0) }
    : { usd: usdSpan, events: countSpan };
}

function scope(t: EstimateResult['trails'][number]): string {
  const parts = [t.organization ? 'org' : t.account, t.multiRegion ? 'all' : t.homeRegion];
  return parts.join('/');
}

function destinations(t: EstimateResult['trails'][number]): string {
  const d = t.destinations;
  if (t.kind === 'eventDataStore') return `Lake ${d.lake === 'seven-year' ? '7y' : '1y'}`;
  return [d.s3Bucket ? 'S3' : '', d.cloudWatchLogsGroup ? 'CWL' : ''].filter(Boolean).join('+');
}

export function trailsSection(r: EstimateResult, raw?: boolean): TableSection {
  const f = numFmt(raw);
  const used = DEST_COLUMNS.filter(([d]) => r.total.byDestination[d] && r.total.byDestination[d]!.high > 0);
  const anyProposed = r.trails.some((t) => t.proposed);
  const columns = [
    // Left out of a narrow table in this order: the split per destination (also in "Cost lines"), management
    // volume, where the trail reaches and delivers, data volume. Paid management copies and cost always stay.
    { header: 'Trail' }, { header: 'Scope', drop: 3 }, { header: 'To', drop: 2 },
    { header: 'Data ev/mo', align: 'right' as const, drop: 1 }, { header: 'Mgmt ev/mo', align: 'right' as const, drop: 4 }, { header: 'Paid mgmt', align: 'right' as const },
    ...used.map(([, h]) => ({ header: h, align: 'right' as const, drop: 5 })),
    { header: 'Total/mo', align: 'right' as const },
    ...(anyProposed ? [{ header: 'Proposed/mo', align: 'right' as const }] : []),
  ];
  const rows = r.trails.map((t) => [
    `${t.name}${t.kind === 'eventDataStore' ? ' (Lake)' : ''}`, scope(t), destinations(t), f.events(t.dataEvents), f.events(t.managementEvents), f.events(t.managementPaidCopies),
    ...used.map(([d]) => (t.byDestination[d] ? f.usd(t.byDestination[d]!) : raw ? '0' : '—')),
    f.usd(t.usd),
    ...(anyProposed ? [t.proposed ? f.usd(t.proposed.usd) : raw ? '' : '(unchanged)'] : []),
  ]);
  const orgLines = r.total.lines;
  for (const l of orgLines) {
    rows.push([l.label.replace(' over S3 logs', ''), raw ? '' : '—', '', '', '', '', ...used.map(([d]) => (d === l.destination ? f.usd(l.usd) : raw ? '0' : '—')), f.usd(l.usd), ...(anyProposed ? [raw ? '' : '(unchanged)'] : [])]);
  }
  const mgmt = r.trails.reduce((a, t) => ({ low: a.low + t.managementEvents.low, high: a.high + t.managementEvents.high }), { low: 0, high: 0 });
  const paid = r.trails.reduce((a, t) => ({ low: a.low + t.managementPaidCopies.low, high: a.high + t.managementPaidCopies.high }), { low: 0, high: 0 });
  const footer = [[
    'Total', '', '', f.events(r.total.dataEvents), f.events(mgmt), f.events(paid),
    ...used.map(([d]) => f.usd(r.total.byDestination[d]!)),
    f.usd(r.total.usd), ...(anyProposed && r.proposed ? [f.usd(r.proposed.usd)] : []),
  ]];
  const notes: string[] = [];
  if (r.total.unknown.nodes > 0) notes.push(`+ ${r.total.unknown.nodes} resource${r.total.unknown.nodes > 1 ? 's' : ''} of unknown volume logged (not counted, never zero)`);
  notes.push('Scope: org = every account of the organization; all = every Region. To: S3 bucket, CWL = CloudWatch Logs, Lake.');
  if (anyProposed) notes.push('Proposed: the selectors `trailcost optimize` writes for the trails the policy governs, evaluated like today\'s');
  for (const t of r.trails) if (t.proposed && t.proposed.status !== 'optimized') notes.push(`${t.name}: not optimized (${t.proposed.status}): proposed = today\'s selectors; trailcost optimize --trail ${t.name} says why`);
  return { kind: 'table', title: 'Monthly cost by trail (USD)', columns, rows, footer, notes };
}

function sliceSection(r: EstimateResult, by: Exclude<GroupBy, 'trail'>, rows: BreakdownRow[], top: number, raw?: boolean, compact?: boolean): TableSection {
  const f = numFmt(raw);
  // Trails that log no data events add an empty column: leave them out of slice views.
  const trailNames = r.trails.filter((t) => t.dataEvents.high > 0 || t.unknown.nodes > 0).map((t) => t.name);
  const withProv = by === 'resource' || by === 'prefix';
  const head = { account: 'Account', region: 'Region', resource: 'Resource', prefix: 'Prefix / resource', event: 'Event class' }[by];
  // Rows with nothing logged (no trail selects them, or measured zero) are noise in a cost table: leave them out
  // and say so; --json keeps every row.
  const all = rows;
  if (compact) rows = rows.filter((x) => x.events.high > 0 || x.usd.high > 0 || x.unknown > 0);
  const unlogged = all.length - rows.length;
  const shown = top > 0 ? rows.slice(0, top) : rows;
  const columns = [
    { header: head, wrap: true }, { header: 'Events/mo', align: 'right' as const }, { header: 'Cost/mo', align: 'right' as const },
    ...trailNames.map((n) => ({ header: n, align: 'right' as const, drop: 3 })),
    { header: 'Unknown', align: 'right' as const },
    ...(withProv ? [{ header: 'Provenance' }] : []),
  ];
  const body = shown.map((row) => [
    row.label, f.events(row.events), f.usd(row.usd), ...trailNames.map((n) => (row.perTrail[n].usd.high > 0 ? f.usd(row.perTrail[n].usd) : raw ? '0' : '—')),
    row.unknown > 0 ? String(row.unknown) : raw ? '0' : '', ...(withProv ? [row.provenance ?? ''] : []),
  ]);
  const sum = (sel: (x: BreakdownRow) => Span) => rows.reduce((a, x) => ({ low: a.low + sel(x).low, high: a.high + sel(x).high }), { low: 0, high: 0 });
  const footer = [[
    `Total (${rows.length} rows)`, f.events(sum((x) => x.events)), f.usd(sum((x) => x.usd)),
    ...trailNames.map((n) => f.usd(sum((x) => x.perTrail[n].usd))), String(rows.reduce((a, x) => a + x.unknown, 0)), ...(withProv ? [''] : []),
  ]];
  const notes = ['Data events only (cost = events × each trail\'s cost per data event); management events and fixed costs are in the trail view.'];
  if (unlogged > 0) {
    const noun = by === 'event' ? 'event class' : by === 'region' ? 'Region' : by;
    notes.push(`Left out: ${unlogged} ${noun}${unlogged > 1 ? (/(s|x)$/.test(noun) ? 'es' : 's') : ''} with no logged events (--wide, Markdown, CSV and --json list every row).`);
  }
  if (shown.length < rows.length) notes.unshift(`… ${rows.length - shown.length} more rows (use --top 0 for all)`);
  return { kind: 'table', title: `Data events by ${by}`, columns, rows: body, footer, notes };
}

/** Every priced line of every trail: what was multiplied by what (quantities in the price book's units). */
export function linesSection(r: EstimateResult, raw?: boolean): TableSection {
  const f = numFmt(raw);
  const qty = (q: Span, unit: string) => {
    const fmt = (x: number) => (raw ? String(Math.round(x * 1000) / 1000) : unit === 'events' || unit === 'requests' ? count(x) : x.toLocaleString('en-US', { maximumFractionDigits: x < 10 ? 3 : 1 }));
    return Math.abs(q.high - q.low) < 1e-9 ? fmt(q.high) : `${fmt(q.low)}${raw ? '..' : '–'}${fmt(q.high)}`;
  };
  const rows: string[][] = [];
  if (raw) {
    // CSV: one flat row per line, the trail on every row (for filtering and pivots).
    for (const t of r.trails) for (const l of t.lines) rows.push([t.name, l.label, qty(l.quantity, l.unit), l.unit, f.usd(l.usd), l.note ?? '']);
    for (const l of r.total.lines) rows.push(['—', l.label, qty(l.quantity, l.unit), l.unit, f.usd(l.usd), l.note ?? '']);
    return {
      kind: 'table', title: 'Cost lines',
      columns: [{ header: 'Trail' }, { header: 'Item' }, { header: 'Quantity', align: 'right' }, { header: 'Unit' }, { header: 'Cost/mo', align: 'right' }, { header: 'Note' }],
      rows,
    };
  }
  // Grouped under each trail (its total on the heading row): no repeated Trail column. Each distinct assumption
  // behind a line is a numbered note under the table, so the table fits a terminal and repeats nothing.
  const notes: string[] = [];
  const mark = (note: string | undefined) => {
    if (!note) return '';
    let i = notes.indexOf(note);
    if (i < 0) i = notes.push(note) - 1;
    return `[${i + 1}]`;
  };
  const line = (l: { label: string; quantity: Span; unit: string; usd: Span; note?: string }) => [`  ${l.label}`, qty(l.quantity, l.unit), l.unit, f.usd(l.usd), mark(l.note)];
  for (const t of r.trails) {
    rows.push([t.name, '', '', f.usd(t.usd), '']);
    for (const l of t.lines) rows.push(line(l));
  }
  if (r.total.lines.length > 0) {
    rows.push(['Organization-wide', '', '', f.usd(r.total.lines.reduce((a, l) => ({ low: a.low + l.usd.low, high: a.high + l.usd.high }), { low: 0, high: 0 })), '']);
    for (const l of r.total.lines) rows.push(line(l));
  }
  return {
    kind: 'table', title: 'Cost lines (what was multiplied by what)',
    columns: [{ header: 'Trail / item', wrap: true }, { header: 'Quantity', align: 'right' }, { header: 'Unit' }, { header: 'Cost/mo', align: 'right' }, { header: 'Note' }],
    rows,
    notes: notes.map((n, i) => `[${i + 1}] ${n}`),
  };
}

/** A ratio against the middle of a wide range says little: say when the bill is inside the modeled range. */
function shownRatio(c: EstimateResult['calibration'][number]): string {
  return c.inRange ? `in range (${ratio(c.ratio)})` : ratio(c.ratio);
}

export function calibrationSection(r: EstimateResult, raw?: boolean): TableSection | null {
  if (r.calibration.length === 0) return null;
  const f = numFmt(raw);
  return {
    kind: 'table',
    title: 'Calibration: modeled vs billed (per month)',
    columns: [{ header: 'Region' }, { header: 'Usage type' }, { header: 'Modeled', align: 'right' }, { header: 'Billed', align: 'right' }, { header: 'Billed/modeled', align: 'right' }],
    rows: r.calibration.map((c) => [c.region, c.usageType, f.events(c.modeled), c.billed === null ? '—' : raw ? String(Math.round(c.billed)) : count(c.billed), raw ? (c.ratio === null ? '' : c.ratio.toFixed(3)) : shownRatio(c)]),
    notes: [
      'Billed/modeled is against the middle of the modeled range; "in range" when the bill falls inside it.',
      'A ratio above 1 means the bill has events the model does not see (unknown volumes, unmodeled callers).',
    ],
  };
}

/** Billed CloudTrail usage the calibration does not compare, so the bill can be reconciled with the model. */
export function billedOtherSection(r: EstimateResult, raw?: boolean): TableSection | null {
  if (r.billedOther.length === 0) return null;
  return {
    kind: 'table',
    title: 'Billed CloudTrail usage not compared with the model (per month)',
    columns: [{ header: 'Region' }, { header: 'Usage type' }, { header: 'What', wrap: true }, { header: 'Quantity', align: 'right' }, { header: 'Billed/mo', align: 'right' }],
    rows: r.billedOther.map((o) => [o.region ?? '—', o.usageType, o.what, raw ? String(Math.round(o.quantity)) : count(o.quantity), raw ? o.usd.toFixed(2) : usd(o.usd)]),
    notes: ['From the same billing period as the calibration, scaled to a month.'],
  };
}

/** now − proposed (linked): a saving, a cost, or both ways when an unknown split decides. */
export function savingsText(s: Span): string {
  if (Math.abs(s.low) < 0.005 && Math.abs(s.high) < 0.005) return 'none (the proposal logs what is logged today)';
  if (s.low >= 0) return `${usdSpan(s)}/month`;
  if (s.high <= 0) return `${usdSpan({ low: -s.high, high: -s.low })}/month more than today (the policy asks to log more)`;
  return `between ${usd(-s.low)} more and ${usd(s.high)} less per month (a node's split is unknown)`;
}

export function summaryLines(r: EstimateResult): string[] {
  const out: string[] = [];
  out.push(`Total now: ${usdSpan(r.total.usd)}/month for ${countSpan(r.total.dataEvents)} data events`);
  if (r.proposed && r.trails.some((t) => t.proposed)) {
    out.push(`Proposed (the optimized selectors): ${usdSpan(r.proposed.usd)}/month for ${countSpan(r.proposed.dataEvents)} data events`);
    out.push(`Savings: ${savingsText(r.proposed.savings.usd)}`);
  }
  if (r.duplicates.events.high > 0) out.push(`Logged by more than one trail: ${countSpan(r.duplicates.events)} extra deliveries, ${usdSpan(r.duplicates.usd)}/month`);
  if (r.sensitiveCoverage) {
    const s = r.sensitiveCoverage;
    const cov = coverageShare(s);
    const share = cov ? ` (${pctSpan(cov)})` : '';
    out.push(`Sensitive volume (policy keep): ${countSpan(s.sensitive)} events/month, logged now: ${countSpan(s.logged)}${share}`);
  }
  if (r.total.unknown.nodes > 0) out.push(`Unknown volume: ${r.total.unknown.nodes} resource${r.total.unknown.nodes > 1 ? 's' : ''} logged whose volume is unknown (counted separately, not zero)`);
  return out;
}

export function queriesSection(r: EstimateResult, raw?: boolean): Section | null {
  const q = r.queries;
  if (!q) return null;
  const usdSpan = numFmt(raw).usd;
  return {
    kind: 'table',
    title: `Lake vs S3 + Athena for the same ${countSpan(q.events)} data events/month (${gb(q.gbScannedPerMonth)} scanned/month)`,
    columns: [{ header: 'Option', wrap: true }, { header: 'Monthly', align: 'right' }, { header: 'of which queries', align: 'right' }],
    rows: [
      [`S3 + Athena (trail delivery, storage, ${q.rates.athenaQuery} scanned)`, usdSpan(q.s3PlusAthena), usdSpan({ low: q.athenaUsd, high: q.athenaUsd })],
      [`Lake, one-year retention (${q.rates.lakeIngestOneYear} + ${q.rates.lakeQuery} scanned)`, usdSpan(q.lakeOneYear), usdSpan({ low: q.lakeUsd, high: q.lakeUsd })],
      ['Lake, seven-year retention (tiered)', usdSpan(q.lakeSevenYear), usdSpan({ low: q.lakeUsd, high: q.lakeUsd })],
    ],
    notes: q.lakeWarning ? [q.lakeWarning] : [],
  };
}

export function estimateReport(r: EstimateResult, opts: EstimateReportOptions, slices?: BreakdownRow[]): ReportDoc {
  const sections: Section[] = [];
  if (opts.by === 'trail') sections.push(trailsSection(r, opts.raw));
  else sections.push(sliceSection(r, opts.by, slices ?? [], opts.top, opts.raw, opts.compact));
  sections.push({ kind: 'text', title: 'Summary', lines: summaryLines(r) });
  if (opts.by === 'trail') {
    const lines = linesSection(r, opts.raw);
    if (lines.rows.length > 0) sections.push(lines);
  }
  const cal = calibrationSection(r, opts.raw);
  if (cal) sections.push(cal);
  const other = billedOtherSection(r, opts.raw);
  if (other) sections.push(other);
  const q = queriesSection(r, opts.raw);
  if (q) sections.push(q);
  if (r.warnings.length > 0) sections.push({ kind: 'text', title: 'Warnings', lines: r.warnings.map((w) => `- ${w.level === 'warning' ? '!' : 'i'} [${w.code}] ${w.message}`) });
  sections.push({
    kind: 'table', title: 'Assumptions',
    columns: [{ header: 'Assumption' }, { header: 'Value', wrap: true }, { header: 'Source' }, { header: 'Note', wrap: true }],
    rows: r.assumptions.map((a) => [a.key, a.value, a.source, a.note ?? '']),
    narrow: r.assumptions.map((a) => `${a.key}: ${a.value} [${a.source}]${a.note ? ` — ${a.note}` : ''}`),
  });
  return { title: `trailcost estimate — ${r.scenario}`, subtitle: 'Monthly (730 h), USD, list prices; ranges where a selector splits a node whose split is unknown.', sections };
}
