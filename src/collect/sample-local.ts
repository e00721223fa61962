/**
 * `trailcost sample LOGS...` on local files: stream every record through the pure aggregator. Files are read one
 * at a time by the shared reader (src/collect/logs.ts); a corrupt or truncated file is reported by name and skipped
 * (its records are only yielded once it decoded whole, so nothing half-read is counted, nothing aggregated is lost).
 */
import { stat } from 'node:fs/promises';
import { expandLogPaths, readRecords, type FileProblem } from './logs.js';
import { SampleAggregator, type SampleLimits } from '../sample/aggregate.js';

export interface LocalProgress {
  files: number;
  filesDone: number;
  bytes: number;
  bytesDone: number;
  records: number;
  elapsedMs: number;
}

export interface LocalSampleResult {
  aggregator: SampleAggregator;
  files: string[];
  bytes: number;
  problems: FileProblem[];
}

export async function sampleLocalLogs(
  paths: string[],
  opts: {
    limits?: Partial<SampleLimits>;
    onProgress?: (p: LocalProgress) => void;
    progressEveryMs?: number;
    now?: () => number;
  } = {},
): Promise<LocalSampleResult> {
  const files = await expandLogPaths(paths);
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
  const index = new Map(files.map((f, i) => [f, i]));
  const bytes = sizes.reduce((a, b) => a + b, 0);
  const agg = new SampleAggregator(opts.limits);
  const problems: FileProblem[] = [];
  const now = opts.now ?? Date.now;
  const t0 = now();
  const every = opts.progressEveryMs ?? 1000;
  let last = t0;
  let current = -1;
  let bytesDone = 0;
  const report = (filesDone: number): void => {
    opts.onProgress?.({ files: files.length, filesDone, bytes, bytesDone, records: agg.scanned, elapsedMs: now() - t0 });
  };
  const advanceTo = (i: number): void => {
    // Files before i are done (read or skipped).
    while (current < i - 1) {
      current++;
      bytesDone += sizes[current];
    }
  };
  for await (const { record, file } of readRecords(files, { onProblem: (p) => problems.push(p) })) {
    const i = index.get(file)!;
    if (i - 1 > current) advanceTo(i);
    agg.addRecord(record);
    if (opts.onProgress && (agg.scanned & 1023) === 0) {
      const t = now();
      if (t - last >= every) {
        last = t;
        report(current + 1);
      }
    }
  }
  advanceTo(files.length);
  if (opts.onProgress) report(files.length);
  return { aggregator: agg, files, bytes, problems };
}
