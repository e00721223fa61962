/**
 * `sample` and aggregated events (aws-facts §7): the `CloudTrail-Aggregated/` folder holds 5-minute summaries, not
 * events. Local trees and s3:// listings skip it (like digest files) and say how many files they skipped; an
 * aggregated record that still reaches the aggregator (a file named explicitly) is not a data event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { sampleLocalLogs } from '../../src/collect/sample-logs.js';
import { inAggregatedFolder, s3Sources } from '../../src/collect/s3-logs.js';
import { SampleAggregator } from '../../src/sample/aggregate.js';
import type { SkippedLogFiles } from '../../src/collect/logs.js';
import type { CloudTrailRecord } from '../../src/selectors/types.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { FIXTURES, fixture, runCli } from './helpers.js';

const AGG = 'aggregated-s3-CONSTRUCTED.json';
const BUCKET = 'acme-trail-logs';
let dir: string;
let aws: FakeAws;

/** An account's AWSLogs tree: one log file of events, two of aggregated events, a digest. */
function tree(root: string): void {
  const acct = join(root, 'AWSLogs', '111122223333');
  const day = join(acct, 'CloudTrail', 'us-east-1', '2026', '11', '20');
  const aggDay = join(acct, 'CloudTrail-Aggregated', 'us-east-1', '2026', '11', '20');
  const digest = join(acct, 'CloudTrail-Digest', 'us-east-1', '2026', '11', '20');
  for (const d of [day, aggDay, digest]) mkdirSync(d, { recursive: true });
  writeFileSync(join(day, '111122223333_CloudTrail_us-east-1_20261120T1015Z_a.json.gz'), gzipSync(readFileSync(join(FIXTURES, 's3-listobjects-aoc2024.json'))));
  for (const t of ['1015', '1020']) {
    writeFileSync(join(aggDay, `111122223333_CloudTrail-Aggregated_us-east-1_20261120T${t}Z_x.json.gz`), gzipSync(readFileSync(join(FIXTURES, AGG))));
  }
  writeFileSync(join(digest, '111122223333_CloudTrail-Digest_us-east-1_20261120T1100Z.json.gz'), gzipSync('{"digest":1}'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-aggregated-'));
  tree(join(dir, 'local'));
  tree(join(dir, 's3', BUCKET));
  // Only aggregated events: nothing to sample.
  const only = join(dir, 'only', 'AWSLogs', '111122223333', 'CloudTrail-Aggregated', 'us-east-1');
  mkdirSync(only, { recursive: true });
  writeFileSync(join(only, 'x.json.gz'), gzipSync(readFileSync(join(FIXTURES, AGG))));
  aws = await startFakeAws({ s3Objects: join(dir, 's3'), pageSize: 2 });
});

afterAll(async () => {
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sample skips CloudTrail-Aggregated/', () => {
  it('in a local tree: not read, counted', async () => {
    const r = await sampleLocalLogs([join(dir, 'local', 'AWSLogs')]);
    expect(r.files.map((f) => f.split('/').pop())).toEqual(['111122223333_CloudTrail_us-east-1_20261120T1015Z_a.json.gz']);
    expect(r.skipped).toEqual({ aggregated: 2 });
    expect(r.aggregator.scanned).toBe(1);
    expect(r.aggregator.result('t').records).toBe(1);
  });

  it('the CLI says how many files it skipped; with nothing else to read it says why there is nothing', async () => {
    const r = await runCli(['sample', join(dir, 'local', 'AWSLogs'), '--no-progress'], {});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 file(s), ');
    expect(r.stderr).toContain('skipped 2 file(s) under CloudTrail-Aggregated/ (aggregated events: 5-minute summaries of data events, not events; no event selector logs them)');
    expect(JSON.parse(r.stdout).samples[0].records).toBe(1);
    const none = await runCli(['sample', join(dir, 'only', 'AWSLogs'), '--no-progress'], {});
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no \.json or \.json\.gz log files under .*\(skipped 1 file\(s\) under CloudTrail-Aggregated\//);
  });

  it('in an s3:// listing: not fetched, counted; the CLI says so', async () => {
    aws.resetStats();
    const r = await runCli(['sample', `s3://${BUCKET}/AWSLogs/`, '--no-progress'], aws.env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('skipped 2 file(s) under CloudTrail-Aggregated/');
    expect(JSON.parse(r.stdout).samples[0].records).toBe(1);
    expect(aws.stats['s3:GetObject']).toBe(1);
  });

  it('s3Sources: which keys are in an aggregated folder below the prefix (a prefix naming the folder reads it)', async () => {
    const keys = [
      'AWSLogs/1/CloudTrail/us-east-1/2026/11/20/a.json.gz',
      'AWSLogs/1/CloudTrail-Aggregated/us-east-1/2026/11/20/b.json.gz',
      'AWSLogs/1/CloudTrail-Aggregated/us-east-1/2026/11/20/c.json',
      'AWSLogs/1/CloudTrail-Digest/us-east-1/2026/11/20/d.json.gz',
    ];
    const client = {
      send: async (cmd: { input: { Prefix?: string } }) => ({
        Contents: keys.filter((k) => k.startsWith(cmd.input.Prefix ?? '')).map((Key) => ({ Key, Size: 1 })),
        IsTruncated: false,
      }),
    } as unknown as S3Client;
    const skipped: SkippedLogFiles = { aggregated: 0 };
    const all = await s3Sources(client, 's3://b/AWSLogs/', undefined, skipped);
    expect(all.map((s) => s.name)).toEqual(['s3://b/AWSLogs/1/CloudTrail/us-east-1/2026/11/20/a.json.gz']);
    expect(skipped.aggregated).toBe(2);
    const named: SkippedLogFiles = { aggregated: 0 };
    expect(await s3Sources(client, 's3://b/AWSLogs/1/CloudTrail-Aggregated/', undefined, named)).toHaveLength(2);
    expect(named.aggregated).toBe(0);
    expect(inAggregatedFolder('AWSLogs/1/CloudTrail-Aggregated/x.json.gz', 'AWSLogs/1/CloudTrail')).toBe(true);
    expect(inAggregatedFolder('AWSLogs/1/CloudTrail/x_CloudTrail-Aggregated.json.gz', 'AWSLogs/')).toBe(false);
  });
});

describe('aggregated records that reach the aggregator', () => {
  // The fixture, and the same summaries with fields that would otherwise make them read as data events.
  const records = (): CloudTrailRecord[] => {
    const agg = fixture(AGG);
    return [
      ...agg,
      { ...agg[0], eventId: undefined, eventID: 'agg-variant-1', managementEvent: false },
      { ...agg[1], eventId: undefined, eventCategory: undefined, eventID: 'agg-variant-2', eventName: 'GetObject', resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::acme-datalake/k' }] },
    ];
  };

  it('are counted as non-data records, like management records', () => {
    const agg = new SampleAggregator();
    for (const r of records()) agg.addRecord(r);
    expect(agg.scanned).toBe(5);
    expect(agg.nonData).toBe(5);
    expect(agg.records).toBe(0);
    expect(agg.result('t', { start: '2026-11-20T00:00:00Z', end: '2026-11-21T00:00:00Z' }).rows).toEqual([]);
  });

  it('a file named explicitly is read (projected, as sample reads it) and its records not counted as data events', async () => {
    const file = join(dir, 'named-aggregated.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify({ Records: [...records(), ...fixture('s3-listobjects-aoc2024.json')] })));
    const r = await sampleLocalLogs([file]);
    expect(r.skipped).toEqual({ aggregated: 0 });
    expect(r.aggregator.nonData).toBe(5);
    expect(r.aggregator.records).toBe(1);
  });
});
