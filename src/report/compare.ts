/** The compare table: baseline and variants side by side, with deltas and sensitive coverage. */
import type { CompareResult } from '../estimate/compare.js';
import type { Destination, Span } from '../estimate/types.js';
import type { Column, ReportDoc, Section, TableSection } from './doc.js';
import { CSV_EVENT_DIGITS, CSV_USD_DIGITS, csvNumber, csvSpan, destinationParts } from './estimate.js';
import { countKnown, coverageShare, hasPartlyUnknown, knownOrNull, partlyUnknownNote, pctSpan, UNKNOWN_CELL, usdDelta, usdKnown } from './format.js';

const DEST: Array<[Destination, string]> = [
  ['cloudtrail', 'CloudTrail'], ['s3', 'S3'], ['cloudwatch', 'CW Logs'], ['lake', 'Lake'], ['athena', 'Athena'],
];

function coverage(c: { sensitive: Span; logged: Span } | null): string {
  if (!c) return '—';
  const cov = coverageShare(c);
  return cov ? pctSpan(cov) : 'n/a';
}

/** Unknown-volume deliveries a variant's totals leave out (the sum over its trails, as in --json). */
const unknownParts = (c: CompareResult, name: string): number => (c.estimates[name]?.trails ?? []).reduce((a, t) => a + t.unknown.classes, 0);

/**
 * CSV: one row per variant, every range as `_low`/`_high` numeric columns, an unknown value as an empty cell;
 * sensitive coverage as a share (0..1), empty when the scenario has no policy or nothing is sensitive.
 */
export function compareTidyTable(c: CompareResult): TableSection {
  const range = (n: string): Column[] => [{ header: `${n}_low`, align: 'right' }, { header: `${n}_high`, align: 'right' }];
  const columns: Column[] = [
    { header: 'variant' }, { header: 'description' }, ...range('data_events'), ...DEST.flatMap(([d]) => range(`${d}_usd`)),
    ...range('usd'), { header: 'unknown_parts', align: 'right' }, ...range('delta_usd'), ...range('sensitive_coverage'), { header: 'warnings', align: 'right' },
  ];
  const rows = c.rows.map((r) => {
    const u = unknownParts(c, r.name);
    const cov = r.sensitiveCoverage ? coverageShare(r.sensitiveCoverage) : null;
    return [
      r.name, r.description ?? '', ...csvSpan(knownOrNull(r.dataEvents, u), CSV_EVENT_DIGITS),
      ...DEST.flatMap(([d]) => csvSpan(r.byDestination[d] ? knownOrNull(r.byDestination[d]!, u) : { low: 0, high: 0 }, CSV_USD_DIGITS)),
      ...csvSpan(knownOrNull(r.usd, u), CSV_USD_DIGITS), String(u), ...csvSpan(r.deltaUsd, CSV_USD_DIGITS),
      ...csvSpan(cov, 4), csvNumber(r.warnings, 0),
    ];
  });
  return { kind: 'table', title: 'Monthly cost (USD)', columns, rows };
}

export function compareReport(c: CompareResult, raw?: boolean): ReportDoc {
  const title = `trailcost compare — ${c.scenario}`;
  if (raw) return { title, sections: [compareTidyTable(c)] };
  const used = DEST.filter(([d]) => c.rows.some((r) => (r.byDestination[d]?.high ?? 0) > 0));
  // A change against a side with nothing known is unknown too.
  const baseParts = unknownParts(c, 'baseline');
  const base = c.rows.find((r) => r.name === 'baseline');
  const delta = (r: CompareResult['rows'][number], u: number) =>
    knownOrNull(r.usd, u) === null || (base && knownOrNull(base.usd, baseParts) === null) ? UNKNOWN_CELL : usdDelta(r.deltaUsd);
  const rows = c.rows.map((r) => {
    const u = unknownParts(c, r.name);
    return [
      r.name, countKnown(r.dataEvents, u), ...used.map(([d]) => (r.byDestination[d] ? usdKnown(r.byDestination[d]!, destinationParts(c.estimates[r.name]?.trails ?? [], d)) : '—')),
      usdKnown(r.usd, u), r.name === 'baseline' ? '' : delta(r, u), coverage(r.sensitiveCoverage), String(r.warnings),
    ];
  });
  const notes = ['Sensitive: share of the volume the policy marks keep that some trail logs (— when the scenario has no policy).'];
  if (hasPartlyUnknown(rows) || rows.some((r) => r.includes(UNKNOWN_CELL))) notes.push(partlyUnknownNote());
  const sections: Section[] = [
    {
      kind: 'table',
      title: 'Monthly cost (USD)',
      columns: [
        { header: 'Variant', wrap: true }, { header: 'Data ev/mo', align: 'right', drop: 1 },
        ...used.map(([, h]) => ({ header: h, align: 'right' as const, drop: 3 })),
        { header: 'Total/mo', align: 'right' }, { header: 'Δ vs baseline', align: 'right' }, { header: 'Sensitive', align: 'right' }, { header: 'Warnings', align: 'right', drop: 2 },
      ],
      rows,
      notes,
    },
    { kind: 'text', title: 'Variants', lines: c.rows.map((r) => `- ${r.name}${r.description ? `: ${r.description}` : ''}${r.name !== 'baseline' ? ` — data events ${countKnown(r.dataEvents, unknownParts(c, r.name))}` : ''}`) },
  ];
  // Warnings that differ from the baseline are what a variant changes; list them.
  const key = (w: { code: string; trail?: string; nodeId?: string }) => `${w.code}|${w.trail ?? ''}|${w.nodeId ?? ''}`;
  const baseCodes = new Set((c.estimates.baseline?.warnings ?? []).map(key));
  const lines: string[] = [];
  for (const r of c.rows.slice(1)) {
    for (const w of c.estimates[r.name].warnings) if (!baseCodes.has(key(w)) && w.level === 'warning') lines.push(`- ${r.name}: [${w.code}] ${w.message}`);
  }
  if (lines.length > 0) sections.push({ kind: 'text', title: 'New warnings in variants', lines });
  sections.push({ kind: 'text', title: 'Assumptions', lines: assumptionLines(c) });
  return { title, subtitle: 'Monthly (730 h), USD, list prices; each variant re-estimated from the same snapshot.', sections };
}

/** Every figure above rests on these: the baseline's, then what each variant changes. */
function assumptionLines(c: CompareResult): string[] {
  const base = c.estimates.baseline?.assumptions ?? [];
  const show = (a: { key: string; value: string; source: string }) => `${a.key}: ${a.value}${a.source === 'unconfirmed' ? ' (unconfirmed)' : ''}`;
  const out = [`Baseline — ${base.map(show).join(' · ')}`];
  for (const r of c.rows.slice(1)) {
    const changed = (c.estimates[r.name]?.assumptions ?? []).filter((a) => base.find((b) => b.key === a.key)?.value !== a.value);
    if (changed.length > 0) out.push(`- ${r.name}: ${changed.map((a) => `${a.key}: ${a.value} (baseline ${base.find((b) => b.key === a.key)?.value ?? 'not set'})`).join(' · ')}`);
  }
  out.push('`trailcost estimate` lists each assumption with its source and what it applies to.');
  return out;
}
