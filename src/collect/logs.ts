/**
 * Streaming reader of CloudTrail log files for `match` and `sample`. One file is decoded at a time (log files
 * are at most ~50 MB uncompressed), so memory stays flat however many files there are; the next file's bytes
 * are read while the current one is parsed, to overlap disk and CPU.
 *
 * Each file may hold a log file (`{"Records":[...]}`), a JSON array of records, or one record object; gzip is
 * recognized by its magic bytes, not by the file name.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CloudTrailRecord } from '../selectors/types.js';
import { UsageError } from '../errors.js';
import { parseJsonText } from './input.js';
import { gunzipBounded, readInputBytes } from '../io/read-input.js';

export interface LogRecord {
  record: CloudTrailRecord;
  file: string;
  /** Position of the record inside its file (0-based). */
  index: number;
}

export interface FileProblem {
  file: string;
  message: string;
}

const LOG_NAME = /\.json(\.gz)?$/i;
// Digest files sit beside log files in the AWSLogs layout and hold hashes, not records.
const DIGEST = /CloudTrail-Digest/;
/**
 * Aggregated events (since Nov 2025) sit in `AWSLogs/<account>/CloudTrail-Aggregated/`: 5-minute summaries of data
 * events, not events, and no selector selects them. Folders so named are skipped below what was named (a folder or
 * file named on the command line is read), and their log files counted, so the user hears of them.
 */
export const AGGREGATED = /CloudTrail-Aggregated/;

/** Log files left out while listing, by why. */
export interface SkippedLogFiles {
  /** `*.json` / `*.json.gz` files under `CloudTrail-Aggregated/` folders. */
  aggregated: number;
}

/** The `*.json` / `*.json.gz` files under `dir`, counted, not read. */
async function countLogFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += await countLogFiles(join(dir, e.name));
    else if ((e.isFile() || e.isSymbolicLink()) && LOG_NAME.test(e.name) && !DIGEST.test(e.name)) n++;
  }
  return n;
}

async function walk(dir: string, out: string[], skipped?: SkippedLogFiles): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (DIGEST.test(e.name)) continue;
      if (AGGREGATED.test(e.name)) {
        if (skipped) skipped.aggregated += await countLogFiles(p);
        continue;
      }
      await walk(p, out, skipped);
    } else if ((e.isFile() || e.isSymbolicLink()) && LOG_NAME.test(e.name) && !DIGEST.test(e.name)) {
      out.push(p);
    }
  }
}

/**
 * Files named on the command line, and the `*.json` / `*.json.gz` files under folders named there (recursively,
 * e.g. an `AWSLogs/` tree, digest files skipped, aggregated-event files skipped and counted in `skipped`), folder
 * contents in sorted order, duplicates dropped. What is named is always read: a file, or a folder's own contents.
 */
export async function expandLogPaths(paths: string[], skipped?: SkippedLogFiles): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) await walk(p, out, skipped);
    else out.push(p);
  }
  return [...new Set(out)];
}

