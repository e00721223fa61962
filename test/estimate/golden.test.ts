import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createEstimator } from '../../src/estimate/estimator.js';
import { propose } from '../../src/app/proposal.js';
import { breakdown } from '../../src/estimate/breakdown.js';
import { compareVariants } from '../../src/estimate/compare.js';
import { estimateReport } from '../../src/report/estimate.js';
import { compareReport } from '../../src/report/compare.js';
import { DEFAULT_WIDTH, printerFor } from '../../src/report/printers.js';
import { scenarioInput } from '../../src/scenario/input.js';
import { demoInput, parseScenario, priceBook, root } from './helpers.js';
import { expectGolden } from '../support/golden.js';


function scenario(name: string) {
  return scenarioInput({ file: `${name}.yaml`, scenario: parseScenario(readFileSync(`${root}scenarios/${name}.yaml`, 'utf8')), snapshot: null, pricing: priceBook() });
}

describe('golden: the demo estimate and compare tables', () => {
  const input = demoInput();
  // What `trailcost estimate` prints: the estimate with its proposal.
  const { estimator: est, result } = propose(input);
  it('estimate (table)', () => {
    expectGolden('estimate-demo.txt', printerFor('table').print(estimateReport(result, { by: 'trail', top: 40 }), result, { width: DEFAULT_WIDTH }));
  });
  it('estimate --wide (table, every column)', () => {
    expectGolden('estimate-demo-wide.txt', printerFor('table').print(estimateReport(result, { by: 'trail', top: 40 }), result));
  });
  it('estimate --by resource (table)', () => {
    const rows = breakdown(est, 'resource');
    expectGolden('estimate-demo-by-resource.txt', printerFor('table').print(estimateReport(result, { by: 'resource', top: 20, compact: true }, rows), result, { width: DEFAULT_WIDTH }));
  });
  it('estimate --by event (markdown)', () => {
    const rows = breakdown(est, 'event');
    expectGolden('estimate-demo-by-event.md', printerFor('markdown').print(estimateReport(result, { by: 'event', top: 0 }, rows), result));
  });
  it('estimate --by account (csv)', () => {
    const rows = breakdown(est, 'account');
    expectGolden('estimate-demo-by-account.csv', printerFor('csv').print(estimateReport(result, { by: 'account', top: 0, raw: true }, rows), result));
  });
  it('compare (table)', () => {
    const c = compareVariants(input);
    expectGolden('compare-demo.txt', printerFor('table').print(compareReport(c), c, { width: DEFAULT_WIDTH }));
  });
  it('compare small-startup and lake-vs-athena (markdown)', () => {
    for (const name of ['small-startup', 'lake-vs-athena']) {
      const c = compareVariants(scenario(name));
      expectGolden(`compare-${name}.md`, printerFor('markdown').print(compareReport(c), c));
    }
  });
});

describe('the demo exercises what it promises', () => {
  const input = demoInput();
  const r = createEstimator(input).result();
  it('≥3 accounts, several Regions, ≥30 buckets, ≥20 functions (sync and async), ≥10 tables, 3 trails, ≥3 variants', () => {
    const s = input.snapshot;
    expect(s.accounts.length).toBeGreaterThanOrEqual(3);
    expect(s.regions.length).toBeGreaterThanOrEqual(2);
    expect(s.buckets.length).toBeGreaterThanOrEqual(30);
    expect(s.functions.length).toBeGreaterThanOrEqual(20);
    expect(s.functions.some((f) => f.asyncShare === 0) && s.functions.some((f) => (f.asyncShare ?? 0) > 0)).toBe(true);
    expect(s.tables.length).toBeGreaterThanOrEqual(10);
    expect(input.trails.length).toBe(3);
    expect(input.variants.length).toBeGreaterThanOrEqual(3);
  });
  it('warns about the feedback loop, unknown volumes and paid management copies; calibrates against billing', () => {
    const codes = r.warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['own-bucket', 'unknown-volume', 'management-copies']));
    const use1 = r.calibration.find((c) => c.region === 'us-east-1' && c.usageType === 'DataEventsRecorded')!;
    expect(use1.ratio).not.toBeNull();
    expect(Math.abs(use1.ratio! - 1)).toBeGreaterThan(0.1);
    expect(r.total.unknown.nodes).toBeGreaterThan(0);
  });
  it('the Lake variant warns that Lake is for existing customers only', () => {
    const lake = createEstimator(demoInput('move-to-lake')).result();
    expect(lake.warnings.some((w) => w.code === 'lake-new-customers')).toBe(true);
    expect(lake.total.byDestination.lake!.high).toBeGreaterThan(0);
  });
});
