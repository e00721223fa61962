import { describe, expect, it } from 'vitest';
import { formatSummary, shortArn } from '../../src/sample/summary.js';
import type { Sample } from '../../src/model/snapshot.js';

describe('sample summary', () => {
  it('shortens ARNs to what differs between rows', () => {
    expect(shortArn('arn:aws:s3:::logs/2026/11/')).toBe('logs/2026/11/');
    expect(shortArn('arn:aws:lambda:us-east-1:111122223333:function:worker')).toBe('lambda function:worker');
    expect(shortArn('arn:aws:dynamodb:eu-west-1:111122223333:table/orders')).toBe('dynamodb table/orders');
    expect(shortArn('arn:aws:sts::111122223333:assumed-role/app/session')).toBe('assumed-role/app/session');
    expect(shortArn('not-an-arn')).toBe('not-an-arn');
  });

  const role = (i: number) => `arn:aws:sts::111122223333:assumed-role/a-rather-long-role-name-${i}/session-with-a-long-name-${i}`;
  const sample: Sample = {
    source: 'logs:x', window: { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' }, records: 30, duplicates: 0,
    rows: Array.from({ length: 3 }, (_, i) => ({
      account: '111122223333', region: 'us-east-1', resourceType: 'AWS::S3::Object', arn: `arn:aws:s3:::bucket-${i}/some/deep/prefix/${i}/`,
      eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall', count: 10 - i, callers: [{ arn: role(i), count: 10 - i }],
    })),
  } as unknown as Sample;

  for (const width of [80, 100, 140]) {
    it(`fits ${width} columns (table rows)`, () => {
      const out = formatSummary(sample, { monthlyFactor: 4.35, width });
      const table = out.split('\n').filter((l) => /^RESOURCE|GetObject/.test(l));
      expect(table).toHaveLength(4);
      for (const l of table) expect(l.length).toBeLessThanOrEqual(width);
    });
  }
  it('shows whole names when there is room', () => {
    const out = formatSummary(sample, { monthlyFactor: 4.35, width: 200 });
    expect(out).toContain('bucket-0/some/deep/prefix/0/');
    expect(out).toContain('assumed-role/a-rather-long-role-name-0/session-with-a-long-name-0');
  });
});
