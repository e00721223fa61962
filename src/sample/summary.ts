/** The human summary `trailcost sample` prints: window, dedupe, monthly scaling, top resources, caveats (pure). */
import type { Sample } from '../model/snapshot.js';

const n = (v: number): string => Math.round(v).toLocaleString('en-US');
/** A few events in a long window round to 0 a month: say "<1", never a zero that was not measured. */
const perMonth = (v: number): string => (v > 0 && v < 0.5 ? '<1' : n(v));

function pad(s: string, w: number, right = false): string {
  if (s.length > w) s = `…${s.slice(s.length - w + 1)}`;
  return right ? s.padStart(w) : s.padEnd(w);
}

/**
 * ARNs without what every row repeats: `arn:aws:s3:::b/p/` → `b/p/`, `arn:aws:lambda:R:A:function:f` →
 * `lambda function:f`, `arn:aws:sts::A:assumed-role/r/s` → `assumed-role/r/s`. The snapshot keeps full ARNs.
 */
export function shortArn(arn: string): string {
  const m = /^arn:[\w-]+:([\w-]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!m) return arn;
  const [, service, , , rest] = m;
  if (service === 's3') return rest;
  if (service === 'sts' || service === 'iam') return rest;
  return `${service} ${rest}`;
}

export function formatSummary(
  sample: Sample,
  opts: { monthlyFactor: number; header?: string[]; merged?: boolean; top?: number; width?: number },
): string {
  const out: string[] = [];
  const days = (Date.parse(sample.window.end) - Date.parse(sample.window.start)) / 86_400_000;
  const f = opts.monthlyFactor;
  out.push(...(opts.header ?? []));
  out.push(
    `${n(sample.records)} data events (${n(sample.duplicates)} duplicates dropped${sample.nonData ? `, ${n(sample.nonData)} other records ignored` : ''}), ` +
      `${sample.window.start} → ${sample.window.end} (${days >= 1 ? `${days.toFixed(1)} days` : `${(days * 24).toFixed(1)} hours`}; ×${f >= 10 ? f.toFixed(1) : f.toPrecision(3)} to a 730-hour month)`,
  );
  if (days < 1) out.push('warning: less than a day of logs; a monthly figure from it misses daily and weekly cycles');
  if (sample.network?.length) {
    // Network activity events (through VPC endpoints): no metric exists, so this sample is their only measure.
    const total = sample.network.reduce((a, x) => a + x.count, 0);
    const denied = sample.network.reduce((a, x) => a + x.denied, 0);
    const sources = [...new Set(sample.network.map((x) => x.eventSource))].sort();
    out.push(`${n(total)} network activity events (${n(denied)} denied by VPC endpoint policies) through ${sample.network.length} endpoint × service pair${sample.network.length > 1 ? 's' : ''}: ${sources.join(', ')}; ${Number.isFinite(f) ? perMonth(total * f) : '?'} a month`);
  }
  // Per resource (all classes), largest first.
  const byArn = new Map<string, { count: number; top: { name: string; count: number }; caller?: string; callerCount: number }>();
  for (const r of sample.rows) {
    let e = byArn.get(r.arn);
    if (!e) {
      e = { count: 0, top: { name: r.eventName, count: 0 }, callerCount: 0 };
      byArn.set(r.arn, e);
    }
    e.count += r.count;
    if (r.count > e.top.count) e.top = { name: r.eventName, count: r.count };
    const c = r.callers?.[0];
    if (c && c.count > e.callerCount) {
      e.caller = c.arn;
      e.callerCount = c.count;
    }
  }
  const list = [...byArn].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  const top = opts.top ?? 15;
  // Fit the terminal (100 columns when not one): the fixed columns take 43, the ARN and the caller share the rest;
  // both are cut at the front, where ARNs repeat themselves (`arn:aws:s3:::`, `arn:aws:sts::ACCOUNT:`).
  const w = Math.max(80, opts.width ?? 100);
  const rest = w - 43;
  const shown = list.slice(0, top);
  const arnNeed = Math.max(8, ...shown.map(([a]) => shortArn(a).length));
  const callerNeed = Math.max(10, ...shown.map(([, e]) => (e.caller ? shortArn(e.caller).length : 1)));
  // Each gets what it needs when both fit; otherwise the resource keeps up to 60% of the room (it is what the
  // row is about; the caller is a hint).
  const arnW = Math.min(arnNeed, Math.max(rest - callerNeed, Math.ceil(rest * 0.6)));
  const callerW = Math.max(10, rest - arnW);
  out.push('');
  out.push(`${pad('RESOURCE', arnW)} ${pad('EVENTS', 10, true)} ${pad('/MONTH', 12, true)}  ${pad('TOP EVENT', 16)} ${pad('TOP CALLER', callerW).trimEnd()}`);
  for (const [arn, e] of shown) {
    out.push(`${pad(shortArn(arn), arnW)} ${pad(n(e.count), 10, true)} ${pad(Number.isFinite(f) ? perMonth(e.count * f) : '?', 12, true)}  ${pad(e.top.name, 16)} ${pad(e.caller ? shortArn(e.caller) : '-', callerW).trimEnd()}`);
  }
  if (list.length > top) out.push(`… ${list.length - top} more resources in the snapshot`);
  out.push("S3 rows are disjoint prefixes (a bucket's rows add up to the bucket); ARNs shortened here, full in the snapshot.");
  out.push('');
  for (const note of sample.notes ?? []) out.push(`note: ${note}`);
  out.push(
    opts.merged
      ? 'Merged into the snapshot: where metrics measure a resource, they stay the total and this sample gives the split.'
      : 'Counts are raw over the window; the model scales them to a month.',
  );
  return `${out.join('\n')}\n`;
}
