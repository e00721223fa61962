/**
 * The summary of an access-log or aggregated-event sample: formatSummary's table and notes, with its first line
 * (which counts CloudTrail events) said for what was read: requests mapped to data events, or aggregated counts.
 * Pure.
 */
import type { Sample } from '../model/snapshot.js';
import { formatSummary } from './summary.js';

const n = (v: number): string => Math.round(v).toLocaleString('en-US');

export function sourceSummary(sample: Sample, opts: Parameters<typeof formatSummary>[1]): string {
  if (!sample.kind || sample.kind === 'cloudtrail') return formatSummary(sample, opts);
  const lines = formatSummary(sample, opts).split('\n');
  const at = opts.header?.length ?? 0;
  const days = (Date.parse(sample.window.end) - Date.parse(sample.window.start)) / 86_400_000;
  const span = `${sample.window.start} → ${sample.window.end} (${days >= 1 ? `${days.toFixed(1)} days` : `${(days * 24).toFixed(1)} hours`})`;
  const counted = sample.rows.reduce((a, r) => a + r.count, 0);
  if (sample.kind === 'access-log') {
    const unsure = sample.rows.reduce((a, r) => a + (r.uncertain ?? 0), 0);
    lines[at] = `${n(counted)} requests that are data events${unsure ? ` (+${n(unsure)} that may be)` : ''}, ${n(sample.nonData ?? 0)} counted apart, ${n(sample.duplicates)} duplicates dropped, ${span}`;
  } else {
    lines[at] = `${n(counted)} data events counted by aggregated-event summaries (volumes, not events), ${span}`;
  }
  return lines.join('\n');
}
