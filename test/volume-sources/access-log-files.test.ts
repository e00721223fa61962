/**
 * Finding and reading access-log files with the real binary: names AWS gives them (and gzip), a file named on the
 * command line recognized by its content, a file that is not an access log named and skipped (exit 3), a bad line
 * inside a good file counted and shown, other files left alone; CloudTrail logs beside them still read as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FIXTURES, runCli } from '../sample/helpers.js';

let dir: string;
const line = (id: string, op: string, key: string, status = 200, t = '20/Nov/2026:10:15:32') =>
  `79a5 demo-bucket [${t} +0000] 192.0.2.3 arn:aws:iam::111122223333:user/alice ${id} ${op} ${key} "GET /demo-bucket/${key} HTTP/1.1" ${status} - 10 10 7 - "-" "sdk \\"x\\"" - aGk= SigV4 ECDHE AuthHeader demo-bucket.s3.us-east-1.amazonaws.com TLSv1.3 - - us-east-1`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-access-files-'));
  const logs = join(dir, 'logs', '111122223333', 'us-east-1', 'demo-bucket', '2026', '11', '20');
  mkdirSync(logs, { recursive: true });
  writeFileSync(join(logs, '2026-11-20-10-15-32-0123456789ABCDEF'), `${line('A1', 'REST.GET.OBJECT', 'a/b/c.txt')}\nnot a record\n${line('A2', 'REST.PUT.OBJECT', 'a/d.txt', 200, '20/Nov/2026:22:15:32')}\n`);
  writeFileSync(join(logs, '2026-11-20-11-15-32-0123456789ABCDEF.gz'), gzipSync(`${line('A3', 'REST.HEAD.OBJECT', 'a/b/e.txt')}\n`));
  writeFileSync(join(logs, '2026-11-20-12-15-32-0123456789ABCDEF'), 'hello\nworld\n');
  writeFileSync(join(logs, 'README.md'), 'not read\n');
  writeFileSync(join(dir, 'named-any-way.txt'), `${line('B1', 'REST.GET.OBJECT', 'z/y.txt')}\n`);
  const ct = join(dir, 'logs', 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', '20');
  mkdirSync(ct, { recursive: true });
  writeFileSync(join(ct, '111122223333_CloudTrail_us-east-1_20261120T1015Z_a.json.gz'), gzipSync(readFileSync(join(FIXTURES, 's3-listobjects-aoc2024.json'))));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sample finds access logs by name and recognizes them by content', () => {
  it('reads both kinds in one run; skips (exit 3) what is not an access log; shows bad lines', async () => {
    const out = join(dir, 'out.json');
    const r = await runCli(['sample', join(dir, 'logs'), join(dir, 'named-any-way.txt'), '--out', out, '--no-progress'], {});
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/skipped .*2026-11-20-12-15-32-0123456789ABCDEF: not an S3 server access log \(line 1: /);
    expect(r.stdout).toMatch(/S3 server access logs: 4 file\(s\), .*4 requests, 1 skipped/);
    const snap = JSON.parse(readFileSync(out, 'utf8'));
    expect(snap.samples.map((s: { kind?: string }) => s.kind ?? 'cloudtrail')).toEqual(['cloudtrail', 'access-log']);
    const acc = snap.samples[1];
    expect(acc.rows.map((x: { arn: string; eventName: string; count: number }) => [x.arn, x.eventName, x.count])).toEqual([
      ['arn:aws:s3:::demo-bucket/a/', 'PutObject', 1],
      ['arn:aws:s3:::demo-bucket/a/b/', 'GetObject', 1],
      ['arn:aws:s3:::demo-bucket/a/b/', 'HeadObject', 1],
      ['arn:aws:s3:::demo-bucket/z/', 'GetObject', 1],
    ]);
    expect(acc.notes.join('\n')).toMatch(/1 lines were not access-log records and were skipped \(.*2026-11-20-10-15-32-0123456789ABCDEF:2: /);
    expect(acc.problems).toHaveLength(1);
    // The span of the requests read, whole minutes.
    expect(acc.window).toEqual({ start: '2026-11-20T10:15:00.000Z', end: '2026-11-20T22:16:00.000Z' });
    // Partitioned keys name the bucket's account and Region: the bucket joins the inventory.
    expect(snap.buckets.map((b: { name: string; region: string }) => [b.name, b.region])).toContainEqual(['demo-bucket', 'us-east-1']);
  });

  it('--print-sql prints the access-log query and calls nothing', async () => {
    const r = await runCli(['sample', '--athena', '--access-logs', '--database', 's3_access_logs_db', '--table', 'mybucket_logs', '--start', '2026-11-01', '--end', '2026-11-08', '--print-sql'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-- trailcost sample: S3 server access logs/);
    expect(r.stdout).toContain(`FROM "s3_access_logs_db"."mybucket_logs"`);
    expect(r.stdout).toContain(`"timestamp" BETWEEN '2026/10/31' AND '2026/11/08'`);
  });
});
