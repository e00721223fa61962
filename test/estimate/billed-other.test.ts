import { describe, expect, it } from 'vitest';
import { otherBilling } from '../../src/estimate/calibration.js';
import { createEstimator } from '../../src/estimate/estimator.js';
import { estimateReport } from '../../src/report/estimate.js';
import { DEFAULT_WIDTH, printerFor } from '../../src/report/printers.js';
import type { BillingRow } from '../../src/model/snapshot.js';
import { demoInput } from './helpers.js';

const OCT = { start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' };
const NOV_TO_DATE = { start: '2026-11-01T00:00:00Z', end: '2026-11-23T00:00:00Z' };
const row = (usageType: string, quantity: number, cost: number, period = OCT, estimated = false): BillingRow =>
  ({ period, usageType, quantity, cost, estimated });

describe('billed CloudTrail usage the calibration does not compare is listed, not dropped', () => {
  it('per Region and usage type, from the one billing period, scaled to a 730-hour month', () => {
    const rows = otherBilling([
      row('USE1-DataEventsRecorded', 1e9, 1000),
      row('USE1-InsightsEvents', 744_000, 2.604),
      row('USE1-InsightsEvents', 99e9, 9e9, NOV_TO_DATE, true),
      row('EU-PaidStorage-ByteHrs', 7_440_000, 7.44),
      row('EU-NetworkEventsRecorded', 1, 1),
      row('USE1-SomethingNew', 1, 1),
    ]);
    // October is 744 hours: a 730-hour month is 730/744 of it; November to date is another period, not added.
    // Data, network activity and data-Insights events are compared by the calibration, so they are not listed here.
    expect(rows).toEqual([
      { region: 'eu-west-1', usageType: 'PaidStorage-ByteHrs', what: 'Lake storage after 366 days (modeled per event data store, not compared)', quantity: expect.closeTo(7_300_000, 6), usd: expect.closeTo(7.3, 9) },
      { region: 'us-east-1', usageType: 'InsightsEvents', what: 'Insights on management events (modeled per trail, not compared)', quantity: expect.closeTo(730_000, 6), usd: expect.closeTo(2.555, 9) },
      { region: null, usageType: 'USE1-SomethingNew', what: 'usage type not recognized', quantity: expect.closeTo(730 / 744, 9), usd: expect.closeTo(730 / 744, 9) },
    ]);
  });

  it('the estimate carries them, says so in one info line, and the report lists them', () => {
    const input = demoInput();
    const period = input.snapshot.billing[0].period;
    input.snapshot.billing.push(
      { period, usageType: 'USE1-InsightsEvents', quantity: 1e7, cost: 35, estimated: false },
      { period, usageType: 'USE1-QueryScanned-Bytes', quantity: 2e9, cost: 0.01, estimated: false },
    );
    const r = createEstimator(input).result();
    expect(r.billedOther.map((o) => o.usageType)).toEqual(['InsightsEvents', 'QueryScanned-Bytes']);
    // The compared rows are unchanged by what is not compared.
    expect(r.calibration).toEqual(createEstimator(demoInput()).result().calibration);
    const info = r.warnings.filter((w) => w.code === 'billed-not-compared');
    expect(info).toHaveLength(1);
    expect(info[0].message).toMatch(/^billed \$[\d,.]+\/month of CloudTrail usage is not compared with the model: InsightsEvents \$[\d,.]+, QueryScanned-Bytes \$0\.\d\d$/);
    const text = printerFor('table').print(estimateReport(r, { by: 'trail', top: 40 }), r, { width: DEFAULT_WIDTH });
    expect(text).toContain('Billed CloudTrail usage not compared with the model (per month)');
    expect(text).toMatch(/us-east-1 +InsightsEvents +Insights on management events/);
  });

  it('the demo bill has none: no section, no line', () => {
    const r = createEstimator(demoInput()).result();
    expect(r.billedOther).toEqual([]);
    expect(r.warnings.some((w) => w.code === 'billed-not-compared')).toBe(false);
  });
});
