/**
 * The CloudWatch telemetry enablement rule for CloudTrail (aws-facts §7) as a what-if: the same selectors, no trail,
 * priced per GB ($0.75, low confidence), no S3 log files, no network activity or Insights.
 */
import { describe, expect, it } from 'vitest';
import { createEstimator } from '../../src/estimate/estimator.js';
import { compareVariants } from '../../src/estimate/compare.js';
import { demoInput, inputFromYaml } from './helpers.js';

const A = '111111111111';
const yaml = `name: tr
inventory:
  accounts: [{ id: "${A}" }]
  buckets:
    - { account: "${A}", region: us-east-1, name: app, events: { GetObject: 6000000, PutObject: 4000000 } }
assumptions: { eventSizeBytes: 1000, compressionRatio: 10, retentionMonths: 12 }
trails:
  - name: t
    account: "${A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: trail-logs
    insights: [ApiCallRateInsight]
    selectors: { kind: advanced, selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }] }] }
variants:
  - name: rule
    modifyTrails: [{ name: t, telemetryRule: true }]
`;

describe('CloudWatch telemetry rule what-if', () => {
  it('prices the events per GB at the low-confidence rate, with no per-event CloudTrail charge and no S3 log files', () => {
    const r = createEstimator(inputFromYaml(yaml, 'rule')).result();
    const t = r.trails[0];
    const rule = t.lines.find((l) => l.price === 'cloudwatch.telemetry.cloudtrail')!;
    expect(rule.quantity.high).toBeCloseTo(10, 9); // 10M events × 1,000 B
    expect(rule.usd.high).toBeCloseTo(7.5, 9);
    expect(rule.note).toMatch(/low confidence/);
    expect(t.lines.some((l) => l.price === 'cloudtrail.dataEvents' || l.price.startsWith('s3.') || l.price.startsWith('cloudtrail.insights'))).toBe(false);
    expect(r.warnings.some((w) => w.code === 'telemetry-rule-price' && /low confidence/.test(w.message))).toBe(true);
  });
  it('is a row of compare on the demo, with its warning counted', () => {
    const c = compareVariants(demoInput());
    const row = c.rows.find((x) => x.name === 'data-via-cloudwatch-telemetry-rule')!;
    expect(row).toBeDefined();
    expect(row.warnings).toBeGreaterThan(0);
    expect(row.byDestination.cloudwatch!.high).toBeGreaterThan(0);
  });
});
