/**
 * The optimizer runner the CLI uses: a worker thread, so a 9-second optimize on a large inventory never blocks
 * a key (ctrl+c included). The worker loads the input file itself and receives only decisions and prices.
 */
import { startWorker } from '../../worker-threads.js';
import { latestOnly, type OptimizerRunner, type ProposalData } from '../optimizer-runner.js';

/** Which input the worker loads: the options the CLI passed to `loadInput`. */
export interface WorkerSource {
  scenario?: string;
  snapshot?: string;
  variant?: string;
  pricing?: string;
}

export function workerRunner(source: WorkerSource): OptimizerRunner {
  const worker = startWorker(import.meta.url, './optimize-worker', { source });
  // The worker never keeps the process alive: quitting the TUI ends it with the process.
  worker.unref();
  let nextId = 0;
  const inFlight = new Map<number, { resolve: (r: ProposalData) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const failAll = (err: Error) => {
    failure = err;
    for (const p of inFlight.values()) p.reject(err);
    inFlight.clear();
  };
  worker.on('message', (msg: { id: number; result?: ProposalData; error?: string }) => {
    const p = inFlight.get(msg.id);
    if (!p) return;
    inFlight.delete(msg.id);
    if (msg.error !== undefined) p.reject(new Error(msg.error));
    else if (msg.result) p.resolve(msg.result);
    else p.reject(new Error('the optimizer worker answered nothing'));
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`the optimizer worker stopped (exit code ${code})`)));
  return latestOnly(
    (req) => {
      if (failure) return Promise.reject(failure);
      const id = ++nextId;
      return new Promise<ProposalData>((resolve, reject) => {
        inFlight.set(id, { resolve, reject });
        worker.postMessage({ id, req });
      });
    },
    () => {
      inFlight.clear();
      void worker.terminate();
    },
  );
}
