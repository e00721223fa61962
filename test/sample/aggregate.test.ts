import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SampleAggregator } from '../../src/sample/aggregate.js';
import { SampleSchema, type SampleRow } from '../../src/model/snapshot.js';
import type { CloudTrailRecord } from '../../src/selectors/types.js';
import { ALL_FIXTURES, fixture } from './helpers.js';
import { generateRecords } from './generate.js';

function rowsOf(records: CloudTrailRecord[], limits = {}) {
  const agg = new SampleAggregator(limits);
  for (const r of records) agg.addRecord(r);
  return { agg, sample: agg.result('test', { start: '2015-01-01T00:00:00Z', end: '2026-01-01T00:00:00Z' }) };
}

const find = (rows: SampleRow[], arn: string, eventName: string) => rows.filter((r) => r.arn === arn && r.eventName === eventName);

describe('sample aggregation of published CloudTrail records', () => {
  it('counts ListObjects at the ARNPrefix with its caller, account and Region', () => {
    const { sample } = rowsOf(fixture('s3-listobjects-aoc2024.json'));
    expect(sample.rows).toEqual([
      {
        account: '518371450717', region: 'ap-southeast-1', resourceType: 'AWS::S3::Object',
        arn: 'arn:aws:s3:::aoc-cloudtrail-wareville/', eventName: 'ListObjects', readOnly: true, eventType: 'AwsApiCall',
        count: 1, callers: [{ arn: 'arn:aws:iam::518371450717:user/wareville_collector', count: 1 }],
      },
    ]);
  });

  it('keeps anonymous callers out of the caller list but in the count', () => {
    const { sample } = rowsOf(fixture('s3-listobjects-nubilum2.json'));
    expect(sample.rows).toHaveLength(1);
    expect(sample.rows[0]).toMatchObject({ arn: 'arn:aws:s3:::forela-fileshare/', count: 2, account: '949622803460' });
    expect(sample.rows[0].callers).toBeUndefined();
  });

  it('counts CopyObject at the destination and DeleteObjects at the bucket, flagging the missing eventIDs', () => {
    const { sample, agg } = rowsOf(fixture('s3-copy-delete-stratus.json'));
    expect(find(sample.rows, 'arn:aws:s3:::target bucket/', 'CopyObject')).toMatchObject([{ count: 1, readOnly: false }]);
    expect(find(sample.rows, 'arn:aws:s3:::target-bucket/', 'DeleteObjects')).toMatchObject([{ count: 1, account: '012345678901' }]);
    expect(agg.noEventId).toBe(2);
    expect(agg.untimed).toBe(2);
    expect(sample.notes?.join('\n')).toMatch(/2 data events had no eventID/);
  });

  it('puts per-key DeleteObject events (AwsServiceEvent) under their key prefixes, apart from DeleteObjects', () => {
    const { sample } = rowsOf([...fixture('s3-copy-delete-stratus.json'), ...fixture('s3-deleteobjects-per-key-CONSTRUCTED.json')]);
    const perKey = sample.rows.filter((r) => r.eventName === 'DeleteObject');
    expect(perKey.map((r) => [r.arn, r.count, r.eventType])).toEqual([
      ['arn:aws:s3:::target-bucket/reports/2025/', 2, 'AwsServiceEvent'],
      ['arn:aws:s3:::target-bucket/scratch/', 1, 'AwsServiceEvent'],
    ]);
    const depth1 = rowsOf(fixture('s3-deleteobjects-per-key-CONSTRUCTED.json'), { maxDepth: 1 }).sample.rows;
    expect(depth1.map((r) => r.arn)).toEqual(['arn:aws:s3:::target-bucket/reports/', 'arn:aws:s3:::target-bucket/scratch/']);
  });

  it('separates Lambda Invoke from InvokeExecution per function', () => {
    const { sample } = rowsOf(fixture('lambda-invoke-awsteele.json'));
    const fn = 'arn:aws:lambda:us-east-1:012345679012:function:my-function-name';
    expect(sample.rows.map((r) => [r.arn, r.eventName, r.count])).toEqual([[fn, 'Invoke', 2], [fn, 'InvokeExecution', 1]]);
    expect(sample.rows[0]).toMatchObject({ resourceType: 'AWS::Lambda::Function', account: '012345679012', region: 'us-east-1', readOnly: false });
    expect(sample.rows[0].callers).toEqual([
      { arn: 'arn:aws:sts::012345679012:assumed-role/My-RoleName-1746R4C1N6UFS/wozynIhxRGfTvfRlXhHKONdyrIaAmRyN', count: 1 },
    ]);
  });

  it('counts DynamoDB item events per table, with the table ARN\'s account and Region', () => {
    const { sample } = rowsOf(fixture('dynamodb-items-awsdocs.json'));
    const t = 'arn:aws:dynamodb:us-west-2:123456789012:table/Music';
    expect(sample.rows.map((r) => [r.arn, r.eventName, r.count, r.account, r.region])).toEqual([
      [t, 'PutItem', 1, '123456789012', 'us-west-2'],
      [t, 'TransactWriteItems', 2, '123456789012', 'us-west-2'],
    ]);
    expect(sample.rows[1].callers).toEqual([{ arn: 'arn:aws:sts::111122223333:assumed-role/users/bob', count: 2 }]);
  });

  it('ignores management events and drops duplicates by eventID', () => {
    const mgmt = fixture('lambda-management-awsdocs.json');
    const aoc = fixture('s3-listobjects-aoc2024.json');
    const { sample, agg } = rowsOf([...mgmt, ...aoc, ...aoc, { ...aoc[0] }]);
    expect(agg.nonData).toBe(2);
    expect(sample.duplicates).toBe(2);
    expect(sample.records).toBe(1);
    expect(sample.rows[0].count).toBe(1);
  });

  it('gives a schema-valid sample whose rows sum to the attributed events, window from eventTime', () => {
    const agg = new SampleAggregator();
    for (const f of ALL_FIXTURES) for (const r of fixture(f)) agg.addRecord(r);
    const s = agg.result('all');
    expect(SampleSchema.safeParse(s).success).toBe(true);
    expect(s.rows.reduce((a, r) => a + r.count, 0)).toBe(s.records - (s.unattributed ?? 0));
    expect(s.window).toEqual({ start: '2019-01-19T15:41:00.000Z', end: '2026-11-20T10:19:00.000Z' });
  });

  it('counts network activity events per account × Region × service × VPC endpoint, the denied ones apart', () => {
    const net = fixture('network-activity-vpce-CONSTRUCTED.json');
    const { sample, agg } = rowsOf([...net, net[0]]);
    expect(sample.network).toEqual([
      { account: '111122223333', region: 'us-east-1', eventSource: 'kms.amazonaws.com', vpcEndpointId: 'vpce-0fedcba9876543210', count: 1, denied: 0 },
      { account: '111122223333', region: 'us-east-1', eventSource: 's3.amazonaws.com', vpcEndpointId: 'vpce-0123456789abcdef0', count: 2, denied: 1 },
    ]);
    expect(agg.networkEvents).toBe(3);
    expect(sample.duplicates).toBe(1);
    // They are not data events: no rows, and not in `records`.
    expect(sample.records).toBe(0);
    expect(sample.rows).toEqual([]);
    expect(agg.nonData).toBe(0);
  });
});

