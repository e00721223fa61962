/**
 * A `trailcost sample` worker thread: gunzips a log file's bytes and projects its records (sample/
 * project-records.ts), and sends back the encoding, its two typed arrays moved rather than copied. A file it
 * cannot take (corrupt gzip, invalid JSON, another shape) is answered with `fallback`: the main thread then reads
 * it through the shared decoder, which reports the problem by name, line and column.
 */
import { parentPort } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { isGzip } from './input.js';
import { gunzipChunkSize } from './logs.js';
import { encodeLogRecords, type EncodedRecords } from '../sample/project-records.js';

export interface SampleJob {
  id: number;
  /** The file's stored bytes (gzip or not). */
  bytes: ArrayBuffer;
}

export type SampleAnswer = { id: number; encoded: EncodedRecords } | { id: number; fallback: true };

function encode(stored: ArrayBuffer): EncodedRecords | null {
  let bytes = Buffer.from(stored);
  try {
    if (isGzip(bytes)) bytes = gunzipSync(bytes, { chunkSize: gunzipChunkSize(bytes) });
  } catch {
    return null;
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
  port.postMessage({ id: job.id, encoded } satisfies SampleAnswer, [encoded.slots.buffer, encoded.entries.buffer]);
});
