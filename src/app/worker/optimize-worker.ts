/**
 * The optimizer's thread. It loads the same input the UI loaded (from the file, once: cheaper than cloning a
 * 100,000-node model across threads) and builds its own estimator, then answers each request with the whole
 * proposal (optimize, then evaluate the selectors): the UI thread only draws it. The per-node arrays are moved,
 * not copied. No UI, no state beyond the input and its estimator.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadInput } from '../load-input.js';
import type { OptimizeRequest } from '../optimizer-runner.js';
import { createEstimator, type Estimator } from '../../estimate/estimator.js';
import { proposalBuffers, proposalData } from '../proposal.js';
import type { WorkerSource } from './remote-optimizer.js';

const port = parentPort;
if (!port) throw new Error('optimize-worker runs only as a worker thread');
const source = (workerData as { source: WorkerSource }).source;
const timing = process.env.TRAILCOST_TIMING ? (what: string) => process.stderr.write(`worker: ${what} ${Math.round(performance.now())} ms\n`) : () => {};
timing('started');
const input = loadInput(source);
void input.then(() => timing('input loaded'), () => {});
// Reported once, as the answer to whichever request comes first (the UI shows it on the Selectors tab).
input.catch(() => {});

let est: Estimator | undefined;
port.on('message', async (msg: { id: number; req: OptimizeRequest }) => {
  try {
    const loaded = await input;
    const t = performance.now();
    est ??= createEstimator(loaded);
    const result = proposalData(loaded, est, msg.req);
    timing(`proposal in ${Math.round(performance.now() - t)} ms; at`);
    port.postMessage({ id: msg.id, result }, proposalBuffers(result));
  } catch (err) {
    port.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
