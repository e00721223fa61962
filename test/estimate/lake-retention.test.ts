import { describe, expect, it } from 'vitest';
import { trailLines, type TrailVolumes } from '../../src/estimate/cost.js';
import { eventDataStoreSpec } from '../../src/estimate/trails.js';
import { DEFAULT_ASSUMPTIONS } from '../../src/model/assumptions.js';
import { priceBook } from './helpers.js';

const ctx = { book: priceBook(), assumptions: DEFAULT_ASSUMPTIONS, sevenYearTotalGb: { low: 0, high: 0 } };
const E = 100e6;
const volumes: TrailVolumes = { dataEvents: { low: E, high: E }, managementEvents: { low: 0, high: 0 }, paidCopies: { low: 0, high: 0 }, insightsAnalyzed: { low: 0, high: 0 }, networkEvents: { low: 0, high: 0 }, accountRegions: 1 };
const store = (retentionDays?: number) =>
  eventDataStoreSpec({
    arn: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/eds', name: 'eds', account: '111122223333', homeRegion: 'us-east-1',
    multiRegion: true, organization: false, retention: 'one-year', ...(retentionDays ? { retentionDays } : {}),
    selectors: [{ Name: 'data', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }],
  });

describe('one-year extendable Lake stores kept past 366 days pay for the extra storage', () => {
  it('prices the days beyond 366 at steady state, compressed, at $0.023 per GB-month', () => {
    const lines = trailLines(store(3653), volumes, ctx);
    expect(lines.map((l) => l.price)).toEqual(['lake.ingest.oneYear.cloudtrail', 'lake.storage.extended']);
    // 100M events × 1,500 B = 150 GB a month; 1/10 compressed = 15 GB; kept 3,287 days past the year = 108.07 months.
    const months = (3653 - 366) / (730 / 24);
    expect(lines[1].quantity.high).toBeCloseTo(15 * months, 6);
    expect(lines[1].usd.high).toBeCloseTo(15 * months * 0.023, 6);
    expect(lines[1].label).toBe('Lake storage after 366 days (3653 days kept)');
  });

  it('no extra line within the included year, and an unknown retention says so', () => {
    expect(trailLines(store(366), volumes, ctx).map((l) => l.price)).toEqual(['lake.ingest.oneYear.cloudtrail']);
    const unknown = trailLines(store(), volumes, ctx);
    expect(unknown).toHaveLength(1);
    expect(unknown[0].note).toMatch(/retention period unknown: no storage after 366 days priced/);
  });
});

describe('Lake vs S3 + Athena keeps the events as long on both sides', () => {
  it('two years of retention: S3 storage doubles and the one-year Lake store pays 364 days of extended storage', async () => {
    const { readFileSync } = await import('node:fs');
    const { createEstimator } = await import('../../src/estimate/estimator.js');
    const { inputFromYaml, root } = await import('./helpers.js');
    const text = readFileSync(`${root}scenarios/lake-vs-athena.yaml`, 'utf8');
    expect(text).toMatch(/retentionMonths: 12/);
    const q = (months: number) => createEstimator(inputFromYaml(text.replace('retentionMonths: 12', `retentionMonths: ${months}`))).result().queries!;
    const one = q(12);
    const two = q(24);
    const gbCompressed = (one.events.high * DEFAULT_ASSUMPTIONS.eventSizeBytes) / 1e9 / DEFAULT_ASSUMPTIONS.compressionRatio;
    const extendedMonths = (Math.round(24 * (730 / 24)) - 366) / (730 / 24);
    expect(two.lakeOneYear.high - one.lakeOneYear.high).toBeCloseTo(gbCompressed * extendedMonths * 0.023, 6);
    expect(two.lakeSevenYear.high).toBeCloseTo(one.lakeSevenYear.high, 6);
  });
});
