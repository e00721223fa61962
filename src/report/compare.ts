/** The compare table: baseline and variants side by side, with deltas and sensitive coverage. */
import type { CompareResult } from '../estimate/compare.js';
import type { Destination, Span } from '../estimate/types.js';
import type { ReportDoc, Section } from './doc.js';
import { numFmt } from './estimate.js';
import { countSpan, coverageShare, pctSpan, usdDelta } from './format.js';

const DEST: Array<[Destination, string]> = [
  ['cloudtrail', 'CloudTrail'], ['s3', 'S3'], ['cloudwatch', 'CW Logs'], ['lake', 'Lake'], ['athena', 'Athena'],
];

function coverage(c: { sensitive: Span; logged: Span } | null, raw?: boolean): string {
  if (!c) return raw ? '' : '—';
  const cov = coverageShare(c);
  if (!cov) return raw ? '' : 'n/a';
  if (raw) return Math.abs(cov.high - cov.low) < 0.00005 ? cov.low.toFixed(4) : `${cov.low.toFixed(4)}..${cov.high.toFixed(4)}`;
  return pctSpan(cov);
}

export function compareReport(c: CompareResult, raw?: boolean): ReportDoc {
  const f = numFmt(raw);
  const used = DEST.filter(([d]) => c.rows.some((r) => (r.byDestination[d]?.high ?? 0) > 0));
  const deltaFmt = (s: Span) => (raw ? f.usd(s) : usdDelta(s));
  const sections: Section[] = [
    {
      kind: 'table',
      title: 'Monthly cost (USD)',
      columns: [
        { header: 'Variant', wrap: true }, { header: 'Data ev/mo', align: 'right', drop: 1 },
        ...used.map(([, h]) => ({ header: h, align: 'right' as const, drop: 3 })),
        { header: 'Total/mo', align: 'right' }, { header: 'Δ vs baseline', align: 'right' }, { header: 'Sensitive', align: 'right' }, { header: 'Warnings', align: 'right', drop: 2 },
      ],
      rows: c.rows.map((r) => [
        r.name, f.events(r.dataEvents), ...used.map(([d]) => (r.byDestination[d] ? f.usd(r.byDestination[d]!) : raw ? '0' : '—')),
        f.usd(r.usd), r.name === 'baseline' ? (raw ? '0' : '') : deltaFmt(r.deltaUsd), coverage(r.sensitiveCoverage, raw), String(r.warnings),
      ]),
      notes: ['Sensitive: share of the volume the policy marks keep that some trail logs (— when the scenario has no policy).'],
    },
    { kind: 'text', title: 'Variants', lines: c.rows.map((r) => `- ${r.name}${r.description ? `: ${r.description}` : ''}${r.name !== 'baseline' ? ` — data events ${countSpan(r.dataEvents)}` : ''}`) },
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
  return { title: `trailcost compare — ${c.scenario}`, subtitle: 'Monthly (730 h), USD, list prices; each variant re-estimated from the same snapshot.', sections };
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
