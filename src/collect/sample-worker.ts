/**
 * A `trailcost sample` worker thread: reads a log file, gunzips it and projects its records (sample/
 * project-records.ts), and sends back the encoding, its two typed arrays moved rather than copied. A file it
 * cannot take (unreadable, corrupt gzip, invalid JSON, another shape) is answered with `fallback`: the main thread
 * then reads it through the shared reader, which reports the problem by name, line and column.
 */
import { parentPort } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { isGzip } from './input.js';
import { gunzipChunkSize } from './logs.js';
import { encodeLogRecords, type EncodedRecords } from '../sample/project-records.js';

export interface SampleJob {
  id: number;
  file: string;
}

export type SampleAnswer = { id: number; encoded: EncodedRecords } | { id: number; fallback: true };

function encodeFile(file: string): EncodedRecords | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
    if (isGzip(bytes)) bytes = gunzipSync(bytes, { chunkSize: gunzipChunkSize(bytes) });
  } catch {
    return null;
  }
  return encodeLogRecords(bytes);
}

const port = parentPort;
if (!port) throw new Error('sample-worker runs only as a worker thread');
port.on('message', (job: SampleJob) => {
  const encoded = encodeFile(job.file);
  if (!encoded) {
    port.postMessage({ id: job.id, fallback: true } satisfies SampleAnswer);
    return;
  }
  port.postMessage({ id: job.id, encoded } satisfies SampleAnswer, [encoded.slots.buffer, encoded.entries.buffer]);
});
