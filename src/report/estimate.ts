/** The estimate as a report: trails (or another slice), calibration, Lake vs S3+Athena, warnings, assumptions. */
import type { BreakdownRow, Destination, EstimateResult, GroupBy, Span } from '../estimate/types.js';
import type { Column, ReportDoc, Section, TableSection } from './doc.js';
import { duplicateTotal } from '../estimate/duplicates.js';
import { count, countKnown, countSpan, coverageShare, gb, hasPartlyUnknown, knownOrNull, partlyUnknownNote, pctSpan, ratio, usd, usdKnown, usdSpan } from './format.js';

export interface EstimateReportOptions {
  by: GroupBy;
  /** Rows for resource/prefix/event slices (0 = all). */
  top: number;
  /**
   * CSV: one tidy table instead of the report — every row (not the --top shown), one observation a row, low and
   * high of each range as numeric columns, an empty cell where a value is unknown (never 0).
   */
  raw?: boolean;
  /** With raw: unknown-volume classes each governed trail still logs with the proposed selectors (by trail name). */
  proposedUnknown?: ReadonlyMap<string, number>;
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

/** A number for a CSV cell: rounded to `digits` decimals, no exponent, no grouping; '' when unknown. */
export function csvNumber(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  const r = Math.round(x * 10 ** digits) / 10 ** digits;
  return Object.is(r, -0) ? '0' : r.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: digits });
}

/** A range as two CSV cells, low and high; two empty cells when it is unknown. */
export function csvSpan(s: Span | null | undefined, digits: number): [string, string] {
  return [csvNumber(s?.low, digits), csvNumber(s?.high, digits)];
}

/** Decimals of the CSV's numeric columns: USD to a hundredth of a cent (a sub-cent resource is not 0), events whole. */
export const CSV_USD_DIGITS = 4;
export const CSV_EVENT_DIGITS = 0;

/**
 * Unknown-volume parts behind a destination's total: those of the trails delivering there (a CloudWatch Logs total
 * is complete when only fully measured trails stream to it, whatever other trails leave out).
 */