/** What `trailcost match` / `sample` say about skipped files (null when none were). */
export function skippedNote(skipped: SkippedLogFiles): string | null {
  if (skipped.aggregated === 0) return null;
  return `skipped ${skipped.aggregated} file(s) under CloudTrail-Aggregated/ (aggregated events: 5-minute summaries of data events, not events; no event selector logs them)`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The records a parsed file holds, or a message saying why its shape is wrong. */
export function recordsOf(doc: unknown): CloudTrailRecord[] | string {
  let list: unknown[];
  let base: string;
  if (Array.isArray(doc)) {
    list = doc;
    base = '$';
  } else if (isObject(doc) && 'Records' in doc) {
    if (!Array.isArray(doc.Records)) return '$.Records: expected an array of CloudTrail records';
    list = doc.Records;
    base = '$.Records';
  } else if (isObject(doc) && ('eventName' in doc || 'eventSource' in doc || 'eventID' in doc)) {
    return [doc as CloudTrailRecord];
  } else {
    return '$: expected {"Records": [...]}, an array of CloudTrail records, or one record';
  }
  for (let i = 0; i < list.length; i++) {
    if (!isObject(list[i])) return `${base}[${i}]: expected a CloudTrail record object`;
  }
  return list as CloudTrailRecord[];
}

/** The UsageError text without the leading file name: `3:14: invalid JSON` becomes `line 3, column 14: invalid JSON`. */
function problemMessage(file: string, message: string): string {
  const rest = message.startsWith(file) ? message.slice(file.length).replace(/^:\s*/, '') : message;
  return rest.replace(/^(\d+):(\d+): /, 'line $1, column $2: ');
}

/**
 * Output chunk size for gunzipping `gz`: its uncompressed size, from the gzip trailer (ISIZE, the size mod 2³²
 * of the last member), bounded. Async gunzip hands each output chunk back to the main thread before going on,
 * so with zlib's 16 KiB default a 50 MB file needs ~3,000 round trips and stalls whenever the main thread is
 * busy parsing; one chunk of the right size lets it run to the end on the thread pool.
 */
export function gunzipChunkSize(gz: Buffer): number {
  const isize = gz.length >= 18 ? gz.readUInt32LE(gz.length - 4) : 0;
  return Math.min(Math.max(isize + 1, 64 << 10), 256 << 20);
}

/**
 * The file's bytes, read bounded (io/read-input.ts: a regular file, size and decompressed size limited) and
 * gunzipped on zlib's thread pool when gzip; an Error saying why for a file that cannot be read (a FIFO, a
 * device, too large, a gzip bomb, corrupt gzip), so it is reported and skipped like any bad file.
 */
function readBytes(file: string): Promise<Buffer | Error> {
  return readInputBytes(file)
    .then((b) => gunzipBounded(b, { chunkSize: gunzipChunkSize(b) }))
    .catch((err: Error & { reason?: string }) => new Error(err.reason ?? err.message));
}

export interface LogFile {
  file: string;
  records: CloudTrailRecord[];
}

/**
 * The records of one log file's decoded bytes (or the Error that stopped reading it). A bad file (unreadable,
 * corrupt gzip, invalid JSON with line:col, wrong shape) throws a UsageError naming it, or, with `onProblem`, is
 * reported and gives null.
 */
export function decodeLogFile(file: string, bytes: Buffer | Error, onProblem?: (p: FileProblem) => void): LogFile | null {
  try {
    if (bytes instanceof Error) throw new UsageError(`${file}: ${bytes.message}`);
    const records = recordsOf(parseJsonText(file, bytes.toString('utf8')));
    if (typeof records === 'string') throw new UsageError(`${file}: ${records}`);
    return { file, records };
  } catch (err) {
    if (!(err instanceof UsageError) || !onProblem) throw err;
    onProblem({ file, message: problemMessage(file, err.message) });
    return null;
  }
}

/**
 * Yield each file's records as one array, in file order (see `decodeLogFile` for bad files). Per-file batches
 * keep the per-record cost of async iteration out of hot loops.
 */
export async function* readLogFiles(
  files: string[],
  opts: { onProblem?: (p: FileProblem) => void } = {},
): AsyncGenerator<LogFile> {
  // The next file is read and gunzipped while this one is parsed: on two cores decompression and parsing overlap.
  let next = files.length > 0 ? readBytes(files[0]) : null;
  for (let f = 0; f < files.length; f++) {
    const bytes = await next!;
    next = f + 1 < files.length ? readBytes(files[f + 1]) : null;
    const decoded = decodeLogFile(files[f], bytes, opts.onProblem);
    if (decoded) yield decoded;
  }
}

/**
 * Yield every record of every file, in file order and record order (readLogFiles, one record at a time).
 * A file's records are only yielded once the whole file has decoded.
 */
export async function* readRecords(
  files: string[],
  opts: { onProblem?: (p: FileProblem) => void } = {},
): AsyncGenerator<LogRecord> {
  for await (const { file, records } of readLogFiles(files, opts)) {
    for (let i = 0; i < records.length; i++) yield { record: records[i], file, index: i };
  }
}
