/**
 * Issue 16, habits: `--endpoint-url` on the commands that call AWS (scan, sample, apply), as the AWS CLI's option:
 * the real binary and SDK clients reach the local fake through the flag alone. AWS_ENDPOINT_URL (what the other
 * e2e tests use) points at a trap that answers 500 and counts what reaches it, so any client that ignored the
 * flag shows up there — and the reverse run (the env at the fake, the flag at the trap) shows the flag wins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { cleanEnv, runCli } from '../scan/run-cli.js';
import { generateRecords } from '../sample/generate.js';
import { expectShippedSchema } from './helpers.js';
import { SnapshotSchema, type Snapshot } from '../../src/model/snapshot.js';

const BUCKET = 'acme-org-cloudtrail';
const EDS = 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';
const START = Date.parse('2026-11-01T00:00:00Z');
let dir: string;
let aws: FakeAws;
let trap: Server;
let trapUrl: string;
let trapHits = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-endpoint-url-'));
  // A trail bucket for `sample s3://`, the same logs as the Athena table and the Lake store.
  const day = join(dir, 's3', BUCKET, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', '01');
  mkdirSync(day, { recursive: true });
  writeFileSync(join(day, '111122223333_CloudTrail_us-east-1_20261101T0000Z_a.json.gz'), gzipSync(JSON.stringify({ Records: generateRecords({ seed: 5, count: 400, start: START, spanMs: 86_400_000 }) })));
  process.env.TRAILCOST_FAKE_TRAIL_LOGS = join(dir, 's3', BUCKET, 'AWSLogs');
  process.env.TRAILCOST_FAKE_LAKE_EDS = EDS;
  aws = await startFakeAws({ seed: { seed: 3, buckets: 12, functions: 4, tables: 3 }, s3Objects: join(dir, 's3') });
  trap = createServer((req, res) => {
    trapHits++;
    req.resume();
    res.writeHead(500, { 'content-type': 'text/plain' }).end('trap: this request ignored --endpoint-url');
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await aws?.close();
  await new Promise<void>((resolve) => (trap ? trap.close(() => resolve()) : resolve()));
  delete process.env.TRAILCOST_FAKE_TRAIL_LOGS;
  delete process.env.TRAILCOST_FAKE_LAKE_EDS;
  rmSync(dir, { recursive: true, force: true });
});

/** The fake's keys, Region and (unless told) AWS_ENDPOINT_URL at the trap; nothing else from the machine. */
function env(endpointEnv = trapUrl): Record<string, string> {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION } = aws.env;
  return cleanEnv({ AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL: endpointEnv, TRAILCOST_POLL_MS: '5' });
}

const run = (args: string[], e = env()) => runCli(args, e, dir);
const flag = () => ['--endpoint-url', aws.endpoint];

let snapshotFile = '';