export function destinationParts(trails: EstimateResult['trails'], d: Destination): number {
  return trails.reduce((a, t) => a + (t.byDestination[d] ? t.unknown.classes : 0), 0);
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

/**
 * The trail table. A figure with parts of unknown volume shows its known part and `+?`; one with nothing known,
 * `unknown` (never $0.00). `proposedUnknown`: unknown-volume classes each governed trail still logs with the
 * proposed selectors (by trail name; default: today's).
 */
export function trailsSection(r: EstimateResult, proposedUnknown?: ReadonlyMap<string, number>): TableSection {
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
  const parts = (t: EstimateResult['trails'][number]) => t.unknown.classes;
  const proposedParts = (t: EstimateResult['trails'][number]) => (t.proposed ? (proposedUnknown?.get(t.name) ?? parts(t)) : parts(t));
  const rows = r.trails.map((t) => [
    `${t.name}${t.kind === 'eventDataStore' ? ' (Lake)' : ''}`, scope(t), destinations(t), countKnown(t.dataEvents, parts(t)), countSpan(t.managementEvents), countSpan(t.managementPaidCopies),
    ...used.map(([d]) => (t.byDestination[d] ? usdKnown(t.byDestination[d]!, parts(t)) : '—')),
    usdKnown(t.usd, parts(t)),
    ...(anyProposed ? [t.proposed ? usdKnown(t.proposed.usd, proposedParts(t)) : '(unchanged)'] : []),
  ]);
  const orgLines = r.total.lines;
  for (const l of orgLines) {
    rows.push([l.label.replace(' over S3 logs', ''), '—', '', '', '', '', ...used.map(([d]) => (d === l.destination ? usdSpan(l.usd) : '—')), usdSpan(l.usd), ...(anyProposed ? ['(unchanged)'] : [])]);
  }
  const mgmt = r.trails.reduce((a, t) => ({ low: a.low + t.managementEvents.low, high: a.high + t.managementEvents.high }), { low: 0, high: 0 });
  const paid = r.trails.reduce((a, t) => ({ low: a.low + t.managementPaidCopies.low, high: a.high + t.managementPaidCopies.high }), { low: 0, high: 0 });
  // As in --json: a total leaves out the sum of its trails' unknown parts.
  const totalParts = r.trails.reduce((a, t) => a + parts(t), 0);
  const totalProposedParts = r.trails.reduce((a, t) => a + proposedParts(t), 0);
  const footer = [[
    'Total', '', '', countKnown(r.total.dataEvents, totalParts), countSpan(mgmt), countSpan(paid),
    ...used.map(([d]) => usdKnown(r.total.byDestination[d]!, destinationParts(r.trails, d))),
    usdKnown(r.total.usd, totalParts), ...(anyProposed && r.proposed ? [usdKnown(r.proposed.usd, totalProposedParts)] : []),
  ]];
  const notes: string[] = [];
  if (r.total.unknown.nodes > 0 || hasPartlyUnknown([...rows, ...footer])) notes.push(partlyUnknownNote(r.total.unknown.nodes));
  notes.push('Scope: org = every account of the organization; all = every Region. To: S3 bucket, CWL = CloudWatch Logs, Lake.');
  if (anyProposed) notes.push('Proposed: the selectors `trailcost optimize` writes for the trails the policy governs, evaluated like today\'s');
  for (const t of r.trails) if (t.proposed && t.proposed.status !== 'optimized') notes.push(`${t.name}: not optimized (${t.proposed.status}): proposed = today\'s selectors; trailcost optimize --trail ${t.name} says why`);
  return { kind: 'table', title: 'Monthly cost by trail (USD)', columns, rows, footer, notes };
}

function sliceSection(r: EstimateResult, by: Exclude<GroupBy, 'trail'>, rows: BreakdownRow[], top: number, compact?: boolean): TableSection {
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
    // The count of unknown-volume parts: the cells already say `+?` / `unknown`, so it goes before provenance.
    { header: 'Unknown', align: 'right' as const, drop: 2 },
    ...(withProv ? [{ header: 'Provenance' }] : []),
  ];
  // A trail's cell: '—' when it logs nothing here; its known part (+?) or `unknown` when it logs something.
  const cell = (c: BreakdownRow['perTrail'][string]) => (c.usd.high > 0 || c.unknown > 0 ? usdKnown(c.usd, c.unknown) : '—');
  const body = shown.map((row) => [
    row.label, countKnown(row.events, row.unknown), usdKnown(row.usd, row.unknown), ...trailNames.map((n) => cell(row.perTrail[n])),
    row.unknown > 0 ? String(row.unknown) : '', ...(withProv ? [row.provenance ?? ''] : []),
  ]);
  const sum = (sel: (x: BreakdownRow) => Span) => rows.reduce((a, x) => ({ low: a.low + sel(x).low, high: a.high + sel(x).high }), { low: 0, high: 0 });
  const unknownSum = (sel: (x: BreakdownRow) => number) => rows.reduce((a, x) => a + sel(x), 0);
  const footer = [[
    `Total (${rows.length} rows)`, countKnown(sum((x) => x.events), unknownSum((x) => x.unknown)), usdKnown(sum((x) => x.usd), unknownSum((x) => x.unknown)),
    ...trailNames.map((n) => usdKnown(sum((x) => x.perTrail[n].usd), unknownSum((x) => x.perTrail[n].unknown))), String(unknownSum((x) => x.unknown)), ...(withProv ? [''] : []),
  ]];
  const notes = ['Data events only (cost = events × each trail\'s cost per data event); management events and fixed costs are in the trail view.'];
  if (hasPartlyUnknown([...body, ...footer]) || body.some((b) => b.includes('unknown'))) notes.push(partlyUnknownNote());
  if (unlogged > 0) {
    const noun = by === 'event' ? 'event class' : by === 'region' ? 'Region' : by;
    notes.push(`Left out: ${unlogged} ${noun}${unlogged > 1 ? (/(s|x)$/.test(noun) ? 'es' : 's') : ''} with no logged events (--wide, Markdown, CSV and --json list every row).`);
  }
  if (shown.length < rows.length) notes.unshift(`… ${rows.length - shown.length} more rows (use --top 0 for all)`);
  return { kind: 'table', title: `Data events by ${by}`, columns, rows: body, footer, notes };
}

