/**
 * `trailcost sample LOGS...` on local files: stream every record through the pure aggregator, one file at a time
 * (memory stays flat). Files come from the shared `expandLogPaths`, shapes from the shared `recordsOf`; the next
 * file is decompressed off the main thread while the current one is parsed. A file that does not decode or parse
 * is re-read by the shared `readLogFiles`, which reports it by name (line and column for JSON) and skips it: a file
 * is counted whole or not at all, and nothing already aggregated is lost.
 */
import { readFile, stat } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { expandLogPaths, gunzipChunkSize, readLogFiles, recordsOf, type FileProblem } from './logs.js';
import { isGzip } from './input.js';
import type { CloudTrailRecord } from '../selectors/types.js';
import { SampleAggregator, type SampleLimits } from '../sample/aggregate.js';

const gunzipAsync = promisify(gunzip) as (b: Buffer, o: { chunkSize: number }) => Promise<Buffer>;

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
    /** false: read every file through the shared reader only (no overlapped gunzip); for comparisons. */
    fast?: boolean;
  } = {},
): Promise<LocalSampleResult> {
  const files = await expandLogPaths(paths);
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
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
  // The next file is read and gunzipped (zlib's thread pool, in one output chunk so it never waits for this
  // thread) while this one is parsed and aggregated: on two cores decompression and parsing overlap.
  const load = (i: number): Promise<Buffer | null> =>
    readFile(files[i]).then(
      (b) => (isGzip(b) ? gunzipAsync(b, { chunkSize: gunzipChunkSize(b) }).catch(() => null) : b),
      () => null,
    );
  let next = files.length ? load(0) : null;
  for (let i = 0; i < files.length; i++) {
    const raw = await next!;
    next = i + 1 < files.length ? load(i + 1) : null;
    let records: CloudTrailRecord[] | string | null = null;
    if (raw && opts.fast !== false) {
      try {
        records = recordsOf(JSON.parse(raw.toString('utf8')));
      } catch {
        records = null;
      }
    }
    if (Array.isArray(records)) {
      for (const r of records) agg.addRecord(r);
    } else {
      // Unreadable, corrupt or truncated gzip, invalid JSON, wrong shape: the shared reader reads the file again
      // and reports the problem by name (with line and column for JSON), and the file is skipped.
      for await (const f of readLogFiles([files[i]], { onProblem: (p) => problems.push(p) })) {
        for (const r of f.records) agg.addRecord(r);
      }
    }
    advanceTo(i + 1);
    if (opts.onProgress) {
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
