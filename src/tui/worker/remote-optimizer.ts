/**
 * The optimizer runner the CLI uses: a worker thread, so a 9-second optimize on a large inventory never blocks
 * a key (ctrl+c included). The worker loads the input file itself and receives only decisions and prices.
 * bin/trailcost.js registers tsx in-process; module hooks are not inherited by workers, so a worker started
 * from TypeScript sources gets tsx's loader through `--import`.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { latestOnly, type OptimizedTrail, type OptimizeRequest, type OptimizerRunner } from '../optimizer-runner.js';

/** Which input the worker loads: the options the CLI passed to `loadInput`. */
export interface WorkerSource {
  scenario?: string;
  snapshot?: string;
  variant?: string;
  pricing?: string;
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

/** The ESM build of `tsx/esm/api` (require.resolve would give the CommonJS one), from tsx's own exports map. */
function tsxEsmApi(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api'].import.default)).href;
}

export function workerRunner(source: WorkerSource): OptimizerRunner {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './optimize-worker.ts' : './optimize-worker.js', import.meta.url);
  let worker: Worker;
  if (fromSources) {
    // Node 20 does not apply an `--import`ed loader to a worker's entry module, so a small bootstrap registers
    // tsx inside the worker first, then imports the TypeScript entry.
    const tsxApi = tsxEsmApi();
    worker = new Worker(BOOTSTRAP, { eval: true, workerData: { source, tsxApi, entry: entry.href }, env: process.env });
  } else {
    worker = new Worker(entry, { workerData: { source }, env: process.env });
  }
  // The worker never keeps the process alive: quitting the TUI ends it with the process.
  worker.unref();
  let nextId = 0;
  const inFlight = new Map<number, { resolve: (r: OptimizedTrail[]) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const failAll = (err: Error) => {
    failure = err;
    for (const p of inFlight.values()) p.reject(err);
    inFlight.clear();
  };
  worker.on('message', (msg: { id: number; result?: OptimizedTrail[]; error?: string }) => {
    const p = inFlight.get(msg.id);
    if (!p) return;
    inFlight.delete(msg.id);
    if (msg.error !== undefined) p.reject(new Error(msg.error));
    else p.resolve(msg.result ?? []);
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`the optimizer worker stopped (exit code ${code})`)));
  return latestOnly(
    (req) => {
      if (failure) return Promise.reject(failure);
      const id = ++nextId;
      return new Promise<OptimizedTrail[]>((resolve, reject) => {
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