/** Every priced line of every trail: what was multiplied by what (quantities in the price book's units). */
export function linesSection(r: EstimateResult): TableSection {
  const qty = (q: Span, unit: string) => {
    const fmt = (x: number) => (unit === 'events' || unit === 'requests' ? count(x) : x.toLocaleString('en-US', { maximumFractionDigits: x < 10 ? 3 : 1 }));
    return Math.abs(q.high - q.low) < 1e-9 ? fmt(q.high) : `${fmt(q.low)}–${fmt(q.high)}`;
  };
  const rows: string[][] = [];
  // Grouped under each trail (its total on the heading row): no repeated Trail column. Each distinct assumption
  // behind a line is a numbered note under the table, so the table fits a terminal and repeats nothing.
  const notes: string[] = [];
  const mark = (note: string | undefined) => {
    if (!note) return '';
    let i = notes.indexOf(note);
    if (i < 0) i = notes.push(note) - 1;
    return `[${i + 1}]`;
  };
  const line = (l: { label: string; quantity: Span; unit: string; usd: Span; note?: string }) => [`  ${l.label}`, qty(l.quantity, l.unit), l.unit, usdSpan(l.usd), mark(l.note)];
  for (const t of r.trails) {
    rows.push([t.name, '', '', usdKnown(t.usd, t.unknown.classes), '']);
    for (const l of t.lines) rows.push(line(l));
  }
  if (r.total.lines.length > 0) {
    rows.push(['Organization-wide', '', '', usdSpan(r.total.lines.reduce((a, l) => ({ low: a.low + l.usd.low, high: a.high + l.usd.high }), { low: 0, high: 0 })), '']);
    for (const l of r.total.lines) rows.push(line(l));
  }
  return {
    kind: 'table', title: 'Cost lines (what was multiplied by what)',
    columns: [{ header: 'Trail / item', wrap: true }, { header: 'Quantity', align: 'right' }, { header: 'Unit' }, { header: 'Cost/mo', align: 'right' }, { header: 'Note' }],
    rows,
    notes: [...notes.map((n, i) => `[${i + 1}] ${n}`), ...(hasPartlyUnknown(rows) ? [partlyUnknownNote()] : [])],
  };
}

const KIND_LABEL = { management: 'Management copies', data: 'Data events', 'cross-account': 'Cross-account' } as const;

/**
 * Duplicate deliveries: the same events delivered more than once, each delivery billed — paid management copies,
 * data events several trails log, cross-account copies — with the trail that pays for the extra copies.
 */
export function duplicatesSection(r: EstimateResult): TableSection | null {
  const d = r.duplicateDeliveries;
  if (d.length === 0) return null;
  const rows = d.map((x) => [KIND_LABEL[x.kind], x.trail, x.alsoLoggedBy.join(', ') || '—', x.scope, countKnown(x.events, x.unknownParts), usdKnown(x.usd, x.unknownParts)]);
  const { usd: total, unknownParts: parts } = duplicateTotal(d);
  const notes = [
    'Cost: CloudTrail\'s charge for the extra copies (their storage comes on top). Management events: the first copy in a Region is free, each further trail pays; data events: every delivery pays, the extra ones counted on the later trail (organization trails first, then as listed).',
  ];
  if (d.some((x) => x.kind === 'management')) notes.push('trailcost optimize --drop-duplicate-management leaves a management selector out where the selector engine proves other logging trails log the same management events everywhere the trail covers.');
  if (hasPartlyUnknown(rows)) notes.push(partlyUnknownNote());
  // Where the table would wrap, one line per duplicate reads better (the notes go along).
  const narrow = [
    ...d.map((x, i) => `- ${rows[i][0]} on ${x.trail}${x.alsoLoggedBy.length ? ` (also logged by ${x.alsoLoggedBy.join(', ')})` : ''}: ${rows[i][4]} extra events, ${rows[i][5]}/month — ${x.scope}`),
    `Total: ${usdKnown(total, parts)}/month`,
    ...notes.map((n) => `  ${n}`),
  ];
  return {
    kind: 'table', title: 'Duplicate deliveries (per month)',
    columns: [{ header: 'Kind' }, { header: 'Trail' }, { header: 'Also logged by' }, { header: 'Scope', wrap: true, wrapFirst: true }, { header: 'Extra events', align: 'right' }, { header: 'Cost/mo', align: 'right' }],
    rows,
    footer: [['Total', '', '', '', '', usdKnown(total, parts)]],
    notes,
    narrow,
  };
}

/** A ratio against the middle of a wide range says little: say when the bill is inside the modeled range. */
function shownRatio(c: EstimateResult['calibration'][number]): string {
  return c.inRange ? `in range (${ratio(c.ratio)})` : ratio(c.ratio);
}

export function calibrationSection(r: EstimateResult): TableSection | null {
  if (r.calibration.length === 0) return null;
  return {
    kind: 'table',
    title: 'Calibration: modeled vs billed (per month)',
    columns: [{ header: 'Region' }, { header: 'Usage type' }, { header: 'Modeled', align: 'right' }, { header: 'Billed', align: 'right' }, { header: 'Billed/modeled', align: 'right' }],
    rows: r.calibration.map((c) => [c.region, c.usageType, countSpan(c.modeled), c.billed === null ? '—' : count(c.billed), shownRatio(c)]),
    notes: [
      'Billed/modeled is against the middle of the modeled range; "in range" when the bill falls inside it.',
      'A ratio above 1 means the bill has events the model does not see (unknown volumes, unmodeled callers).',
    ],
  };
}

