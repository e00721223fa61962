import { describe, expect, it } from 'vitest';
import { calibrationWarnings } from '../../src/estimate/calibration.js';
import type { CalibrationRow } from '../../src/estimate/types.js';

const row = (low: number, high: number, billed: number, inRange: boolean, outOfLine: boolean): CalibrationRow => ({
  region: 'us-east-1', usageType: 'DataEventsRecorded', modeled: { low, high }, billed, billedUsd: null,
  ratio: billed / ((low + high) / 2), inRange, outOfLine,
});

describe('calibration warnings come from the core, one rule for report and TUI', () => {
  it('warns on rows flagged out of line, and not on in-range or close rows (flags computed by calibrate, checked on the demo goldens)', () => {
    const w = calibrationWarnings([row(100, 100, 126, false, true), row(0, 200, 20, true, false), row(100, 100, 110, false, false)]);
    expect(w.map((x) => x.message)).toEqual(['us-east-1 DataEventsRecorded: billed is 1.26× the model — volumes may be missing or stale']);
  });
});
