/**
 * The optimizer off the UI thread: keys are handled while an optimize is in flight, results for old decisions
 * are dropped, and the worker runner gives what the in-process optimizer gives. The test holds every optimize
 * result in its hand (a controlled executor), so nothing here depends on timing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInput, type LoadedInput } from '../../src/app/load-input.js';
import { createSession } from '../../src/tui/session.js';
import { latestOnly, type OptimizeRequest, type ProposalData } from '../../src/app/optimizer-runner.js';
import { createEstimator } from '../../src/estimate/estimator.js';
import { workerRunner } from '../../src/app/worker/remote-optimizer.js';
import { propose, proposalData } from '../../src/app/proposal.js';
import { usdCell, usdShort } from '../../src/tui/format.js';
import { keys, renderApp } from './helpers/render.js';

let demo: LoadedInput;
beforeAll(async () => {
  demo = await loadInput({});
});

/** An executor whose jobs finish only when the test says so. */
function controlled() {
  const jobs: Array<{ req: OptimizeRequest; finish: () => void; fail: (e: Error) => void }> = [];
  const exec = (req: OptimizeRequest) =>
    new Promise<ProposalData>((resolve, reject) => {
      jobs.push({ req, finish: () => resolve(proposalData(demo, createEstimator(demo), req)), fail: reject });
    });
  return { jobs, runner: latestOnly(exec) };
}

const lines = (f: string) => f.split('\n');
const flush = () => new Promise<void>((r) => setImmediate(r));

describe('latestOnly', () => {
  it('runs one job at a time, skips superseded requests and drops results for old ones', async () => {
    const { jobs, runner } = controlled();
    const req = (n: number): OptimizeRequest => ({ decisions: [[`node-${n}`, 'keep']], trails: [] });
    const a = runner.run(req(1));
    const b = runner.run(req(2));
    const c = runner.run(req(3));
    await flush();
    // 1 runs; 2 was replaced by 3 before it started: never executed.
    expect(jobs.map((j) => j.req.decisions[0][0])).toEqual(['node-1']);
    expect(await b).toBeNull();
    jobs[0].finish();
    // 1 finished after newer requests came in: its result is dropped.
    expect(await a).toBeNull();
    await flush();
    expect(jobs.map((j) => j.req.decisions[0][0])).toEqual(['node-1', 'node-3']);
    jobs[1].finish();
    expect((await c)!.optimized).toEqual([]);
  });

  it('reports a failure of the current request, and nothing after close', async () => {
    const { jobs, runner } = controlled();
    const a = runner.run({ decisions: [], trails: [] });
    await flush();
    jobs[0].fail(new Error('boom'));
    await expect(a).rejects.toThrow('boom');
    runner.close();
    expect(await runner.run({ decisions: [], trails: [] })).toBeNull();
  });
});

