import { describe, expect, it } from 'vitest';
import { createEstimator } from '../../src/estimate/estimator.js';
import { inputFromYaml } from './helpers.js';

const A = '111111111111';
const yaml = (dataInsights: string) => `name: i
inventory:
  accounts: [{ id: "${A}" }]
  buckets:
    - { account: "${A}", region: us-east-1, name: app, events: { GetObject: 6000000, PutObject: 2000000 } }
trails:
  - name: t
    account: "${A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: trail-logs
    insights: [ApiCallRateInsight]
${dataInsights}
    selectors: { kind: advanced, selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }] }] }
`;

describe('Insights on data events', () => {
  it('each type enabled on data events analyzes every data event the trail logs, at $0.03 per 100,000', () => {
    const r = createEstimator(inputFromYaml(yaml('    dataInsights: [ApiCallRateInsight, ApiErrorRateInsight]'))).result();
    const line = r.trails[0].lines.find((l) => l.price === 'cloudtrail.insights.data')!;
    expect(line.label).toBe('Insights on data events (2 types)');
    expect(line.quantity).toEqual({ low: 16_000_000, high: 16_000_000 });
    expect(line.usd.high).toBeCloseTo(4.8, 9);
    expect(line.note).toMatch(/medium confidence/);
  });

  it('Insights on management events only: no data line', () => {
    const r = createEstimator(inputFromYaml(yaml(''))).result();
    expect(r.trails[0].lines.some((l) => l.price === 'cloudtrail.insights.data')).toBe(false);
  });

  it('billed DataInsightsEvents is compared with the model per Region', () => {
    const input = inputFromYaml(yaml('    dataInsights: [ApiCallRateInsight]'));
    input.snapshot.billing.push({ period: { start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' }, usageType: 'USE1-DataInsightsEvents', quantity: 8_184_000, cost: 2.45, estimated: false });
    const r = createEstimator(input).result();
    const row = r.calibration.find((c) => c.usageType === 'DataInsightsEvents')!;
    expect(row.modeled).toEqual({ low: 8_000_000, high: 8_000_000 });
    expect(row.billed).toBeCloseTo((8_184_000 * 730) / 744, 6);
    expect(r.billedOther).toEqual([]);
  });
});