/** Billed CloudTrail usage the calibration does not compare, so the bill can be reconciled with the model. */
export function billedOtherSection(r: EstimateResult): TableSection | null {
  if (r.billedOther.length === 0) return null;
  return {
    kind: 'table',
    title: 'Billed CloudTrail usage not compared with the model (per month)',
    columns: [{ header: 'Region' }, { header: 'Usage type' }, { header: 'What', wrap: true }, { header: 'Quantity', align: 'right' }, { header: 'Billed/mo', align: 'right' }],
    rows: r.billedOther.map((o) => [o.region ?? '—', o.usageType, o.what, count(o.quantity), usd(o.usd)]),
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
  // Nothing known is `unknown`, never $0.00; a partly unknown total is explained by the "Unknown volume" line.
  const parts = r.trails.reduce((a, t) => a + t.unknown.classes, 0);
  const whole = (s: Span, f: (x: Span) => string) => (knownOrNull(s, parts) === null ? 'unknown' : f(s));
  out.push(`Total now: ${whole(r.total.usd, usdSpan)}/month for ${whole(r.total.dataEvents, countSpan)} data events`);
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

export function queriesSection(r: EstimateResult): Section | null {
  const q = r.queries;
  if (!q) return null;
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

/** Columns of a range: `<name>_low`, `<name>_high`. */
const rangeColumns = (name: string): Column[] => [{ header: `${name}_low`, align: 'right' }, { header: `${name}_high`, align: 'right' }];

/**
 * CSV of `--by trail`: one row per trail, then one per organization-wide line (the query workload), so the usd
 * columns sum to the total. Every range is two numeric columns; an unknown value is an empty cell, and a sum of
 * known parts says how many it leaves out (`unknown_parts`). proposed_*: the trail with the selectors `optimize`
 * writes, or today's figures when the policy does not change it (so the column sums to the proposed total).
 */
export function trailsTidyTable(r: EstimateResult, proposedUnknown?: ReadonlyMap<string, number>): TableSection {
  const U = CSV_USD_DIGITS;
  const E = CSV_EVENT_DIGITS;
  const proposing = r.proposed !== null;
  const columns: Column[] = [
    { header: 'name' }, { header: 'kind' }, { header: 'account' }, { header: 'home_region' }, { header: 'multi_region' }, { header: 'organization' },
    ...rangeColumns('data_events'), ...rangeColumns('management_events'), ...rangeColumns('paid_management_events'),
    ...DEST_COLUMNS.flatMap(([d]) => rangeColumns(`${d}_usd`)),
    ...rangeColumns('usd'), { header: 'unknown_parts', align: 'right' },
    ...rangeColumns('proposed_usd'), { header: 'proposed_unknown_parts', align: 'right' }, { header: 'proposed_status' },
    // Duplicate deliveries the trail pays for (every kind), as in the "Duplicate deliveries" section.
    ...rangeColumns('duplicate_events'), ...rangeColumns('duplicate_usd'), { header: 'duplicate_unknown_parts', align: 'right' },
  ];
  const dup = (name: string) => {
    const mine = r.duplicateDeliveries.filter((x) => x.trail === name);
    const add = (f: (x: (typeof mine)[number]) => Span) => mine.reduce((a, x) => ({ low: a.low + f(x).low, high: a.high + f(x).high }), { low: 0, high: 0 });
    const u = mine.reduce((a, x) => a + x.unknownParts, 0);
    return [...csvSpan(knownOrNull(add((x) => x.events), u), E), ...csvSpan(knownOrNull(add((x) => x.usd), u), U), String(u)];
  };
  const rows = r.trails.map((t) => {
    const u = t.unknown.classes;
    const pu = t.proposed ? (proposedUnknown?.get(t.name) ?? u) : u;
    const proposed = !proposing ? ['', '', '', ''] : t.proposed
      ? [...csvSpan(knownOrNull(t.proposed.usd, pu), U), String(pu), t.proposed.status]
      : [...csvSpan(knownOrNull(t.usd, u), U), String(u), 'unchanged'];
    return [
      t.name, t.kind, t.account, t.homeRegion, String(t.multiRegion), String(t.organization),
      ...csvSpan(knownOrNull(t.dataEvents, u), E), ...csvSpan(t.managementEvents, E), ...csvSpan(t.managementPaidCopies, E),
      ...DEST_COLUMNS.flatMap(([d]) => csvSpan(t.byDestination[d] ? knownOrNull(t.byDestination[d]!, u) : { low: 0, high: 0 }, U)),
      ...csvSpan(knownOrNull(t.usd, u), U), String(u),
      ...proposed,
      ...dup(t.name),
    ];
  });
  for (const l of r.total.lines) {
    rows.push([
      l.label, 'organization', '', '', '', '',
      '0', '0', '0', '0', '0', '0',
      ...DEST_COLUMNS.flatMap(([d]) => csvSpan(d === l.destination ? l.usd : { low: 0, high: 0 }, U)),
      ...csvSpan(l.usd, U), '0',
      ...(proposing ? [...csvSpan(l.usd, U), '0', 'unchanged'] : ['', '', '', '']),
      '0', '0', '0', '0', '0',
    ]);
  }
  return { kind: 'table', title: 'Monthly cost by trail (USD)', columns, rows };
}

/**
 * CSV of a slice: one row per slice row and trail (long form: pivot on the first column for per-row totals, on
 * `trail` for per-trail ones), every row of the slice. Data events and their cost only, as in the table.
 */
export function sliceTidyTable(r: EstimateResult, by: Exclude<GroupBy, 'trail'>, slices: BreakdownRow[]): TableSection {
  const head = { account: 'account', region: 'region', resource: 'resource', prefix: 'prefix', event: 'event_class' }[by];
  const columns: Column[] = [
    { header: head }, { header: 'key' }, { header: 'trail' },
    ...rangeColumns('events'), ...rangeColumns('usd'), { header: 'unknown_parts', align: 'right' }, { header: 'provenance' },
  ];
  const rows: string[][] = [];
  for (const row of slices) {
    for (const t of r.trails) {
      const c = row.perTrail[t.name];
      const u = c?.unknown ?? 0;
      const zero = { low: 0, high: 0 };
      rows.push([
        row.label, row.key, t.name,
        ...csvSpan(knownOrNull(c?.events ?? zero, u), CSV_EVENT_DIGITS), ...csvSpan(knownOrNull(c?.usd ?? zero, u), CSV_USD_DIGITS), String(u),
        row.provenance ?? '',
      ]);
    }
  }
  return { kind: 'table', title: `Data events by ${by}`, columns, rows };
}

export function estimateReport(r: EstimateResult, opts: EstimateReportOptions, slices?: BreakdownRow[]): ReportDoc {
  const title = `trailcost estimate — ${r.scenario}`;
  if (opts.raw) {
    const table = opts.by === 'trail' ? trailsTidyTable(r, opts.proposedUnknown) : sliceTidyTable(r, opts.by, slices ?? []);
    return { title, sections: [table] };
  }
  const sections: Section[] = [];
  if (opts.by === 'trail') sections.push(trailsSection(r, opts.proposedUnknown));
  else sections.push(sliceSection(r, opts.by, slices ?? [], opts.top, opts.compact));
  sections.push({ kind: 'text', title: 'Summary', lines: summaryLines(r) });
  if (opts.by === 'trail') {
    const dup = duplicatesSection(r);
    if (dup) sections.push(dup);
    const lines = linesSection(r);
    if (lines.rows.length > 0) sections.push(lines);
  }
  const cal = calibrationSection(r);
  if (cal) sections.push(cal);
  const other = billedOtherSection(r);
  if (other) sections.push(other);
  const q = queriesSection(r);
  if (q) sections.push(q);
  if (r.warnings.length > 0) sections.push({ kind: 'text', title: 'Warnings', lines: r.warnings.map((w) => `- ${w.level === 'warning' ? '!' : 'i'} [${w.code}] ${w.message}`) });
  sections.push({
    kind: 'table', title: 'Assumptions',
    columns: [{ header: 'Assumption' }, { header: 'Value', wrap: true }, { header: 'Source' }, { header: 'Note', wrap: true }],
    rows: r.assumptions.map((a) => [a.key, a.value, a.source, a.note ?? '']),
    narrow: r.assumptions.map((a) => `${a.key}: ${a.value} [${a.source}]${a.note ? ` — ${a.note}` : ''}`),
  });
  return { title, subtitle: 'Monthly (730 h), USD, list prices; ranges where a selector splits a node whose split is unknown.', sections };
}
