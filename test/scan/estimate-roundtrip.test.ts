/**
 * snapshot → estimate: scan the fake, run `trailcost estimate --snapshot` on the result, and compare the modeled
 * data events per Region with what the fake billed (from its truth: the same daily rates through the trails'
 * selectors). The bill also holds traffic of buckets without whole-bucket metrics, which a scan cannot see; the
 * truth knows that share, so the tolerance is that share plus 2%.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { cleanEnv, runCli } from './run-cli.js';

const REGION_CODE: Record<string, string> = { 'us-east-1': 'USE1', 'eu-west-1': 'EU', 'us-west-2': 'USW2' };
const MONTH_MS = 730 * 3600_000;

interface Calibration { region: string; usageType: string; modeled: { low: number; high: number }; billed: number }

let aws: FakeAws;
let calibration: Calibration[];
let billedPerMonth: Map<string, number>;

beforeAll(async () => {
  aws = await startFakeAws({ seed: { seed: 3 } });
  const out = join(mkdtempSync(join(tmpdir(), 'trailcost-roundtrip-')), 'snap.json');
  const env = cleanEnv(aws.env);
  const scan = await runCli(['scan', '--org-role', 'OrganizationAccountAccessRole', '--out', out], env);
  expect(scan.code).toBe(0);
  const est = await runCli(['estimate', '--snapshot', out, '--json'], env);
  expect(est.stderr).toBe('');
  expect(est.code).toBe(0);
  calibration = (JSON.parse(est.stdout) as { calibration: Calibration[] }).calibration;
  // The truth's bill for the last full month, scaled to the estimate's 730-hour month.
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  billedPerMonth = new Map();
  for (const r of aws.truth.billing(start, end)) {
    if (!r.usageType.endsWith('-DataEventsRecorded')) continue;
    billedPerMonth.set(r.usageType, (billedPerMonth.get(r.usageType) ?? 0) + (r.quantity * MONTH_MS) / (end.getTime() - start.getTime()));
  }
}, 120_000);
afterAll(() => aws.close());

describe('snapshot → trailcost estimate', () => {
  it('reproduces the billed data events per Region within the unmeasured share', () => {
    const { total, measurable } = aws.truth.dataEventsPerDay;
    const hidden = 1 - measurable / total;
    expect(hidden).toBeLessThan(0.1); // the seed keeps what a scan cannot see small
    for (const region of aws.truth.regions) {
      const billed = billedPerMonth.get(`${REGION_CODE[region]}-DataEventsRecorded`)!;
      const row = calibration.find((c) => c.region === region && c.usageType === 'DataEventsRecorded');
      expect(row, region).toBeDefined();
      expect(billed).toBeGreaterThanOrEqual(row!.modeled.low * 0.98);
      expect(billed).toBeLessThanOrEqual(row!.modeled.high * (1 + hidden + 0.02));
      expect((billed - row!.modeled.low) / billed).toBeLessThanOrEqual(hidden + 0.02);
    }
  });

  it('reads the bill as one month of DataEventsRecorded per Region (not the sum of last month and this month)', () => {
    for (const region of aws.truth.regions) {
      const billed = billedPerMonth.get(`${REGION_CODE[region]}-DataEventsRecorded`)!;
      const row = calibration.find((c) => c.region === region && c.usageType === 'DataEventsRecorded')!;
      expect(row.billed / billed).toBeCloseTo(1, 2);
    }
  });
});
