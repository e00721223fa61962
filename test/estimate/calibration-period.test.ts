import { describe, expect, it } from 'vitest';
import { pickPeriod } from '../../src/model/billing.js';
import { managementFromBilling } from '../../src/scenario/resolve.js';
import { emptySnapshot } from '../../src/model/snapshot.js';
import { regionOfUsageType } from '../../src/pricing/usage-types.js';
import type { BillingRow } from '../../src/model/snapshot.js';

const row = (start: string, end: string, estimated: boolean): BillingRow => ({
  period: { start, end }, usageType: 'USE1-DataEventsRecorded', quantity: 1, cost: 0, estimated,
});

describe('calibration reads one billing period, never the sum of several', () => {
  it('prefers the latest complete month over the month to date', () => {
    const p = pickPeriod([
      row('2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z', false),
      row('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', false),
      row('2026-11-01T00:00:00Z', '2026-11-23T00:00:00Z', true),
    ]);
    expect(p.start).toBe('2026-10-01T00:00:00Z');
  });
  it('falls back to the month to date when it is all there is', () => {
    expect(pickPeriod([row('2026-11-01T00:00:00Z', '2026-11-23T00:00:00Z', true)]).end).toBe('2026-11-23T00:00:00Z');
  });
  it('management volume from billing reads one period too (a scan holds last month and the month to date)', () => {
    const snapshot = emptySnapshot({ generatedAt: '2026-11-23T00:00:00Z', source: { tool: 'test', kind: 'scan' }, window: { start: '2026-10-01T00:00:00Z', end: '2026-11-23T00:00:00Z' } });
    const free = (start: string, end: string, estimated: boolean, quantity: number) => ({ ...row(start, end, estimated), usageType: 'USE1-FreeEventsRecorded', quantity });
    // October: 31 days = 744 h → 730 h is 730/744 of it; November to date would add a second month on top.
    snapshot.billing = [free('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', false, 744_000), free('2026-11-01T00:00:00Z', '2026-11-23T00:00:00Z', true, 528_000)];
    expect(managementFromBilling(snapshot, regionOfUsageType)).toEqual([{ region: 'us-east-1', events: 730_000, provenance: 'billing' }]);
  });
});
