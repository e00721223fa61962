import { describe, expect, it } from 'vitest';
import { pickPeriod } from '../../src/estimate/calibration.js';
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
});
