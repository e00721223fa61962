/**
 * Insights on management events, checked against AWS's own worked examples ("Costs for Insights events", CloudTrail
 * user guide, read 2026-12-04): API call rate analyzes write events; API error rate analyzes reads and writes.
 */
import { describe, expect, it } from 'vitest';
import { createEstimator } from '../../src/estimate/estimator.js';
import { inputFromYaml } from './helpers.js';

const A = '111111111111';
const trail = (name: string, insights: string) => `  - name: ${name}
    account: "${A}"
    homeRegion: us-east-1
    multiRegion: false
    organization: false
    s3Bucket: ${name}-logs
    insights: [${insights}]
    selectors: { kind: advanced, selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Management] }] }] }
`;
const scenario = (events: number, readShare: number, trails: string) => `name: insights
inventory:
  accounts: [{ id: "${A}" }]
managementEvents: [{ account: "${A}", region: us-east-1, events: ${events}, readShare: ${readShare} }]
trails:
${trails}`;

const insightsLine = (r: ReturnType<ReturnType<typeof createEstimator>['result']>, trailName: string) =>
  r.trails.find((t) => t.name === trailName)!.lines.find((l) => l.price === 'cloudtrail.insights.management')!;

describe('Insights on management events: what each type analyzes', () => {
  it("AWS example 1: both types on a trail logging 270,000 reads and 30,000 writes analyze 330,000 events ($1.155)", () => {
    const r = createEstimator(inputFromYaml(scenario(300_000, 0.9, trail('t', 'ApiCallRateInsight, ApiErrorRateInsight')))).result();
    const line = insightsLine(r, 't');
    expect(line.quantity.low).toBeCloseTo(330_000, 6);
    expect(line.quantity.high).toBeCloseTo(330_000, 6);
    expect(line.usd.high).toBeCloseTo(1.155, 9);
    expect(line.note).toMatch(/error rate: read and write/);
  });
  it('AWS example 2: call rate on trail A analyzes the 90,000 writes ($0.315); error rate on trail B all 800,000 events ($2.80)', () => {
    const r = createEstimator(inputFromYaml(scenario(800_000, 710_000 / 800_000, trail('a', 'ApiCallRateInsight') + trail('b', 'ApiErrorRateInsight')))).result();
    expect(insightsLine(r, 'a').quantity.high).toBeCloseTo(90_000, 6);
    expect(insightsLine(r, 'a').usd.high).toBeCloseTo(0.315, 9);
    expect(insightsLine(r, 'b').quantity.high).toBeCloseTo(800_000, 6);
    expect(insightsLine(r, 'b').usd.high).toBeCloseTo(2.8, 9);
  });
});

describe('CloudWatch Logs storage', () => {
  it('is priced on the compressed archive (the compression assumption), ingestion on the uncompressed size', () => {
    const yaml = `name: cwl
inventory:
  accounts: [{ id: "${A}" }]
managementEvents: [{ account: "${A}", region: us-east-1, events: 10000000, readShare: 0.5 }]
assumptions: { eventSizeBytes: 1000, compressionRatio: 10, retentionMonths: 12 }
trails:
  - name: t
    account: "${A}"
    homeRegion: us-east-1
    multiRegion: false
    organization: false
    s3Bucket: t-logs
    cloudWatchLogsGroup: /aws/cloudtrail/t
    selectors: { kind: advanced, selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Management] }] }] }
`;
    const lines = createEstimator(inputFromYaml(yaml)).result().trails[0].lines;
    const ingest = lines.find((l) => l.price === 'cloudwatch.logs.ingest')!;
    const storage = lines.find((l) => l.price === 'cloudwatch.logs.storage')!;
    expect(ingest.quantity.high).toBeCloseTo(10, 9); // 10M × 1,000 B = 10 GB
    expect(storage.quantity.high).toBeCloseTo((10 / 10) * 12, 9); // 1 GB compressed per month, 12 months kept
    expect(storage.note).toMatch(/compressed/);
  });
});