describe('--endpoint-url reaches the fake with AWS_ENDPOINT_URL pointing elsewhere', () => {
  it('scan --org-role: every service of the scan (STS, Organizations, S3, CloudWatch, Lambda, DynamoDB, CloudTrail, Cost Explorer)', async () => {
    aws.resetStats();
    trapHits = 0;
    snapshotFile = join(dir, 'snap.json');
    const r = await run(['scan', '--org-role', 'OrganizationAccountAccessRole', '--out', snapshotFile, ...flag()]);
    expect(trapHits).toBe(0);
    expect(r.code, r.stderr).toBe(0);
    const raw = JSON.parse(readFileSync(snapshotFile, 'utf8')) as unknown;
    // What scan writes is what schema/snapshot.schema.json describes (its own format version: `version`).
    expectShippedSchema('snapshot', raw);
    const snap: Snapshot = SnapshotSchema.parse(raw);
    expect(snap.gaps).toEqual([]);
    expect(snap.accounts.map((a) => a.id).sort()).toEqual(aws.truth.accounts.map((a) => a.id).sort());
    expect(snap.trails.map((t) => t.name).sort()).toEqual(aws.truth.trails.map((t) => t.name).sort());
    for (const op of ['sts:GetCallerIdentity', 'sts:AssumeRole', 'organizations:ListAccounts', 's3:ListBuckets', 'monitoring:GetMetricData', 'lambda:ListFunctions', 'dynamodb:ListTables', 'cloudtrail:DescribeTrails', 'ce:GetCostAndUsage']) {
      expect(aws.stats[op] ?? 0, op).toBeGreaterThan(0);
    }
  }, 120_000);

  it('sample: s3:// log files, a CloudTrail Lake query and an Athena query', async () => {
    trapHits = 0;
    aws.resetStats();
    const s3 = await run(['sample', `s3://${BUCKET}/AWSLogs/`, '--no-progress', '--out', '-', ...flag()]);
    expect(s3.code, s3.stderr).toBe(0);
    expectShippedSchema('snapshot', JSON.parse(s3.stdout));
    const fromS3 = SnapshotSchema.parse(JSON.parse(s3.stdout));
    expect(fromS3.samples[0].rows.length).toBeGreaterThan(0);
    expect(aws.stats['s3:GetObject']).toBe(1);
    const window = ['--start', '2026-11-01T00:00:00Z', '--end', '2026-11-02T00:00:00Z', '--no-progress', '--out', '-'];
    const lake = await run(['sample', '--lake', EDS, ...window, ...flag()]);
    expect(lake.code, lake.stderr).toBe(0);
    const athena = await run(['sample', '--athena', '--database', 'security', '--table', 'cloudtrail_logs', '--output', 's3://results/tc/', ...window, ...flag()]);
    expect(athena.code, athena.stderr).toBe(0);
    // The three paths read the same logs: the same events counted.
    const total = (text: string) => SnapshotSchema.parse(JSON.parse(text)).samples[0].rows.reduce((a, x) => a + x.count, 0);
    expect(total(lake.stdout)).toBe(total(s3.stdout));
    expect(total(athena.stdout)).toBe(total(s3.stdout));
    expect(trapHits).toBe(0);
  }, 60_000);

  it('apply (GetEventSelectors, PutEventSelectors) and the restore it prints, flag included', async () => {
    expect(snapshotFile).not.toBe('');
    trapHits = 0;
    aws.resetStats();
    const trail = aws.truth.trails.find((t) => t.name === 'org-trail')!;
    const selectors = join(dir, 'org-trail.json');
    writeFileSync(selectors, JSON.stringify(trail.selectors));
    const r = await run(['apply', '--trail', trail.name, '--snapshot', snapshotFile, '--selectors', selectors, '--yes', ...flag()]);
    expect(r.code, r.stderr).toBe(0);
    expect(aws.stats['cloudtrail:GetEventSelectors']).toBe(1);
    expect(aws.stats['cloudtrail:PutEventSelectors']).toBe(1);
    const undo = /To undo: trailcost (apply --restore .*)$/m.exec(r.stderr);
    expect(undo, r.stderr).not.toBeNull();
    expect(undo![1]).toContain(`--endpoint-url ${aws.endpoint}`);
    const restore = await run(undo![1].split(' ').filter((w) => w !== ''));
    expect(restore.code, restore.stderr).toBe(0);
    expect(aws.stats['cloudtrail:PutEventSelectors']).toBe(2);
    expect(readdirSync(dir).filter((f) => f.includes('backup'))).toHaveLength(2);
    expect(trapHits).toBe(0);
  }, 60_000);
});

describe('--endpoint-url wins over AWS_ENDPOINT_URL, and is checked before any call', () => {
  it('the env at the fake, the flag at the trap: the calls go to the trap and fail', async () => {
    trapHits = 0;
    aws.resetStats();
    const trail = aws.truth.trails.find((t) => t.name === 'org-trail')!;
    const r = await run(['apply', '--trail', trail.name, '--snapshot', snapshotFile, '--selectors', join(dir, 'org-trail.json'), '--endpoint-url', trapUrl], env(aws.endpoint));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GetEventSelectors on .* failed/);
    expect(trapHits).toBeGreaterThan(0);
    expect(aws.stats.total).toBe(0);
  }, 60_000);

  it.each([
    ['scan', ['scan', '--out', 'x.json']],
    ['sample', ['sample', `s3://${BUCKET}/AWSLogs/`]],
    ['apply', ['apply', '--trail', 'org-trail', '--selectors', 'x.json']],
  ])('%s: a value that is not an http(s) URL is bad usage (exit 2), nothing called', async (_name, args) => {
    aws.resetStats();
    trapHits = 0;
    for (const bad of ['localhost:4566', 'ftp://example.com', 'http://user:pw@example.com', 'not a url']) {
      const r = await run([...args, '--endpoint-url', bad]);
      expect(r.code, `${bad}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/--endpoint-url/);
    }
    expect(aws.stats.total).toBe(0);
    expect(trapHits).toBe(0);
  }, 60_000);
});