describe('a window filters the events', () => {
  const at = (times: Array<string | undefined>) => {
    const [proto] = generateRecords({ seed: 1, count: 1, start: Date.parse('2026-11-01T00:00:00Z'), spanMs: 1000 });
    return times.map((t, i) => ({ ...proto, eventID: `id-${i}`, eventTime: t }));
  };
  const times = ['2026-10-31T23:59:59Z', '2026-11-01T00:00:00Z', '2026-11-03T10:00:00.500Z', '2026-11-07T23:59:59Z', '2026-11-08T00:00:00Z', undefined];

  it('counts events in [start, end), keeps untimed ones, and notes how many were left out', () => {
    const agg = new SampleAggregator({}, { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' });
    for (const r of at(times)) agg.addRecord(r);
    expect(agg.records).toBe(4);
    expect(agg.outside).toBe(2);
    const s = agg.result('t', { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' });
    expect(s.notes).toContain('2 events outside the window 2026-11-01T00:00:00Z → 2026-11-08T00:00:00Z were not counted');
  });

  it('says when the events cover much less of the window than asked (the monthly scaling would be too low)', () => {
    const win = { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' };
    const short = new SampleAggregator({}, win);
    for (const r of at(['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'])) short.addRecord(r);
    expect(short.result('t', win).notes?.find((n) => n.startsWith('events span'))).toMatch(/6\.0 days less than the window asked for/);
    const full = new SampleAggregator({}, win);
    for (const r of at(['2026-11-01T00:00:00Z', '2026-11-07T23:59:59Z'])) full.addRecord(r);
    expect(full.result('t', win).notes ?? []).toEqual([]);
  });

  it('bounds that are not whole seconds compare by time, not as text', () => {
    const agg = new SampleAggregator({}, { start: '2026-11-01T00:00:00.250Z', end: '2026-11-08T00:00:00.000Z' });
    for (const r of at(times)) agg.addRecord(r);
    // 00:00:00Z is now before the start.
    expect(agg.outside).toBe(3);
    expect(agg.records).toBe(3);
  });
});

describe('prefix trie bounds', () => {
  const keyArb = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'logs', 'x y'), { minLength: 0, maxLength: 6 }).map((s) => s.join('/'));
  const recordsArb = fc.array(
    fc.record({ bucket: fc.constantFrom('b1', 'bucket-two'), key: keyArb, name: fc.constantFrom('GetObject', 'PutObject'), dup: fc.boolean() }),
    { maxLength: 300 },
  );

  it('rows stay disjoint, within bounds, and sum to the events (property)', () => {
    fc.assert(
      fc.property(recordsArb, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 12 }), (items, maxDepth, maxPrefixes) => {
        const agg = new SampleAggregator({ maxDepth, maxPrefixesPerBucket: maxPrefixes });
        let unique = 0;
        items.forEach((it, i) => {
          const rec: CloudTrailRecord = {
            eventID: `id-${i}`, eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: it.name,
            eventCategory: 'Data', resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${it.bucket}/${it.key}` }],
          };
          agg.addRecord(rec);
          unique++;
          if (it.dup) agg.addRecord({ ...rec });
        });
        if (unique === 0) return;
        const s = agg.result('p');
        expect(s.rows.reduce((a, r) => a + r.count, 0)).toBe(unique);
        expect(s.duplicates).toBe(items.filter((x) => x.dup).length);
        for (const bucket of ['b1', 'bucket-two']) {
          const base = `arn:aws:s3:::${bucket}/`;
          const prefixes = new Set(s.rows.filter((r) => r.arn.startsWith(base)).map((r) => r.arn));
          prefixes.delete(base);
          expect(prefixes.size).toBeLessThanOrEqual(maxPrefixes);
          for (const p of prefixes) {
            expect(p.endsWith('/')).toBe(true);
            expect(p.slice(base.length).split('/').length - 1).toBeLessThanOrEqual(maxDepth);
          }
          // Every event is counted at the deepest kept prefix of its key (what "disjoint" means).
          const kept = [...prefixes, base];
          const expected = new Map<string, number>();
          for (const x of items.filter((y) => y.bucket === bucket)) {
            const arn = `${base}${x.key}`;
            const at = kept.filter((p) => arn.startsWith(p)).sort((a, b) => b.length - a.length)[0];
            expected.set(at, (expected.get(at) ?? 0) + 1);
          }
          const got = new Map<string, number>();
          for (const r of s.rows.filter((r) => r.arn.startsWith(base))) got.set(r.arn, (got.get(r.arn) ?? 0) + r.count);
          if (!s.rows.some((r) => r.arn.startsWith(base) && r.rolledUp)) expect(got).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('rolls the smallest prefixes into their parent and marks it', () => {
    const agg = new SampleAggregator({ maxDepth: 2, maxPrefixesPerBucket: 2 });
    const add = (key: string, n: number) => {
      for (let i = 0; i < n; i++) {
        agg.addRecord({
          eventID: `${key}-${i}`, eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject',
          eventCategory: 'Data', resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::b/${key}` }],
        });
      }
    };
    add('big/x/f', 10);
    add('big/y/f', 1);
    add('small/f', 2);
    const s = agg.result('t');
    expect(s.rows.map((r) => [r.arn, r.count, !!r.rolledUp])).toEqual([
      ['arn:aws:s3:::b/', 2, true],
      ['arn:aws:s3:::b/big/', 1, true],
      ['arn:aws:s3:::b/big/x/', 10, false],
    ]);
    expect(s.notes?.[0]).toMatch(/2 S3 prefixes were rolled up/);
  });
});
