/**
 * The optimizer's thread. It loads the input files itself while the UI thread does (`verify`: used only once the UI
 * thread's digest of what it read equals this load's, else it asks for the UI thread's input), or is handed the
 * input the UI thread loaded (app/load-input.ts inputTransfer: the parsed scenario and snapshot, rebuilt here by the
 * same pure functions), or, when there is none to hand over, loads the file alone; it builds its own estimator as
 * soon as it has the input. It answers each request with the whole
 * proposal (optimize, then evaluate the selectors): the UI thread only draws it. The proposal for the request the
 * UI will make first (no decisions) is computed as soon as the input is there, before it is asked for. The
 * per-node arrays are moved, not copied. No UI, no state beyond the input and its estimator.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { inputDigest, inputFromTransfer, loadInput, type InputTransfer, type LoadedInput } from '../load-input.js';
import type { OptimizeRequest } from '../optimizer-runner.js';
import { createEstimator, type Estimator } from '../../estimate/estimator.js';
import { proposalBuffers, proposalData, type ProposalData } from '../proposal.js';
import type { WorkerSource } from './remote-optimizer.js';

/** Messages from the runner (remote-optimizer.ts). */
export type ToWorker =
  | { type: 'input'; input: InputTransfer; prefetch?: OptimizeRequest }
  | { type: 'load'; source: WorkerSource; prefetch?: OptimizeRequest }
  | { type: 'verify'; digest: string; prefetch?: OptimizeRequest }
  | { type: 'fail'; message: string }
  | { type: 'request'; id: number; req: OptimizeRequest };

/** Messages to the runner: an answer, or a request for the UI thread's input (this thread's own load is not it). */
export type FromWorker = { id: number; result?: ProposalData; error?: string } | { type: 'need-input' };

const port = parentPort;
if (!port) throw new Error('optimize-worker runs only as a worker thread');
const data = workerData as { source?: WorkerSource; prefetch?: OptimizeRequest; verify?: boolean };
const timing = process.env.TRAILCOST_TIMING ? (what: string) => process.stderr.write(`worker: ${what} ${Math.round(performance.now())} ms\n`) : () => {};
timing('started');

let settle!: { resolve: (i: LoadedInput) => void; reject: (e: unknown) => void };
const input = new Promise<LoadedInput>((resolve, reject) => (settle = { resolve, reject }));
// Reported once, as the answer to whichever request comes first (the UI shows it on the Selectors tab).
input.catch(() => {});

let est: Estimator | undefined;
/** A proposal computed before it was asked for, with the request it answers. */
let prefetched: { key: string; result: ProposalData } | null = null;
// Every field of the request: a proposal answers only the request it was computed for.
const requestKey = (req: OptimizeRequest) => JSON.stringify([req.decisions, req.maxValues ?? null, req.trails ?? null, req.dropDuplicateManagement ?? false]);

function ready(loaded: LoadedInput, prefetch: OptimizeRequest | undefined): void {
  timing('input ready');
  settle.resolve(loaded);
  est = createEstimator(loaded);
  timing('estimator ready');
  if (prefetch) {
    const t = performance.now();
    prefetched = { key: requestKey(prefetch), result: proposalData(loaded, est, prefetch) };
    timing(`first proposal (before it was asked for) in ${Math.round(performance.now() - t)} ms; at`);
  }
}

/** This thread's own load, kept until the UI thread's digest says whether it is the same input. */
let own: Promise<LoadedInput> | null = null;
if (data.source && data.verify) {
  own = loadInput(data.source);
  own.then(() => timing('input loaded from the file, to verify'), () => {});
} else if (data.source) {
  // The file path: nothing will be handed over.
  loadInput(data.source).then((loaded) => {
    timing('input loaded from the file');
    ready(loaded, data.prefetch);
  }, (err: unknown) => settle.reject(err));
}

function verify(digest: string, prefetch: OptimizeRequest | undefined): void {
  const needInput = () => {
    timing('own load is not the UI thread\'s input: asking for it');
    port!.postMessage({ type: 'need-input' } satisfies FromWorker);
  };
  if (!own) return needInput();
  own.then((loaded) => {
    own = null;
    if (inputDigest(loaded) === digest) ready(loaded, prefetch);
    else needInput();
  }, needInput);
}

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'input':
      try {
        ready(inputFromTransfer(msg.input), msg.prefetch);
      } catch (err) {
        settle.reject(err);
      }
      return;
    case 'load':
      loadInput(msg.source).then((loaded) => ready(loaded, msg.prefetch), (err: unknown) => settle.reject(err));
      return;
    case 'verify':
      verify(msg.digest, msg.prefetch);
      return;
    case 'fail':
      settle.reject(new Error(msg.message));
      return;
    case 'request':
      void answer(msg.id, msg.req);
  }
});

async function answer(id: number, req: OptimizeRequest): Promise<void> {
  try {
    const loaded = await input;
    let result: ProposalData;
    if (prefetched && prefetched.key === requestKey(req)) {
      result = prefetched.result;
      timing('answered with the prefetched proposal at');
    } else {
      const t = performance.now();
      est ??= createEstimator(loaded);
      result = proposalData(loaded, est, req);
      timing(`proposal in ${Math.round(performance.now() - t)} ms; at`);
    }
    // Its buffers move to the other thread: it cannot answer twice.
    prefetched = null;
    port!.postMessage({ id, result }, proposalBuffers(result));
  } catch (err) {
    port!.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
}
