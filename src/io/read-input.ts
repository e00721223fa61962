/**
 * Bounded reads of input files. Every file trailcost reads (scenarios, snapshots, price books, selector files, log
 * files) comes through here, so none can take the process down:
 * - only regular files are read: a FIFO would block forever, a device such as /dev/zero (or a symlink to it)
 *   would grow until memory runs out. The file is opened non-blocking (a FIFO opens at once) and checked on its
 *   descriptor, so what is checked is what is read;
 * - at most MAX_INPUT_BYTES are read, and gzip is decompressed to at most MAX_INPUT_BYTES (a 1 MB gzip can hold
 *   gigabytes of zeros): past that the file is refused with a message saying so, before the memory is spent.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { gunzip, gunzipSync, type ZlibOptions } from 'node:zlib';
import { UsageError } from '../errors.js';

/**
 * Largest input file, and largest decompressed content of a gzip file: 256 MiB. CloudTrail log files are at most
 * ~50 MB uncompressed and snapshots of large organizations a few tens of MB; V8 cannot hold a string over 512 MiB
 * (a file is read as one string), and `sample` holds a few files in flight per thread.
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
const LIMIT = '256 MiB';

/** Why an input file was not read: `reason` without the file name, `message` with it (a UsageError: exit 2). */
export class InputFileError extends UsageError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

const mib = (n: number): string => `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MiB`;

export function tooLargeReason(size: number | null): string {
  return `too large: ${size === null ? 'more than' : `${mib(size)}, over`} the ${LIMIT} input limit`;
}

export const TOO_LARGE_UNZIPPED = `too large: decompresses to more than the ${LIMIT} input limit (a gzip bomb?)`;

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

function openReason(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read (permission denied)';
    case 'ENOTDIR':
      return 'no such file (a folder on the path is a file)';
    case 'ELOOP':
      return 'cannot read (too many levels of symbolic links)';
    default:
      return `cannot read (${err.code ?? err.message})`;
  }
}

export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * The stored bytes of `file` (a regular file of at most MAX_INPUT_BYTES); throws InputFileError saying why not.
 * `limit` is for tests.
 */
export async function readInputBytes(file: string, limit = MAX_INPUT_BYTES): Promise<Buffer> {
  let fh;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer, forever.
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new InputFileError(file, openReason(err as NodeJS.ErrnoException));
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new InputFileError(file, 'is a directory');
    if (!st.isFile()) throw new InputFileError(file, `not a regular file: ${kindOf(st)}`);
    if (st.size > limit) throw new InputFileError(file, tooLargeReason(st.size));
    // Read to the end, not to `size`: a file may grow meanwhile (and one in /proc says 0).
    let buf = Buffer.allocUnsafe(Math.min(Math.max(st.size + 1, 64 * 1024), limit + 1));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        if (total > limit) throw new InputFileError(file, tooLargeReason(null));
        const grown = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(grown, 0, 0, total);
        buf = grown;
      }
      const { bytesRead } = await fh.read(buf, total, buf.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > limit) throw new InputFileError(file, tooLargeReason(null));
    return buf.subarray(0, total);
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    throw new InputFileError(file, `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** zlib's error when the output would pass `maxOutputLength`. */
function isOverLimit(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError;
}

/** The reason a gunzip failed, as the user reads it. */
export function gunzipFailure(err: unknown): string {
  return isOverLimit(err) ? TOO_LARGE_UNZIPPED : `not a valid gzip file (${err instanceof Error ? err.message : String(err)})`;
}

/**
 * `b` gunzipped (on zlib's thread pool) when it is gzip, to at most `limit` bytes; rejects with an Error whose
 * message is the reason (too large, or not valid gzip).
 */
export function gunzipBounded(b: Buffer, opts: ZlibOptions = {}, limit = MAX_INPUT_BYTES): Promise<Buffer> {
  if (!isGzip(b)) return Promise.resolve(b);
  return new Promise((resolve, reject) =>
    gunzip(b, { ...opts, maxOutputLength: limit }, (err, out) => (err ? reject(new Error(gunzipFailure(err))) : resolve(out))));
}

/** gunzipBounded on this thread (worker threads). Throws an Error whose message is the reason. */
export function gunzipBoundedSync(b: Buffer, opts: ZlibOptions = {}, limit = MAX_INPUT_BYTES): Buffer {
  if (!isGzip(b)) return b;
  try {
    return gunzipSync(b, { ...opts, maxOutputLength: limit });
  } catch (err) {
    throw new Error(gunzipFailure(err));
  }
}

/** The content of `file`: read bounded, and gunzipped bounded when gzip (by magic bytes). Throws InputFileError. */
export async function readInputContent(file: string, limit = MAX_INPUT_BYTES): Promise<Buffer> {
  const stored = await readInputBytes(file, limit);
  try {
    return await gunzipBounded(stored, {}, limit);
  } catch (err) {
    throw new InputFileError(file, (err as Error).message);
  }
}

/** The content of `file` as UTF-8 text (readInputContent). */
export async function readInputText(file: string, limit = MAX_INPUT_BYTES): Promise<string> {
  return (await readInputContent(file, limit)).toString('utf8');
}
