/**
 * `trailcost sample LOGS...`: every record goes through the pure aggregator, one file at a time and in file order
 * (memory stays flat, and the result does not depend on timing). Files come from local paths or S3
 * (log-sources.ts). Each is gunzipped and projected to the fields the aggregator reads (sample/
 * project-records.ts): on worker threads when the input is large (sample-threads.ts), else with the gunzip on
 * zlib's thread pool overlapping this thread's work. A file that does not decode or parse, or has another shape,
 * goes through the shared `decodeLogFile`, which reports it by name (line and column for JSON) and skips it: a
 * file is counted whole or not at all, and nothing already aggregated is lost. Every file is read bounded
 * (io/read-input.ts): a local path that is not a regular file, a file over the input size limit, or one that
 * decompresses past it (a gzip bomb) is skipped and named the same way, before its memory is spent.
 */
import { availableParallelism } from 'node:os';
import { decodeLogFile, gunzipChunkSize, type FileProblem, type SkippedLogFiles } from './logs.js';
import { localSources, type LogSource } from './log-sources.js';
import { startDecodePool, type DecodePool, type Decoded } from './sample-threads.js';
import { gunzipBounded, readInputBytes, TOO_LARGE_UNZIPPED } from '../io/read-input.js';
import { SampleAggregator, type SampleLimits } from '../sample/aggregate.js';
import { encodeLogRecords, forEachRecord } from '../sample/project-records.js';

/** Below this much input (bytes on disk) starting threads costs more than it saves. */
const THREADS_FROM_BYTES = 32 << 20;

/** Worker threads for `bytes` of input: one per core (at most 8), none for small inputs. */
export function defaultThreads(bytes: number): number {
  return bytes < THREADS_FROM_BYTES ? 0 : Math.min(8, Math.max(1, availableParallelism()));
}

export interface SampleProgress {
  files: number;
  filesDone: number;
  bytes: number;
  bytesDone: number;
  records: number;
  elapsedMs: number;
}

export interface SampleResult {
  aggregator: SampleAggregator;
  files: string[];
  bytes: number;
  problems: FileProblem[];
  /** Files left out while listing local folders (`sampleLocalLogs`): aggregated-event files. */
  skipped?: SkippedLogFiles;
}

export interface SampleLogsOptions {
  limits?: Partial<SampleLimits>;
  onProgress?: (p: SampleProgress) => void;
  progressEveryMs?: number;
  now?: () => number;
  /** Worker threads decoding files; 0 decodes on this thread. Default: `defaultThreads` of the input size. */
  threads?: number;
  /** false: every file through the shared `decodeLogFile` only (JSON.parse whole; for comparisons). */
  fast?: boolean;
  /** Count only events in this window (ISO dates, end exclusive). */
  window?: { start: string; end: string };
}

/** Local files and folders (see `localSources`). */
export async function sampleLocalLogs(paths: string[], opts: SampleLogsOptions = {}): Promise<SampleResult> {
  const skipped: SkippedLogFiles = { aggregated: 0 };
  return { ...(await sampleLogs(await localSources(paths, skipped), opts)), skipped };
}

/** Files read: the stored bytes, or why they could not be read. */
type Read = { bytes: Buffer } | { error: Error };

/**
 * A source's stored bytes, read bounded: local files through io/read-input.ts (whatever `read` the listing gave
 * them: a FIFO must not be opened blocking, nor a device read to the end), remote ones by their own `read`
 * (s3-logs.ts bounds those).
 */
function readSource(s: LogSource): Promise<Buffer> {
  if (s.remote) return s.read();
  return readInputBytes(s.name).catch((err: Error & { reason?: string }) => {
    throw new Error(err.reason ?? err.message);
  });
}

export async function sampleLogs(sources: LogSource[], opts: SampleLogsOptions = {}): Promise<SampleResult> {
  const bytes = sources.reduce((a, f) => a + f.size, 0);
  const agg = new SampleAggregator(opts.limits, opts.window);
  const problems: FileProblem[] = [];
  const now = opts.now ?? Date.now;
  const t0 = now();
  const every = opts.progressEveryMs ?? 1000;
  let last = t0;
  let bytesDone = 0;
  const report = (filesDone: number): void => {
    opts.onProgress?.({ files: sources.length, filesDone, bytes, bytesDone, records: agg.scanned, elapsedMs: now() - t0 });
  };
  const threads = opts.fast === false ? 0 : opts.threads ?? defaultThreads(bytes);
  const pool: DecodePool | null = threads > 0 ? startDecodePool(threads) : null;
  // On this thread: the gunzip runs on zlib's thread pool (in one output chunk, so it never waits for this
  // thread), two files ahead, so the gunzip of one file overlaps the projection of the next and the aggregation.
  // Bounded: past the input limit the file is skipped with that reason, not decompressed again by the fallback.
  const decodeHere = (b: Buffer): Promise<Decoded> =>
    gunzipBounded(b, { chunkSize: gunzipChunkSize(b) }).then(encodeLogRecords, (err: Error) =>
      err.message === TOO_LARGE_UNZIPPED ? { problem: TOO_LARGE_UNZIPPED } : null);
  const decode = (b: Buffer): Promise<Decoded> => {
    if (opts.fast === false) return Promise.resolve(null);
    return pool ? pool.decode(b).catch(() => decodeHere(b)) : decodeHere(b);
  };
  // Remote files are worth fetching further ahead: their time is mostly waiting.
  const depth = Math.max(pool ? pool.depth : 2, sources.some((f) => f.remote) ? 8 : 0);
  const inFlight: Array<Promise<{ read: Read; encoded: Decoded }>> = [];
  const submit = (i: number): void => {
    if (i >= sources.length) return;
    inFlight.push(
      readSource(sources[i]).then(
        (b) => decode(b).then((encoded) => ({ read: { bytes: b }, encoded })),
        (error: Error) => ({ read: { error }, encoded: null }),
      ),
    );
  };
  try {
    for (let i = 0; i < depth; i++) submit(i);
    for (let i = 0; i < sources.length; i++) {
      const { read, encoded } = await inFlight.shift()!;
      submit(i + depth);
      if (encoded && 'problem' in encoded) {
        problems.push({ file: sources[i].name, message: encoded.problem });
      } else if (encoded) {
        forEachRecord(encoded, (r) => agg.addRecord(r));
      } else {
        // Unreadable, corrupt or truncated gzip, invalid JSON, another shape: the shared decoder reads it again,
        // takes a single-record file, and reports any problem by name (line and column for JSON).
        const decoded = 'error' in read ? read.error : await gunzipBounded(read.bytes, { chunkSize: gunzipChunkSize(read.bytes) }).catch((err: Error) => err);
        const f = decodeLogFile(sources[i].name, decoded, (p) => problems.push(p));
        if (f) for (const r of f.records) agg.addRecord(r);
      }
      bytesDone += sources[i].size;
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
  if (opts.onProgress) report(sources.length);
  return { aggregator: agg, files: sources.map((f) => f.name), bytes, problems };
}
