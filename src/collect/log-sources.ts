/**
 * Where `trailcost sample` reads log files from: local files and folders, or objects in S3 (s3-logs.ts). Each
 * source is read whole when its turn comes, so memory stays bounded by the files in flight.
 */
import { stat } from 'node:fs/promises';
import { readInputBytes } from '../io/read-input.js';
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
  return files.map((name, i) => ({
    name,
    size: sizes[i],
    // Bounded: a FIFO, a device or a file over the input limit is refused with the reason (and skipped).
    read: () => readInputBytes(name).catch((err: Error & { reason?: string }) => {
      throw new Error(err.reason ?? err.message);
    }),
  }));
}
