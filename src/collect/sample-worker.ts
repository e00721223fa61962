/**
 * A `trailcost sample` worker thread: gunzips a log file's bytes and projects its records (sample/
 * project-records.ts), and sends back the encoding, copied (see below). A file it
 * cannot take (corrupt gzip, invalid JSON, another shape) is answered with `fallback`: the main thread then reads
 * it through the shared decoder, which reports the problem by name, line and column. One that decompresses past
 * the input limit is answered with `problem`, and skipped without being decompressed again.
 */
import { parentPort } from 'node:worker_threads';
import { gunzipBoundedSync, TOO_LARGE_UNZIPPED } from '../io/read-input.js';
import { gunzipChunkSize } from './logs.js';
import { encodeLogRecords, type EncodedRecords } from '../sample/project-records.js';

export interface SampleJob {
  id: number;
  /** The file's stored bytes (gzip or not). */
  bytes: ArrayBuffer;
}

/** `problem`: the file is skipped for this reason (decompressed past the input limit), without a second try. */
export type SampleAnswer = { id: number; encoded: EncodedRecords } | { id: number; fallback: true } | { id: number; problem: string };

function encode(stored: ArrayBuffer): EncodedRecords | null | { problem: string } {
  let bytes: Buffer = Buffer.from(stored);
  try {
    // Bounded (io/read-input.ts): a small gzip can hold gigabytes.
    bytes = gunzipBoundedSync(bytes, { chunkSize: gunzipChunkSize(bytes) });
  } catch (err) {
    return (err as Error).message === TOO_LARGE_UNZIPPED ? { problem: TOO_LARGE_UNZIPPED } : null;
  }
  return encodeLogRecords(bytes);
}

const port = parentPort;
if (!port) throw new Error('sample-worker runs only as a worker thread');
port.on('message', (job: SampleJob) => {
  const encoded = encode(job.bytes);
  if (!encoded) {
    port.postMessage({ id: job.id, fallback: true } satisfies SampleAnswer);
    return;
  }
  if ('problem' in encoded) {
    port.postMessage({ id: job.id, problem: encoded.problem } satisfies SampleAnswer);
    return;
  }
  // Copied, not moved: moving (transferring) an ArrayBuffer detaches it, and once any buffer in a thread is detached
  // V8 checks for detachment on every typed-array access in optimized code from then on — the scanner, all typed
  // arrays, ran ~1.5× slower for every later file. The copy costs a few MB of memcpy per ~50 MB file.
  port.postMessage({ id: job.id, encoded } satisfies SampleAnswer);
});
