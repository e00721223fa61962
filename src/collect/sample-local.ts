/**
 * `trailcost sample LOGS...` on local files: every record goes through the pure aggregator, one file at a time and
 * in file order (memory stays flat, and the result does not depend on timing). Files come from the shared
 * `expandLogPaths`. Each file is gunzipped and projected to the fields the aggregator reads (sample/
 * project-records.ts): on worker threads when the input is large (sample-threads.ts), else with the gunzip on
 * zlib's thread pool overlapping this thread's work. A file that does not decode or parse, or has another shape,
 * is re-read by the shared `readLogFiles`, which reports it by name (line and column for JSON) and skips it: a
 * file is counted whole or not at all, and nothing already aggregated is lost.
 */
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { expandLogPaths, gunzipChunkSize, readLogFiles, type FileProblem } from './logs.js';
import { isGzip } from './input.js';
import { startDecodePool, type DecodePool } from './sample-threads.js';
import { SampleAggregator, type SampleLimits } from '../sample/aggregate.js';
import { encodeLogRecords, forEachRecord, type EncodedRecords } from '../sample/project-records.js';

const gunzipAsync = promisify(gunzip) as (b: Buffer, o: { chunkSize: number }) => Promise<Buffer>;

/** Below this much input (bytes on disk) starting threads costs more than it saves. */
const THREADS_FROM_BYTES = 32 << 20;

/** Worker threads for `bytes` of input: one per core (at most 8), none for small inputs. */
export function defaultThreads(bytes: number): number {
  return bytes < THREADS_FROM_BYTES ? 0 : Math.min(8, Math.max(1, availableParallelism()));
}

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
    /** Worker threads decoding files; 0 decodes on this thread. Default: `defaultThreads` of the input size. */
    threads?: number;
    /** false: read every file through the shared reader only (JSON.parse whole; for comparisons). */
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
  let bytesDone = 0;
  const report = (filesDone: number): void => {
    opts.onProgress?.({ files: files.length, filesDone, bytes, bytesDone, records: agg.scanned, elapsedMs: now() - t0 });
  };
  // On this thread: files are read and gunzipped on zlib's thread pool (in one output chunk, so it never waits for
  // this thread) two ahead, so the gunzip of one file overlaps the projection of the next and the aggregation.
  const loadHere = (i: number): Promise<EncodedRecords | null> =>
    readFile(files[i]).then(
      (b) => (isGzip(b) ? gunzipAsync(b, { chunkSize: gunzipChunkSize(b) }) : b),
    ).then((raw) => encodeLogRecords(raw), () => null);
  const threads = opts.fast === false ? 0 : opts.threads ?? defaultThreads(bytes);
  const pool: DecodePool | null = threads > 0 ? startDecodePool(threads) : null;
  const depth = pool ? pool.depth : 2;
  const inFlight: Array<Promise<EncodedRecords | null>> = [];
  const submit = (i: number): void => {
    if (i >= files.length) return;
    if (opts.fast === false) inFlight.push(Promise.resolve(null));
    else if (pool) inFlight.push(pool.decode(files[i]).catch(() => loadHere(i)));
    else inFlight.push(loadHere(i));
  };
  try {
    for (let i = 0; i < depth; i++) submit(i);
    for (let i = 0; i < files.length; i++) {
      const encoded = await inFlight.shift()!;
      submit(i + depth);
      if (encoded) {
        forEachRecord(encoded, (r) => agg.addRecord(r));
      } else {
        // Unreadable, corrupt or truncated gzip, invalid JSON, another shape: the shared reader reads the file
        // again, takes a single-record file, and reports any problem by name (line and column for JSON).
        for await (const f of readLogFiles([files[i]], { onProblem: (p) => problems.push(p) })) {
          for (const r of f.records) agg.addRecord(r);
        }
      }
      bytesDone += sizes[i];
      if (opts.onProgress) {
        const t = now();
        if (t - last >= every) {
          last = t;
          report(i + 1);
        }
      }
    }
  } finally {
    await pool?.close();
  }
  if (opts.onProgress) report(files.length);
  return { aggregator: agg, files, bytes, problems };
}
