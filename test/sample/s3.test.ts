import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { SnapshotSchema, type Sample } from '../../src/model/snapshot.js';
import { sampleLocalLogs } from '../../src/collect/sample-logs.js';
import { generateRecords } from './generate.js';
import { FIXTURES, runCli } from './helpers.js';

const BUCKET = 'acme-org-cloudtrail';
let root: string;
let day: string;
let aws: FakeAws;

const cli = (args: string[]) => runCli(args, aws.env);

const rowsOf = (s: Sample) => s.rows.map((r) => [r.arn, r.eventName, r.readOnly, r.eventType, r.count, r.callers ?? []]);

beforeAll(async () => {
  // The bucket's folder: an org trail's AWSLogs layout, as CloudTrail writes it.
  root = mkdtempSync(join(tmpdir(), 'trailcost-s3-'));
  day = join(root, BUCKET, 'AWSLogs', 'o-exampleorgid', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', '20');
  mkdirSync(day, { recursive: true });
  for (let f = 0; f < 5; f++) {
    const recs = generateRecords({ seed: f, count: 300, start: Date.parse('2026-11-20T00:00:00Z'), spanMs: 3_600_000, callers: 6 });
    writeFileSync(join(day, `111122223333_CloudTrail_us-east-1_20261120T00${f}0Z_${f}.json.gz`), gzipSync(JSON.stringify({ Records: recs })));
  }
  writeFileSync(join(day, '111122223333_CloudTrail_us-east-1_20261120T0100Z_list.json.gz'), gzipSync(readFileSync(join(FIXTURES, 's3-listobjects-aoc2024.json'))));
  const ddb = gzipSync(readFileSync(join(FIXTURES, 'dynamodb-items-awsdocs.json')));
  writeFileSync(join(day, '111122223333_CloudTrail_us-east-1_20261120T0105Z_truncated.json.gz'), ddb.subarray(0, ddb.length >> 1));
  // Readable locally, denied through S3 (a bucket policy can do that to one object).
  writeFileSync(join(day, '111122223333_CloudTrail_us-east-1_20261120T0110Z_denied.json.gz'), gzipSync(readFileSync(join(FIXTURES, 'lambda-invoke-awsteele.json'))));
  mkdirSync(join(root, BUCKET, 'AWSLogs', 'o-exampleorgid', '111122223333', 'CloudTrail-Digest'), { recursive: true });
  writeFileSync(join(root, BUCKET, 'AWSLogs', 'o-exampleorgid', '111122223333', 'CloudTrail-Digest', 'x_CloudTrail-Digest_x.json.gz'), gzipSync('{"digest":1}'));
  writeFileSync(join(root, BUCKET, 'README.txt'), 'not a log file');
  aws = await startFakeAws({
    s3Objects: root,
    pageSize: 3,
    denyObjects: [`${BUCKET}/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T0110Z_denied.json.gz`],
  });
});

afterAll(async () => {
  await aws?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('sample reads log files straight from the trail bucket (s3://)', () => {
  it('lists every page, reads each object, and gives what the same files give locally; unreadable objects are listed (exit 3)', async () => {
    const out = join(root, 'from-s3.json');
    const r = await cli(['sample', `s3://${BUCKET}/AWSLogs/`, '--out', out, '--no-progress']);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/skipped s3:\/\/acme-org-cloudtrail\/AWSLogs\/.*_truncated\.json\.gz: not a valid gzip file/);
    expect(r.stderr).toMatch(/skipped s3:\/\/acme-org-cloudtrail\/AWSLogs\/.*_denied\.json\.gz: cannot read \(AccessDenied: Access Denied\)/);
    const snap = SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const sample = snap.samples[0];
    expect(sample.files).toBe(8);
    // The same files read locally, without the one S3 would not give.
    const local = await sampleLocalLogs([...Array(5).keys()].map((f) => join(day, `111122223333_CloudTrail_us-east-1_20261120T00${f}0Z_${f}.json.gz`))
      .concat(join(day, '111122223333_CloudTrail_us-east-1_20261120T0100Z_list.json.gz')));
    const expected = local.aggregator.result('local');
    expect(rowsOf(sample)).toEqual(rowsOf(expected));
    expect(sample.records).toBe(expected.records);
    // Listing is paged (9 keys under the prefix, 3 a page; the digest is skipped) and each log object fetched once.
    expect(aws.stats['s3:ListObjectsV2']).toBe(3);
    expect(aws.stats['s3:GetObject']).toBe(8);
  });

  it('the same answer when a third of the requests are throttled (the SDK retries SlowDown), on worker threads too', async () => {
    const clean = await cli(['sample', `s3://${BUCKET}/AWSLogs/o-exampleorgid/`, '--no-progress']);
    aws.faults.throttleRate = 0.3;
    aws.resetStats();
    try {
      const throttled = await cli(['sample', `s3://${BUCKET}/AWSLogs/o-exampleorgid/`, '--no-progress', '--threads', '2']);
      // Retried requests reached the fake more often than there are objects.
      expect(aws.stats['s3:GetObject']).toBeGreaterThan(8);
      expect(throttled.status, throttled.stderr).toBe(3);
      const a = JSON.parse(clean.stdout).samples[0];
      const b = JSON.parse(throttled.stdout).samples[0];
      expect(b.rows).toEqual(a.rows);
    } finally {
      aws.faults.throttleRate = 0;
    }
  });

  it('a bucket that does not exist, a bad URI, or no log files: exit 2 with the reason', async () => {
    const none = await cli(['sample', 's3://no-such-bucket/AWSLogs/']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^trailcost: s3:\/\/no-such-bucket\/AWSLogs\/: cannot list the bucket \(NoSuchBucket: /m);
    const bad = await cli(['sample', 's3://']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/s3:\/\/: expected s3:\/\/bucket\/prefix/);
    const empty = await cli(['sample', `s3://${BUCKET}/nothing-here/`]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/no \.json or \.json\.gz log files under s3:\/\/acme-org-cloudtrail\/nothing-here\//);
  });
});
