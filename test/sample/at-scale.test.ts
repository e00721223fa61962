import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { SnapshotSchema, type Sample } from '../../src/model/snapshot.js';
import { generateRecords } from './generate.js';
import { runCli } from './helpers.js';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { runAthenaQuery } from '../../src/collect/athena.js';
import { runLakeQuery } from '../../src/collect/lake.js';
import { athenaSql, lakeSql } from '../../src/sample/sql.js';

const ROOT = join(import.meta.dirname, '..', '..');
const START = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;
let dir: string;
let logs: string;
let aws: FakeAws;

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { ...aws.env, ...env, TRAILCOST_POLL_MS: '5' });

function rowsKey(s: Sample) {
  return s.rows.map((r) => ({ arn: r.arn, type: r.resourceType, e: r.eventName, ro: r.readOnly, t: r.eventType, n: r.count, acct: r.account, reg: r.region, callers: r.callers ?? [] }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-atscale-'));
  logs = join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1');
  const records = generateRecords({ seed: 11, count: 1500, start: START, spanMs: 7 * DAY });
  for (let d = 0; d < 7; d++) {
    const day = join(logs, '2026', '11', String(d + 1).padStart(2, '0'));
    mkdirSync(day, { recursive: true });
    const mine = records.filter((r) => Date.parse(String(r.eventTime)) - START >= d * DAY && Date.parse(String(r.eventTime)) - START < (d + 1) * DAY);
    writeFileSync(join(day, `111122223333_CloudTrail_us-east-1_2026110${d + 1}T0000Z_a.json.gz`), gzipSync(JSON.stringify({ Records: mine })));
    // A redelivered slice: duplicates by eventID.
    writeFileSync(join(day, `111122223333_CloudTrail_us-east-1_2026110${d + 1}T0005Z_dup.json.gz`), gzipSync(JSON.stringify({ Records: mine.slice(0, 10) })));
  }
  // Events outside the window must not count in any of the three paths.
  writeFileSync(join(logs, 'outside.json'), JSON.stringify({ Records: generateRecords({ seed: 12, count: 50, start: START - 3 * DAY, spanMs: DAY }) }));
  process.env.TRAILCOST_FAKE_TRAIL_LOGS = join(dir, 'AWSLogs');
  process.env.TRAILCOST_FAKE_ATHENA_TABLES = 'cloudtrail_logs_pp';
  process.env.TRAILCOST_FAKE_LAKE_EDS = 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';
  aws = await startFakeAws({ pageSize: 7 });
});

afterAll(async () => {
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
  delete process.env.TRAILCOST_FAKE_TRAIL_LOGS;
  delete process.env.TRAILCOST_FAKE_ATHENA_TABLES;
  delete process.env.TRAILCOST_FAKE_LAKE_EDS;
});

const WINDOW = ['--start', '2026-11-01T00:00:00Z', '--end', '2026-11-08T00:00:00Z'];

describe('sample at scale: Athena and CloudTrail Lake against the local AWS fake', () => {
  it('--print-sql prints the golden query without calling AWS', async () => {
    aws.resetStats();
    const r = await cli(['sample', '--athena', '--database', 'security', '--table', 'cloudtrail_logs_pp', ...WINDOW, '--print-sql']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'test', 'golden', 'sample-athena.sql'), 'utf8'));
    const l = await cli(['sample', '--lake', 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE', ...WINDOW, '--print-sql']);
    expect(l.stdout).toBe(readFileSync(join(ROOT, 'test', 'golden', 'sample-lake.sql'), 'utf8'));
    expect(aws.stats.total).toBe(0);
  });

  it('local, Athena and Lake give the same rows (paged results, deduplicated, window-filtered)', async () => {
    const local = await cli(['sample', join(dir, 'AWSLogs'), '--window', '2026-11-01T00:00:00Z/2026-11-08T00:00:00Z', '--out', join(dir, 'local.json')]);
    expect(local.status).toBe(0);
    aws.resetStats();
    const athena = await cli(['sample', '--athena', '--database', 'security', '--table', 'cloudtrail_logs_pp', '--output', 's3://query-results/trailcost/', ...WINDOW, '--out', join(dir, 'athena.json')]);
    expect(athena.stderr).toBe('');
    expect(athena.status).toBe(0);
    expect(aws.stats['athena:StartQueryExecution']).toBe(1);
    expect(aws.stats['athena:GetQueryExecution']).toBeGreaterThanOrEqual(3);
    expect(aws.stats['athena:GetQueryResults']).toBeGreaterThan(2);
    const lake = await cli(['sample', '--lake', 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE', ...WINDOW, '--out', join(dir, 'lake.json')]);
    expect(lake.status).toBe(0);
    expect(aws.stats['cloudtrail:StartQuery']).toBe(1);
    expect(aws.stats['cloudtrail:GetQueryResults']).toBeGreaterThan(2);

    const load = (f: string) => SnapshotSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))).samples[0];
    const [l, a, k] = [load('local.json'), load('athena.json'), load('lake.json')];
    // The window filters the local files as it filters the queries: the 50 records before it are not counted.
    expect(a.records).toBe(1500);
    expect(a.duplicates).toBe(70);
    expect(k.records).toBe(1500);
    expect(rowsKey(a)).toEqual(rowsKey(k));
    expect(a.window).toEqual({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-08T00:00:00.000Z' });
    expect(l.records).toBe(1500);
    expect(l.duplicates).toBe(70);
    expect(rowsKey(l)).toEqual(rowsKey(a));
    expect(l.notes).toContain('50 events outside the window 2026-11-01T00:00:00.000Z → 2026-11-08T00:00:00.000Z were not counted');
    expect(a.source).toBe('athena:security.cloudtrail_logs_pp');
    expect(athena.stdout).toMatch(/Athena query fake-qe-\d+-\d+: \d+ aggregated rows in \d+ page\(s\), 0\.0\d+ GB scanned/);
  });

  it('matches the local rows exactly when the logs hold only the window', async () => {
    const only = join(dir, 'only');
    mkdirSync(only);
    writeFileSync(join(only, 'a.json'), JSON.stringify({ Records: generateRecords({ seed: 11, count: 1500, start: START, spanMs: 7 * DAY }) }));
    const r = await cli(['sample', only, '--window', '2026-11-01T00:00:00Z/2026-11-08T00:00:00Z', '--out', join(dir, 'only.json')]);
    expect(r.status).toBe(0);
    const l = SnapshotSchema.parse(JSON.parse(readFileSync(join(dir, 'only.json'), 'utf8'))).samples[0];
    const a = SnapshotSchema.parse(JSON.parse(readFileSync(join(dir, 'athena.json'), 'utf8'))).samples[0];
    expect(rowsKey(l)).toEqual(rowsKey(a));
  });

  it('protocol guard: Athena and CloudTrail Lake calls are awsJson1_1 with their X-Amz-Target', async () => {
    const seen: Array<{ target: string; type: string }> = [];
    const mw = (next: (a: unknown) => Promise<unknown>) => async (args: { request: unknown }) => {
      const h = (args.request as { headers: Record<string, string> }).headers;
      seen.push({ target: h['x-amz-target'], type: h['content-type'] });
      return next(args);
    };
    const capture = (client: AthenaClient | CloudTrailClient): void => {
      (client.middlewareStack as AthenaClient['middlewareStack']).add(mw as never, { step: 'finalizeRequest', name: 'captureHeaders' });
    };
    const creds = { accessKeyId: aws.env.AWS_ACCESS_KEY_ID, secretAccessKey: aws.env.AWS_SECRET_ACCESS_KEY };
    const athena = new AthenaClient({ region: aws.env.AWS_REGION, endpoint: aws.endpoint, credentials: creds });
    capture(athena);
    const window = { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' };
    const a = await runAthenaQuery(athena, {
      sql: athenaSql({ database: 'security', table: 'cloudtrail_logs_pp', window, maxDepth: 4, topCallers: 5, partitionColumn: 'timestamp' }),
      database: 'security', outputLocation: 's3://q/',
    }, { pollMs: 1 });
    expect(a.rows.length).toBeGreaterThan(30);
    const lake = new CloudTrailClient({ region: aws.env.AWS_REGION, endpoint: aws.endpoint, credentials: creds });
    capture(lake);
    await runLakeQuery(lake, lakeSql({ eventDataStore: 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE', window, maxDepth: 4 }), { pollMs: 1 });
    const targets = new Set(seen.map((x) => x.target));
    expect(targets).toEqual(new Set([
      'AmazonAthena.StartQueryExecution', 'AmazonAthena.GetQueryExecution', 'AmazonAthena.GetQueryResults',
      'CloudTrail_20131101.StartQuery', 'CloudTrail_20131101.DescribeQuery', 'CloudTrail_20131101.GetQueryResults',
    ]));
    expect(new Set(seen.map((x) => x.type))).toEqual(new Set(['application/x-amz-json-1.1']));
  });

  it('reports a failed query (unknown table) and an unknown event data store as exit 2 with AWS\'s message', async () => {
    const r = await cli(['sample', '--athena', '--database', 'security', '--table', 'no_such_table', '--output', 's3://q/', ...WINDOW]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^trailcost: Athena query .* FAILED: TABLE_NOT_FOUND/m);
    const k = await cli(['sample', '--lake', 'not-a-store-0000', ...WINDOW]);
    expect(k.status).toBe(2);
    expect(k.stderr).toMatch(/event data store not-a-store-0000 was not found/);
  });
});
