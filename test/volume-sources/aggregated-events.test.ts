/**
 * CloudTrail aggregated events as a volume source (`sample --aggregated`): per-resource summaries become rows of a
 * sample of kind `aggregated`, never events; the other templates are read and not counted twice; shapes trailcost
 * does not recognize are counted and said. End to end through local folders and s3://.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AggregatedEventsReader, aggregatedResource } from '../../src/sample/aggregated-events.js';
import { SnapshotSchema } from '../../src/model/snapshot.js';
import { buildModel } from '../../src/model/build.js';
import { DEFAULT_ASSUMPTIONS } from '../../src/model/assumptions.js';
import { emptyDeclared } from '../../src/model/declared.js';
import type { CloudTrailRecord } from '../../src/selectors/types.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { FIXTURES, fixture, runCli } from '../sample/helpers.js';

const AGG = 'aggregated-s3-CONSTRUCTED.json';
const resourceSummary = (id: string, start: string, bucketArn: string, total: number, names: Array<[string, number]>, callers: Array<[string, number]> = []): CloudTrailRecord => ({
  eventVersion: '1.0', accountId: '111122223333', eventId: id, eventCategory: 'Aggregated', eventType: 'AwsAggregatedEvent',
  awsRegion: 'us-east-1', eventSource: 's3.amazonaws.com',
  timeWindow: { windowStart: start, windowEnd: new Date(Date.parse(start) + 300_000).toISOString().replace('.000Z', 'Z'), windowSize: 'PT5M' },
  summary: {
    primaryDimension: { dimension: 'resourceARN', value: bucketArn },
    statistics: { eventCount: total, errorCount: 0 },
    details: [
      { dimension: 'eventName', values: names.map(([value, count]) => ({ value, count })) },
      ...(callers.length ? [{ dimension: 'userIdentity', values: callers.map(([value, count]) => ({ value, count })) }] : []),
    ],
  },
} as unknown as CloudTrailRecord);

describe('AggregatedEventsReader', () => {
  it('counts the per-resource summary of the fixture only (the other templates summarize the same events)', () => {
    const r = new AggregatedEventsReader();
    for (const rec of fixture(AGG)) r.add(rec);
    const s = r.result('agg');
    expect(s.kind).toBe('aggregated');
    expect(s.records).toBe(0);
    expect(s.rows.map((x) => [x.arn, x.eventName, x.readOnly, x.count, x.account, x.region])).toEqual([
      ['arn:aws:s3:::acme-datalake/', 'GetObject', true, 1482, '111122223333', 'us-east-1'],
      ['arn:aws:s3:::acme-datalake/', 'PutObject', false, 8, '111122223333', 'us-east-1'],
    ]);
    // 1,408 of 1,490 events by one caller: each API gets that share.
    expect(s.rows[0].callers).toEqual([{ arn: 'arn:aws:sts::111122223333:assumed-role/etl/spark-job', count: Math.round(1482 * 1408 / 1490) }]);
    expect(s.window).toEqual({ start: '2026-11-20T10:15:00.000Z', end: '2026-11-20T10:20:00.000Z' });
    expect(r.otherTemplates).toBe(2);
    expect(s.notes!.join('\n')).toMatch(/unconfirmed/);
    expect(s.notes!.join('\n')).toMatch(/2 summaries of other templates/);
  });

  it('drops duplicate summaries, keeps what a breakdown does not name out of rows (and says so), refuses unknown shapes', () => {
    const r = new AggregatedEventsReader({}, { start: '2026-11-20T00:00:00Z', end: '2026-11-21T00:00:00Z' });
    const a = resourceSummary('e1', '2026-11-20T10:00:00Z', 'arn:aws:s3:::b1', 100, [['GetObject', 70], ['HeadObject', 20]]);
    r.add(a);
    r.add(a);
    r.add(resourceSummary('e2', '2026-11-21T10:00:00Z', 'arn:aws:s3:::b1', 5, [['GetObject', 5]]));
    r.add(resourceSummary('e3', '2026-11-20T11:00:00Z', 'arn:aws:lambda:us-east-1:111122223333:function:f', 7, [['Invoke', 7]]));
    r.add({ eventCategory: 'Aggregated', eventId: 'e4', summary: { primary: 'x' } } as unknown as CloudTrailRecord);
    r.add({ eventCategory: 'Data', eventName: 'GetObject' } as unknown as CloudTrailRecord);
    const s = r.result('agg');
    expect(s.rows.map((x) => [x.arn, x.eventName, x.count])).toEqual([
      ['arn:aws:s3:::b1/', 'GetObject', 70], ['arn:aws:s3:::b1/', 'HeadObject', 20],
      ['arn:aws:lambda:us-east-1:111122223333:function:f', 'Invoke', 7],
    ]);
    expect([r.duplicates, r.outside, r.unreadable, r.notAggregated, s.unattributed]).toEqual([1, 1, 1, 1, 10]);
    expect(s.notes!.join('\n')).toMatch(/10 events in summaries whose eventName breakdown does not name them/);
    expect(aggregatedResource('arn:aws:dynamodb:us-east-1:111122223333:table/t/stream/2026')).toEqual({ type: 'AWS::DynamoDB::Table', arn: 'arn:aws:dynamodb:us-east-1:111122223333:table/t' });
    expect(aggregatedResource('arn:aws:sqs:us-east-1:111122223333:q')).toBeNull();
  });
});

describe('sample --aggregated', () => {
  let dir: string;
  let aws: FakeAws;
  const BUCKET = 'acme-trail-logs';
  const tree = (root: string) => {
    const acct = join(root, 'AWSLogs', '111122223333');
    const day = join(acct, 'CloudTrail', 'us-east-1', '2026', '11', '20');
    const aggDay = join(acct, 'CloudTrail-Aggregated', 'us-east-1', '2026', '11', '20');
    mkdirSync(day, { recursive: true });
    mkdirSync(aggDay, { recursive: true });
    writeFileSync(join(day, '111122223333_CloudTrail_us-east-1_20261120T1015Z_a.json.gz'), gzipSync(readFileSync(join(FIXTURES, 's3-listobjects-aoc2024.json'))));
    // Twelve 5-minute windows of one hour, one resource summary each: 100 GETs and 20 PUTs per window.
    for (let i = 0; i < 12; i++) {
      const start = new Date(Date.UTC(2026, 10, 20, 10, i * 5)).toISOString().replace('.000Z', 'Z');
      const rec = resourceSummary(`w${i}`, start, 'arn:aws:s3:::acme-datalake', 120, [['GetObject', 100], ['PutObject', 20]], [['arn:aws:sts::111122223333:assumed-role/etl/job', 120]]);
      writeFileSync(join(aggDay, `111122223333_CloudTrail-Aggregated_us-east-1_20261120T10${String(i * 5).padStart(2, '0')}Z_x.json.gz`), gzipSync(JSON.stringify({ Records: [rec] })));
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trailcost-agg-source-'));
    tree(join(dir, 'local'));
    tree(join(dir, 's3', BUCKET));
    aws = await startFakeAws({ s3Objects: join(dir, 's3') });
  });
  afterAll(async () => {
    await aws?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const where of ['local', 's3'] as const) {
    it(`${where}: reads the summaries as a second sample (volumes, not events) beside the CloudTrail one`, async () => {
      const src = where === 'local' ? join(dir, 'local', 'AWSLogs') : `s3://${BUCKET}/AWSLogs/`;
      const out = join(dir, `${where}.json`);
      const r = await runCli(['sample', src, '--aggregated', '--out', out, '--no-progress'], aws.env);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/CloudTrail aggregated events: 12 file\(s\), .* 12 summaries \(12 per resource used\)/);
      expect(r.stdout).toMatch(/1,440 data events counted by aggregated-event summaries \(volumes, not events\)/);
      expect(r.stdout).not.toMatch(/skipped \d+ file/);
      const snap = SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
      const agg = snap.samples.find((s) => s.kind === 'aggregated')!;
      expect(snap.samples.find((s) => !s.kind)!.records).toBe(1);
      expect(agg.records).toBe(0);
      expect(agg.rows.map((x) => [x.arn, x.eventName, x.count])).toEqual([['arn:aws:s3:::acme-datalake/', 'GetObject', 1200], ['arn:aws:s3:::acme-datalake/', 'PutObject', 240]]);
      // The model: an hour of 1,440 events is 1,051,200 a month, said to come from aggregated events.
      const m = buildModel(snap, { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
      const node = m.nodes.get('s3:arn:aws:s3:::acme-datalake/')!;
      expect(node.classes.map((c) => [c.cls.eventName, c.volume.events, c.volume.provenance])).toEqual([['GetObject', 876_000, 'aggregated'], ['PutObject', 175_200, 'aggregated']]);
    });
  }

  it('a CloudTrail-Aggregated/ folder named directly is read once, with nothing else to read', async () => {
    const r = await runCli(['sample', join(dir, 'local', 'AWSLogs', '111122223333', 'CloudTrail-Aggregated'), '--aggregated', '--no-progress'], {});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/CloudTrail aggregated events: 12 file\(s\)/);
    expect(JSON.parse(r.stdout).samples.map((s: { kind?: string }) => s.kind)).toEqual(['aggregated']);
  });

  it('without --aggregated the files are skipped and counted, as before', async () => {
    const r = await runCli(['sample', join(dir, 'local', 'AWSLogs'), '--no-progress'], {});
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('skipped 12 file(s) under CloudTrail-Aggregated/');
    expect(JSON.parse(r.stdout).samples.map((s: { kind?: string }) => s.kind ?? 'cloudtrail')).toEqual(['cloudtrail']);
  });

  it('--aggregated goes with files, not with --athena / --lake; --access-logs only with --athena', async () => {
    const a = await runCli(['sample', '--athena', '--database', 'd', '--table', 't', '--aggregated'], {});
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--aggregated reads CloudTrail-Aggregated\/ files/);
    const b = await runCli(['sample', join(dir, 'local'), '--access-logs'], {});
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--access-logs goes with --athena/);
  });
});