describe('Selectors with the optimizer in flight', () => {
  it('handles keys while optimizing, shows the old proposal as stale, and drops results for old decisions', async () => {
    const { jobs, runner } = controlled();
    const session = createSession(demo, { optimizer: runner });
    const app = renderApp({ session, tab: 2, size: { columns: 100, rows: 30 } });
    await app.waitFor((f) => f.includes('optimizing the selectors'));
    await app.waitFor(() => jobs.length === 1);

    // The optimize has not finished: a key is still handled at once (help opens, then closes).
    await app.press('?');
    await app.waitFor((f) => f.includes('show all keys'));
    await app.press(keys.esc);
    await app.waitFor((f) => f.includes('optimizing the selectors'));

    jobs[0].finish();
    // The first proposal is for the current decisions: never marked stale, not even for a frame.
    const first = await app.waitFor((f) => f.includes('JSON (put-event-selectors)'));
    expect(first).not.toContain('optimizing…');
    expect(lines(first)[1]).toMatch(/proposed \$[\d,]+/);

    // A decision on the Resources tab (the first account: its buckets inherit it); the header's proposed is
    // pending until the optimizer answers. Back on Selectors the old proposal shows, marked stale.
    await app.press('2', keys.space);
    let f = await app.waitFor((x) => /: keep$/.test(lines(x).at(-1)!.trimEnd()));
    expect(lines(f)[1]).toContain('proposed … optimizing');
    await app.press('3');
    f = await app.waitFor((x) => x.includes('optimizing… (shown: the proposal before your last decision'));
    expect(f).toContain('JSON (put-event-selectors)');
    expect(jobs).toHaveLength(2);
    // Export waits for the fresh proposal.
    await app.press('e');
    await app.waitFor((x) => x.includes('still optimizing'));
    expect(app.edges.exports).toEqual([]);

    // Another decision while job 2 runs: job 2's result must not reach the screen.
    await app.press('2', keys.space);
    await app.waitFor((x) => /: keep-writes$/.test(lines(x).at(-1)!.trimEnd()));
    await app.press('3');
    await app.waitFor((x) => x.includes('optimizing…'));
    jobs[1].finish();
    await app.waitFor(() => jobs.length === 3);
    await flush();
    expect(app.frame()).toContain('optimizing… (shown');
    expect(lines(app.frame())[1]).toContain('proposed … optimizing');
    expect(jobs[2].req.decisions).toEqual([...session.decisions()]);

    jobs[2].finish();
    f = await app.waitFor((x) => !x.includes('optimizing…') && x.includes('values'));
    const fresh = createSession(demo);
    for (const [id, d] of session.decisions()) fresh.setDecision(id, d);
    const p = fresh.view().proposals()[0];
    expect(f).toContain(`${p.valuesUsed} of 500 values`);
    // The header is the one answer for these decisions: the optimizer's sets evaluated by the estimator.
    const one = propose(demo, { decisions: session.decisions() }).result.proposed!.usd;
    expect(lines(f)[1]).toContain(`proposed ${usdShort(one)}/mo`);
    await app.press('e');
    await app.waitFor((x) => x.includes('wrote /tmp/'));
    expect(app.edges.exports[0].text).toBe(p.render('json'));
    app.unmount();
  });

  it('Scenarios waits for the proposal: no "?" for a pending baseline, variants estimated once', async () => {
    const { jobs, runner } = controlled();
    const session = createSession(demo, { optimizer: runner });
    let variantCalls = 0;
    const view = session.view;
    const counted = (vm: ReturnType<typeof view>): ReturnType<typeof view> => ({
      ...vm,
      variants: () => (variantCalls++, vm.variants()),
      settled: vm.settled && (() => vm.settled!().then((next) => next && counted(next))),
    });
    session.view = () => counted(view());
    const app = renderApp({ session, tab: 3, size: { columns: 100, rows: 30 } });
    await app.waitFor(() => jobs.length === 1);
    for (let i = 0; i < 5; i++) await flush();
    await new Promise((r) => setTimeout(r, 20));
    expect(app.frame()).toContain('estimating the variants');
    expect(variantCalls).toBe(0);
    jobs[0].finish();
    const f = await app.waitFor((x) => x.includes('vs baseline'));
    const baseline = lines(f).find((l) => l.startsWith('baseline'))!;
    expect(baseline).toContain(usdCell(propose(demo).result.proposed!.usd));
    expect(variantCalls).toBe(1);
    app.unmount();
  });

  it('quits with q while an optimize never finishes, and closes the runner', async () => {
    const { jobs, runner } = controlled();
    let closed = false;
    const session = createSession(demo, { optimizer: { run: (r) => runner.run(r), close: () => { closed = true; runner.close(); } } });
    const app = renderApp({ session, tab: 2 });
    await app.waitFor(() => jobs.length === 1);
    await app.press('q');
    await app.waitFor(() => app.exited());
    // run.tsx closes the session on exit; here the test plays that part.
    session.close?.();
    expect(closed).toBe(true);
  });
});

describe('worker runner', () => {
  it('proposes in a worker thread exactly as on this thread (selectors, estimate, per-node totals), and drops superseded requests', async () => {
    const runner = workerRunner({});
    try {
      const trails = ['data-trail'];
      const old = runner.run({ decisions: [], trails });
      const req: OptimizeRequest = { decisions: [['s3:arn:aws:s3:::acme-cdn-logs/', 'keep']], trails };
      const result = await runner.run(req);
      expect(await old).toBeNull();
      expect(result).toEqual(proposalData(demo, createEstimator(demo), req));
      expect(result!.optimized[0].values.used).toBeGreaterThan(0);
      expect(result!.nodes!.uH.length).toBe(demo.model.nodes.size);
    } finally {
      runner.close();
    }
    expect(await runner.run({ decisions: [], trails: [] })).toBeNull();
  }, 60_000);
});
