/**
 * Where the proposal is computed for the TUI: optimizing and then evaluating the selectors takes seconds on a
 * 100,000-node inventory, so the app never does it on the UI thread directly: it asks a runner, which answers
 * later with the whole proposal as plain data (app/proposal.ts ProposalData). Runners keep only
 * the latest request: one job in flight, at most one waiting; a request overtaken by a newer one resolves to
 * null (its result, if computed, is dropped), so the screen never shows a proposal for old decisions.
 */
import type { LoadedInput } from '../scenario/input.js';
import type { TrailProposal as OptimizedTrail } from '../optimize/optimize.js';
import { createEstimator, type Estimator } from '../estimate/estimator.js';
import { optimizeGoverned, proposalData, type OptimizeRequest, type ProposalData } from './proposal.js';

export type { OptimizedTrail, OptimizeRequest, ProposalData };

export interface OptimizerRunner {
  /** The proposal for `req`, or null when a newer request superseded it before its result arrived. */
  run(req: OptimizeRequest): Promise<ProposalData | null>;
  /** Stops any work (terminates a worker); pending requests resolve to null. */
  close(): void;
}

/** The optimizer's part of the work alone (tests compare runners with it). */
export const optimizeRequest = optimizeGoverned;

/**
 * Latest-only scheduling around an asynchronous executor (generation counter): `exec` is called for one
 * request at a time; requests made meanwhile replace each other, and only the newest one is executed next.
 */
export function latestOnly(exec: (req: OptimizeRequest) => Promise<ProposalData>, onClose: () => void = () => {}): OptimizerRunner {
  let generation = 0;
  let busy = false;
  let closed = false;
  let waiting: { gen: number; req: OptimizeRequest; resolve: (r: ProposalData | null) => void; reject: (e: unknown) => void } | null = null;
  const pump = (): void => {
    if (busy || !waiting || closed) return;
    const job = waiting;
    waiting = null;
    busy = true;
    exec(job.req).then(
      (r) => {
        busy = false;
        // A newer request came in while this one ran: its result describes old decisions.
        job.resolve(closed || job.gen !== generation ? null : r);
        pump();
      },
      (err: unknown) => {
        busy = false;
        if (closed || job.gen !== generation) job.resolve(null);
        else job.reject(err);
        pump();
      },
    );
  };
  return {
    run(req) {
      if (closed) return Promise.resolve(null);
      const gen = ++generation;
      waiting?.resolve(null);
      return new Promise((resolve, reject) => {
        waiting = { gen, req, resolve, reject };
        pump();
      });
    },
    close() {
      if (closed) return;
      closed = true;
      waiting?.resolve(null);
      waiting = null;
      onClose();
    },
  };
}

/**
 * Runs the optimizer on this thread, after yielding once so the frame that says "optimizing…" is drawn first.
 * Fine for small inputs (the demo optimizes in milliseconds) and for tests; the CLI uses the worker runner.
 */
export function inProcessRunner(input: LoadedInput, estimator?: Estimator): OptimizerRunner {
  let est = estimator;
  return latestOnly((req) => new Promise((resolve, reject) => {
    setImmediate(() => {
      try {
        est ??= createEstimator(input);
        resolve(proposalData(input, est, req));
      } catch (err) {
        reject(err);
      }
    });
  }));
}
