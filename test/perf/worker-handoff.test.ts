/**
 * Issue 17: the optimizer worker is handed the input the UI thread loaded (the parsed scenario and snapshot,
 * structured-cloned) instead of parsing the file again. What it rebuilds must be the same input (same model in the
 * same node order: per-node totals travel as arrays in the estimator's order), and its proposals the same as the
 * file-loading worker's and this thread's.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inputDigest, inputFromTransfer, inputTransfer, loadedInput, loadInput, DEMO_SCENARIO } from '../../src/app/load-input.js';
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
    const handed = workerRunner({}, { input, parallelLoad: false });
    const own = workerRunner({}, { input, parallelLoad: true });
    const file = workerRunner({}, { input: 'file', prefetch: null });
    try {
      for (const req of reqs) {
        const here = proposalData(input, est, req);
        expect(await handed.run(req)).toEqual(here);
        expect(await own.run(req)).toEqual(here);
        expect(await file.run(req)).toEqual(here);
      }
    } finally {
      handed.close();
      own.close();
      file.close();
    }
  }, 60_000);

  /** The demo scenario and its snapshot copied to a folder of their own, to be edited. */
  const demoCopy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-handoff-'));
    copyFileSync(DEMO_SCENARIO, join(dir, 'demo.yaml'));
    copyFileSync(join(dirname(DEMO_SCENARIO), 'demo.snapshot.json'), join(dir, 'demo.snapshot.json'));
    return { scenario: join(dir, 'demo.yaml'), snapshot: join(dir, 'demo.snapshot.json') };
  };

  it('digests what was read: equal for the same bytes, different when a file the scenario names changed', async () => {
    const f = demoCopy();
    const a = inputDigest(await loadInput({ scenario: f.scenario }));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(inputDigest(await loadInput({ scenario: f.scenario }))).toBe(a);
    expect(inputDigest(await loadInput({ scenario: f.scenario, variant: (await loadInput({ scenario: f.scenario })).variants[0]?.name }))).not.toBe(a);
    writeFileSync(f.snapshot, readFileSync(f.snapshot, 'utf8').replace('"sum": 1933151', '"sum": 1933152'));
    expect(inputDigest(await loadInput({ scenario: f.scenario }))).not.toBe(a);
  });

  it('a worker that loads the files itself answers for this thread\'s input, also when a file changed between the two reads', async () => {
    const f = demoCopy();
    const input = await loadInput({ scenario: f.scenario });
    const est = createEstimator(input);
    const req: OptimizeRequest = { decisions: [] };
    const here = proposalData(input, est, req);
    // Same bytes: its own load is used.
    const same = workerRunner({ scenario: f.scenario }, { input, parallelLoad: true });
    try {
      expect(await same.run(req)).toEqual(here);
    } finally {
      same.close();
    }
    // The snapshot edited after this thread read it: the worker's own load is another input; it must not answer
    // with it (its figures differ), but with this thread's.
    const text = readFileSync(f.snapshot, 'utf8');
    expect(text).toContain('"sum": 1933151');
    writeFileSync(f.snapshot, text.replace('"sum": 1933151', '"sum": 99933151'));
    const edited = await loadInput({ scenario: f.scenario });
    expect(proposalData(edited, createEstimator(edited), req).result.total).not.toEqual(here.result.total);
    const changed = workerRunner({ scenario: f.scenario }, { input, parallelLoad: true });
    try {
      expect(await changed.run(req)).toEqual(here);
    } finally {
      changed.close();
    }
  }, 60_000);
});
