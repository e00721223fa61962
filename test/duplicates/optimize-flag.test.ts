/**
 * `trailcost optimize --drop-duplicate-management` on the demo, as a subprocess: data-trail's management selector
 * goes (org-trail logs the same management events everywhere), the saving in the summary and in --json is one
 * number, and it grows by exactly what the estimator says the management selector costs. Without the flag the
 * selector file is today's (the goldens); where the check fails (org-trail single-Region) the selector stays and the
 * summary says why.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as cli, root } from '../selectors/run-cli.js';
import { createEstimator } from '../../src/estimate/estimator.js';
import { advancedSelectorsOf } from '../../src/model/governance.js';
import { isManagementSelector } from '../../src/optimize/scope.js';
import { usdSpan } from '../../src/report/format.js';
import { demoInput } from '../estimate/helpers.js';

interface TrailJson {
  trail: string;
  cost: { savings: { low: number; high: number } };
  management: { dropped: boolean; removable: boolean; coveredBy: string[]; paidUsd: { low: number; high: number }; why: string | null } | null;
  selectors: Array<{ FieldSelectors: Array<{ Field: string; Equals?: string[] }> }>;
  findings: Array<{ code: string; message: string }>;
}
const json = (args: string[]) => {
  const r = cli(['optimize', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return { data: JSON.parse(r.stdout) as { trails: TrailJson[] }, stderr: r.stderr };
};
const hasManagement = (t: TrailJson) => t.selectors.some((s) => s.FieldSelectors.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')));

describe('optimize --drop-duplicate-management on the demo', () => {
  const off = json([]);
  const on = json(['--drop-duplicate-management']);
  const before = off.data.trails.find((t) => t.trail === 'data-trail')!;
  const after = on.data.trails.find((t) => t.trail === 'data-trail')!;

  it('leaves data-trail\'s management selector out, says who logs the events instead, and only with the flag', () => {
    expect(hasManagement(before)).toBe(true);
    expect(before.management).toMatchObject({ dropped: false, removable: true, coveredBy: ['org-trail'] });
    expect(hasManagement(after)).toBe(false);
    expect(after.management).toMatchObject({ dropped: true, removable: true, coveredBy: ['org-trail'], why: null });
    expect(after.findings.some((f) => f.code === 'management-dropped' && /org-trail/.test(f.message))).toBe(true);
    expect(on.stderr).toMatch(/management {5}selector left out: org-trail logs the same management events/);
    expect(off.stderr).toMatch(/management {5}117\.5M paid copies\/month, \$2,350\.77: org-trail logs the same management events .* --drop-duplicate-management/);
  });

  it('the summary and --json show one saving, and it grows by what the estimator prices the management selector at', () => {
    const text = /cost\/month .* saves (\$[\d,.]+(?:–\$[\d,.]+)?)/.exec(on.stderr)![1];
    expect(text).toBe(usdSpan(after.cost.savings));
    // The estimator's own price of the selector: the trail with and without it, nothing else changed.
    const input = demoInput();
    const est = createEstimator(input);
    const sels = advancedSelectorsOf(input.trails.find((t) => t.name === 'data-trail')!);
    const withM = est.estimateSelectors('data-trail', sels).usd;
    const without = est.estimateSelectors('data-trail', sels.filter((s) => !isManagementSelector(s))).usd;
    const grown = { low: after.cost.savings.low - before.cost.savings.low, high: after.cost.savings.high - before.cost.savings.high };
    expect(grown.low).toBeCloseTo(withM.low - without.low, 4);
    expect(grown.high).toBeCloseTo(withM.high - without.high, 4);
    // Of which the paid copies are the cost line the estimate shows.
    expect(grown.low).toBeGreaterThan(after.management!.paidUsd.low);
    expect(grown.low - after.management!.paidUsd.low).toBeLessThan(0.01 * after.management!.paidUsd.low);
  });

  it('the paid copies in the summary are the ones estimate --json lists as a duplicate delivery', () => {
    const r = cli(['estimate', '--json']);
    const m = (JSON.parse(r.stdout).duplicateDeliveries as Array<{ kind: string; trail: string; usd: { low: number } }>).find((d) => d.kind === 'management')!;
    expect(m.trail).toBe('data-trail');
    expect(m.usd.low).toBeCloseTo(after.management!.paidUsd.low, 6);
  });

  it('writes the selector file without the management selector; without the flag the file is today\'s', () => {
    const plain = cli(['optimize']);
    expect(plain.stdout).toBe(readFileSync(join(root, 'test', 'golden', 'optimize-demo.json'), 'utf8'));
    const dropped = cli(['optimize', '--drop-duplicate-management']);
    const sels = JSON.parse(dropped.stdout) as TrailJson['selectors'];
    expect(sels.length).toBe((JSON.parse(plain.stdout) as unknown[]).length - 1);
    expect(sels.some((s) => s.FieldSelectors.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')))).toBe(false);
  });

  it('where org-trail covers one Region only, the selector stays and the summary says which account and Region are not covered', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-dup-'));
    const yaml = readFileSync(join(root, 'scenarios', 'demo.yaml'), 'utf8')
      .replace(/^snapshot: demo\.snapshot\.json$/m, `snapshot: ${join(root, 'scenarios', 'demo.snapshot.json')}`)
      .replace('multiRegion: true', 'multiRegion: false');
    const file = join(dir, 'single.yaml');
    writeFileSync(file, yaml);
    const { data, stderr } = json(['--scenario', file, '--drop-duplicate-management']);
    const t = data.trails.find((x) => x.trail === 'data-trail')!;
    expect(hasManagement(t)).toBe(true);
    expect(t.management).toMatchObject({ dropped: false, removable: false });
    expect(t.management!.why).toMatch(/no other logging trail logs all read events in \d{12} \/ (us-west-2|eu-west-1)/);
    expect(stderr).toMatch(/the selector stays: no other logging trail logs/);
  });
});
