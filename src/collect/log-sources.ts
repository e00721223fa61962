/**
 * Where `trailcost sample` reads log files from: local files and folders, or objects in S3 (s3-logs.ts). Each
 * source is read whole when its turn comes, so memory stays bounded by the files in flight.
 */
import { stat } from 'node:fs/promises';
import { gunzipBounded, readInputBytes } from '../io/read-input.js';
import { expandLogPaths, type SkippedLogFiles } from './logs.js';

export interface LogSource {
  /** The file's path or s3:// URI, as reported to the user. */
  name: string;
  /** Bytes as stored (compressed for .gz), for progress. */
  size: number;
  /** Over a network: worth reading further ahead. */
  remote?: boolean;
  /** The stored bytes; rejects with an Error whose message says why they cannot be read. */
  read(): Promise<Buffer>;
}

/** The log files named or found under the folders named (see `expandLogPaths`; what it skips is counted in `skipped`). */
export async function localSources(paths: string[], skipped?: SkippedLogFiles): Promise<LogSource[]> {
  const files = await expandLogPaths(paths, skipped);
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
  return files.map((name, i) => fileSource(name, sizes[i]));
}

/** A local file as a source, read bounded: a FIFO, a device or a file over the input limit is refused with the reason. */
export function fileSource(name: string, size: number): LogSource {
  return {
    name,
    size,
    read: () => readInputBytes(name).catch((err: Error & { reason?: string }) => {
      throw new Error(err.reason ?? err.message);
    }),
  };
}

/**
 * Each source's content (gunzipped, bounded) or the Error that stopped it, in order, reading ahead (8 over a
 * network, 2 on disk) so the waits overlap the work.
 */
export async function* readAhead(sources: readonly LogSource[]): AsyncGenerator<{ source: LogSource; index: number; bytes: Buffer | Error }> {
  const depth = sources.some((s) => s.remote) ? 8 : 2;
  const fetch = (s: LogSource): Promise<Buffer | Error> => s.read().then((b) => gunzipBounded(b)).catch((err: Error) => err);
  const inFlight: Array<Promise<Buffer | Error>> = [];
  for (let i = 0; i < Math.min(depth, sources.length); i++) inFlight.push(fetch(sources[i]));
  for (let i = 0; i < sources.length; i++) {
    const bytes = await inFlight.shift()!;
    if (i + depth < sources.length) inFlight.push(fetch(sources[i + depth]));
    yield { source: sources[i], index: i, bytes };
  }
}
