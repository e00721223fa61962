import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { sampleLocalLogs } from '../../src/collect/sample-logs.js';
import { SnapshotSchema } from '../../src/model/snapshot.js';
import { FIXTURES, fixture } from './helpers.js';
import { generateRecords } from './generate.js';

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

  it('worker threads, this thread and the shared reader give the same sample and report the same problems', async () => {
    // Beside the tree: a file that is not JSON (reported with line and column), one record alone (the general
    // path takes it), and generated files large enough that several are in flight at once.
    const extra = join(dir, 'extra');
    mkdirSync(extra);
    writeFileSync(join(extra, 'a-invalid.json'), '{"Records": [\n  {"eventName": }\n]}');
    writeFileSync(join(extra, 'b-one-record.json'), JSON.stringify(fixture('s3-copy-delete-stratus.json')[0]));
    for (let f = 0; f < 6; f++) {
      const recs = generateRecords({ seed: f % 3, count: 400, start: Date.parse('2026-11-01T00:00:00Z'), spanMs: 3_600_000, callers: 6 });
      writeFileSync(join(extra, `c-gen-${f}.json.gz`), gzipSync(JSON.stringify({ Records: recs })));
    }
    const inputs = [join(dir, 'AWSLogs'), extra];
    const shared = await sampleLocalLogs(inputs, { fast: false, limits: { maxPrefixesPerBucket: 4 } });
    expect(shared.problems.map((p) => [p.file.split('/').pop(), p.message])).toEqual([
      ['518371450717_CloudTrail_ap-southeast-1_20241021T2225Z_truncated.json.gz', expect.stringMatching(/gzip/)],
      ['518371450717_CloudTrail_ap-southeast-1_20241021T2230Z_empty.json', expect.any(String)],
      ['a-invalid.json', expect.stringMatching(/^line 2, column 17: invalid JSON: Unexpected token/)],
    ]);
    // Files 3–5 repeat files 0–2: their events are duplicates.
    expect(shared.aggregator.duplicates).toBe(1 + 3 * 400);
    for (const threads of [0, 1, 3]) {
      const r = await sampleLocalLogs(inputs, { threads, limits: { maxPrefixesPerBucket: 4 } });
      expect(r.aggregator.result('t'), `threads: ${threads}`).toStrictEqual(shared.aggregator.result('t'));
      expect(r.problems).toStrictEqual(shared.problems);
    }
  });

  it('reports progress per file, ending at every file and every byte', async () => {
    const seen: Array<[number, number]> = [];
    const r = await sampleLocalLogs([join(dir, 'AWSLogs')], { progressEveryMs: 0, onProgress: (p) => seen.push([p.filesDone, p.bytesDone]) });
    const total = seen[seen.length - 1];
    expect(total).toEqual([r.files.length, r.bytes]);
    for (let k = 1; k < seen.length; k++) expect(seen[k][1]).toBeGreaterThanOrEqual(seen[k - 1][1]);
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
    const threads = cli(['sample', dir, '--threads', 'many']);
    expect(threads.status).toBe(2);
    expect(threads.stderr).toMatch(/--threads must be a whole number from 0 to 64 \(got "many"\)/);
  });
});
