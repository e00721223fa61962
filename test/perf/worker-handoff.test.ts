/**
 * Issue 17: the optimizer worker is handed the input the UI thread loaded (the parsed scenario and snapshot,
 * structured-cloned) instead of parsing the file again. What it rebuilds must be the same input (same model in the
 * same node order: per-node totals travel as arrays in the estimator's order), and its proposals the same as the
 * file-loading worker's and this thread's.
 */
import { describe, expect, it } from 'vitest';
import { inputFromTransfer, inputTransfer, loadedInput, loadInput, DEMO_SCENARIO } from '../../src/app/load-input.js';
import { workerRunner } from '../../src/app/worker/remote-optimizer.js';
import { proposalData } from '../../src/app/proposal.js';
import { createEstimator } from '../../src/estimate/estimator.js';
import { indexModel } from '../../src/estimate/model-index.js';
import type { OptimizeRequest } from '../../src/app/optimizer-runner.js';

describe('the loaded input handed to the optimizer worker', () => {
  it('rebuilds to the same input (model, node order, trails, policy) after a structured clone', async () => {
    const input = await loadInput({ scenario: DEMO_SCENARIO });
    const again = inputFromTransfer(structuredClone(inputTransfer(input)));
    expect([...again.model.nodes.keys()]).toEqual([...input.model.nodes.keys()]);
    expect(indexModel(again.model).nodes.map((n) => n.id)).toEqual(indexModel(input.model).nodes.map((n) => n.id));
    expect(again.model).toEqual(input.model);
    expect(again.trails).toEqual(input.trails);
    expect(again.policy).toEqual(input.policy);
    expect(again.snapshot).toEqual(input.snapshot);
    expect(again.name).toBe(input.name);
  });

  it('is what loadInput gave for the same options (and nothing for other ones)', async () => {
    const input = await loadInput({});
    expect(await loadedInput({})).toBe(input);
    expect(await loadedInput({ scenario: DEMO_SCENARIO })).toBe(input);
    expect(loadedInput({ scenario: 'other.yaml' })).toBeNull();
  });

  it('the handed-input worker proposes exactly as the file-loading one and this thread, first request prefetched or not', async () => {
    const input = await loadInput({});
    const est = createEstimator(input);
    const reqs: OptimizeRequest[] = [{ decisions: [] }, { decisions: [['s3:arn:aws:s3:::acme-cdn-logs/', 'keep']] }];
    const handed = workerRunner({}, { input });
    const file = workerRunner({}, { input: 'file', prefetch: null });
    try {
      for (const req of reqs) {
        const here = proposalData(input, est, req);
        expect(await handed.run(req)).toEqual(here);
        expect(await file.run(req)).toEqual(here);
      }
    } finally {
      handed.close();
      file.close();
    }
  }, 60_000);
});
