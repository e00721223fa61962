/**
 * CloudTrail aggregated-event files for `trailcost sample --aggregated`: the `*.json(.gz)` files under
 * `CloudTrail-Aggregated/` folders (which the CloudTrail reader skips and counts), local or s3:// (s3-logs.ts hands
 * them over while listing), read on this thread into an AggregatedEventsReader (src/sample/aggregated-events.ts).
 * Files are small (one 5-minute summary per resource, API or caller); each is read bounded, gunzipped when gzip,
 * and decoded by the shared `decodeLogFile`, so a bad file is named (line and column for JSON) and skipped.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AggregatedEventsReader } from '../sample/aggregated-events.js';
import type { SampleLimits } from '../sample/aggregate.js';
import type { Sample } from '../model/snapshot.js';
import { AGGREGATED, decodeLogFile, type FileProblem } from './logs.js';
import { fileSource, readAhead, type LogSource } from './log-sources.js';

const LOG_NAME = /\.json(\.gz)?$/i;

/** Aggregated-event files under the local folders named (a folder inside `CloudTrail-Aggregated/` counts whole). */
export async function localAggregatedSources(paths: string[]): Promise<LogSource[]> {
  const out: string[] = [];
  const walk = async (dir: string, inside: boolean): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p, inside || AGGREGATED.test(e.name));
      else if (inside && (e.isFile() || e.isSymbolicLink()) && LOG_NAME.test(e.name)) out.push(p);
    }
  };
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (st?.isDirectory()) await walk(p, AGGREGATED.test(p));
  }
  const files = [...new Set(out)];
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
  return files.map((name, i) => fileSource(name, sizes[i]));
}

export interface AggregatedResult {
  reader: AggregatedEventsReader;
  files: string[];
  bytes: number;
  problems: FileProblem[];
}

export async function sampleAggregatedLogs(
  sources: LogSource[],
  opts: { limits?: Partial<SampleLimits>; window?: { start: string; end: string } } = {},
): Promise<AggregatedResult> {
  const reader = new AggregatedEventsReader(opts.limits, opts.window);
  const res: AggregatedResult = { reader, files: sources.map((s) => s.name), bytes: 0, problems: [] };
  for await (const { source, bytes } of readAhead(sources)) {
    const f = decodeLogFile(source.name, bytes, (p) => res.problems.push(p));
    if (!f) continue;
    res.bytes += source.size;
    for (const r of f.records) reader.add(r);
  }
  return res;
}

/** The aggregated-event sample of a read, with the lines `sample` prints above its table. */
export function aggregatedSample(res: AggregatedResult, source: string, window?: { start: string; end: string }): { sample: Sample; header: string[] } {
  const sample = res.reader.result(source, window);
  sample.files = res.files.length;
  if (res.problems.length) sample.problems = res.problems;
  const r = res.reader;
  const header = [
    `CloudTrail aggregated events: ${res.files.length} file(s), ${(res.bytes / 1e6).toFixed(1)} MB read, ${r.summaries.toLocaleString('en-US')} summaries (${r.used.toLocaleString('en-US')} per resource used)` +
      (res.problems.length ? `, ${res.problems.length} skipped (listed above)` : ''),
  ];
  return { sample, header };
}
