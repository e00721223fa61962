import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { sampleLocalLogs } from '../../src/collect/sample-local.js';
import { SnapshotSchema } from '../../src/model/snapshot.js';
import { FIXTURES } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;
let day: string;

function cli(args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'trailcost.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' },
    timeout: 60_000,
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-sample-'));
  day = join(dir, 'AWSLogs', '518371450717', 'CloudTrail', 'ap-southeast-1', '2024', '10', '21');
  mkdirSync(day, { recursive: true });
  const read = (f: string) => readFileSync(join(FIXTURES, f));
  writeFileSync(join(day, '518371450717_CloudTrail_ap-southeast-1_20241021T2215Z_a.json.gz'), gzipSync(read('s3-listobjects-aoc2024.json')));
  // CloudTrail may deliver the same event again in another file.
  writeFileSync(join(day, '518371450717_CloudTrail_ap-southeast-1_20241021T2220Z_b.json.gz'), gzipSync(read('s3-listobjects-aoc2024.json')));
  const ddb = gzipSync(read('dynamodb-items-awsdocs.json'));
  writeFileSync(join(day, '518371450717_CloudTrail_ap-southeast-1_20241021T2225Z_truncated.json.gz'), ddb.subarray(0, Math.floor(ddb.length / 2)));
  writeFileSync(join(day, '518371450717_CloudTrail_ap-southeast-1_20241021T2230Z_empty.json'), '');
  writeFileSync(join(day, '518371450717_CloudTrail_ap-southeast-1_20241021T2235Z_c.json'), read('lambda-invoke-awsteele.json'));
  writeFileSync(join(day, '518371450717_CloudTrail-Digest_ap-southeast-1_20241021T2235Z.json.gz'), gzipSync('{"digest":true}'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sample on local log files', () => {
  it('streams an AWSLogs tree, skips a truncated gzip and an empty file by name, keeps everything else', async () => {
    const r = await sampleLocalLogs([join(dir, 'AWSLogs')]);
    expect(r.files).toHaveLength(5);
    expect(r.problems.map((p) => p.file.split('/').pop())).toEqual([
      '518371450717_CloudTrail_ap-southeast-1_20241021T2225Z_truncated.json.gz',
      '518371450717_CloudTrail_ap-southeast-1_20241021T2230Z_empty.json',
    ]);
    expect(r.problems[0].message).toMatch(/gzip/);
    const s = r.aggregator.result('t');
    expect(s.records).toBe(4);
    expect(s.duplicates).toBe(1);
    expect(s.rows.map((x) => [x.arn, x.eventName, x.count])).toEqual([
      ['arn:aws:s3:::aoc-cloudtrail-wareville/', 'ListObjects', 1],
      ['arn:aws:lambda:us-east-1:012345679012:function:my-function-name', 'Invoke', 2],
      ['arn:aws:lambda:us-east-1:012345679012:function:my-function-name', 'InvokeExecution', 1],
    ]);
  });

  it('the fast path and the shared reader give the same sample', async () => {
    const fast = await sampleLocalLogs([join(dir, 'AWSLogs')]);
    const slow = await sampleLocalLogs([join(dir, 'AWSLogs')], { fast: false });
    expect(fast.aggregator.result('t')).toEqual(slow.aggregator.result('t'));
    expect(fast.problems).toEqual(slow.problems);
  });

  it('the CLI writes a valid snapshot atomically, lists skipped files and exits 3 (partial)', () => {
    const out = join(dir, 'snap.json');
    const r = cli(['sample', join(dir, 'AWSLogs'), '--out', out]);
    expect(r.stderr).toMatch(/skipped .*truncated\.json\.gz: .*gzip/);
    expect(r.stderr).toMatch(/skipped .*empty\.json/);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/4 data events \(1 duplicates dropped\)/);
    // The summary shortens ARNs (the snapshot keeps them whole, checked below).
    expect(r.stdout).toMatch(/^aoc-cloudtrail-wareville\/ /m);
    const snap = SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(snap.source.kind).toBe('sample');
    expect(snap.samples).toHaveLength(1);
    expect(snap.samples[0].problems).toHaveLength(2);
    expect(snap.buckets.map((b) => [b.name, b.account, b.region])).toEqual([['aoc-cloudtrail-wareville', '518371450717', 'ap-southeast-1']]);
    expect(snap.functions.map((f) => f.name)).toEqual(['my-function-name']);
    // Merging again from the same source replaces the sample instead of doubling it.
    const again = cli(['sample', join(dir, 'AWSLogs'), '--snapshot', out, '--out', out]);
    expect(again.status).toBe(3);
    const snap2 = SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(snap2.samples).toHaveLength(1);
    expect(snap2.buckets).toHaveLength(1);
  });

  it('bad usage and bad input exit 2 with a clear message', () => {
    const none = cli(['sample', join(dir, 'nope')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^trailcost: .*nope: no such file or folder/m);
    const bad = join(dir, 'bad-snapshot.json');
    writeFileSync(bad, '{"version": 1}');
    const r = cli(['sample', join(day, '518371450717_CloudTrail_ap-southeast-1_20241021T2235Z_c.json'), '--snapshot', bad]);
    expect(r.status).toBe(2);
    // Read like every command reads a snapshot: each problem at file:line:col with its JSON path.
    expect(r.stderr).toMatch(/^trailcost: invalid snapshot: /);
    expect(r.stderr).toMatch(/bad-snapshot\.json:1:1: missing required field \(expected string\) \(at generatedAt\)/);
    const mgmtOnly = cli(['sample', join(FIXTURES, 'lambda-management-awsdocs.json')]);
    expect(mgmtOnly.status).toBe(2);
    expect(mgmtOnly.stderr).toMatch(/no CloudTrail data events in 1 file\(s\) \(2 records read, 2 not data events\)/);
    const mixed = cli(['sample', dir, '--lake', 'eds']);
    expect(mixed.status).toBe(2);
  });
});
