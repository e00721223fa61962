/**
 * Worker threads that decode log files for `trailcost sample` (sample-worker.ts). Decompressing and scanning a
 * file is most of the work and needs nothing from other files, so it runs on every core; the aggregation stays
 * on the main thread, fed in file order, so the result is the same whatever the thread count. The caller bounds
 * the files in flight (`depth`: two per worker, so none waits for work; more for S3, whose files are mostly
 * waiting) and consumes answers in order, so memory stays flat.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-threads.js';
import type { EncodedRecords } from '../sample/project-records.js';
import type { SampleAnswer, SampleJob } from './sample-worker.js';

/** What decoding a file gave: its records, null (the shared decoder is to read it), or why it is skipped. */
export type Decoded = EncodedRecords | null | { problem: string };

export interface DecodePool {
  /**
   * The encoded records of a log file's stored bytes (gzip or not), null when the worker could not take them,
   * `{ problem }` when the file is to be skipped for that reason (decompressed past the input limit); rejects
   * when a worker failed. The bytes are copied to the worker, not moved (see `decode`).
   */
  decode(bytes: Uint8Array): Promise<Decoded>;
  /** How many files may usefully be in flight at once. */
  readonly depth: number;
  close(): Promise<void>;
}

export function startDecodePool(threads: number): DecodePool {
  const workers: Worker[] = [];
  const load: number[] = [];
  const pending = new Map<number, { worker: number; resolve: (e: Decoded) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failure: Error | null = null;
  const fail = (err: Error): void => {
    failure ??= err;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  for (let w = 0; w < threads; w++) {
    const worker = startWorker(import.meta.url, './sample-worker');
    worker.on('message', (a: SampleAnswer) => {
      const p = pending.get(a.id);
      if (!p) return;
      pending.delete(a.id);
      load[p.worker]--;
      p.resolve('encoded' in a ? a.encoded : 'problem' in a ? { problem: a.problem } : null);
    });
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => fail(new Error(`a sample worker thread stopped (exit code ${code})`)));
    workers.push(worker);
    load.push(0);
  }
  return {
    depth: threads * 2,
    decode(bytes) {
      if (failure) return Promise.reject(failure);
      // The least busy worker: files differ in size, so round-robin would leave one idle behind a large file.
      let w = 0;
      for (let k = 1; k < workers.length; k++) if (load[k] < load[w]) w = k;
      const id = nextId++;
      load[w]++;
      // Cloned (copied), never transferred: a transfer detaches the ArrayBuffer here, and one detached buffer makes
      // V8 check every typed-array access of this thread from then on (the aggregation's hash tables among them).
      // A copy of the file's own bytes: a Buffer may be a view into a larger one that other Buffers share (and
      // Buffer#slice makes no copy).
      const own = new Uint8Array(bytes).buffer;
      return new Promise((resolve, reject) => {
        pending.set(id, { worker: w, resolve, reject });
        workers[w].postMessage({ id, bytes: own } satisfies SampleJob);
      });
    },
    async close() {
      for (const w of workers) w.removeAllListeners('exit');
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
