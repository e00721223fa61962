/** `trailcost match` as a subprocess: output and exit codes 0 / 2. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fixture, runCli } from '../selectors/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-match-'));
  const logs = join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', '23');
  mkdirSync(logs, { recursive: true });
  writeFileSync(join(logs, 'part1.json.gz'), gzipSync(readFileSync(fixture('records', 'mixed.json'))));
  writeFileSync(join(logs, 'part2.json.gz'), gzipSync(readFileSync(fixture('records', 'mixed.json'))).subarray(0, 100));
  // Aggregated events beside the events: summaries, skipped when a folder is walked and counted on stderr.
  const agg = join(dir, 'tree', 'AWSLogs', '111122223333', 'CloudTrail-Aggregated', 'us-east-1', '2026', '11', '20');
  const events = join(dir, 'tree', 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', '20');
  mkdirSync(agg, { recursive: true });
  mkdirSync(events, { recursive: true });
  writeFileSync(join(events, 'events.json.gz'), gzipSync(readFileSync(fixture('records', 'mixed.json'))));
  for (const n of ['a', 'b']) writeFileSync(join(agg, `${n}.json.gz`), gzipSync(readFileSync(AGGREGATED)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const selectors = fixture('selectors', 's3-pitfalls.json');
const AGGREGATED = fixture('cloudtrail', 'aggregated-s3-CONSTRUCTED.json');
const REASON = "aggregated event: not selected by event selectors; a trail's aggregation configuration (PutEventConfiguration) controls it";

describe('trailcost match (subprocess)', () => {
  it('exit 0: --json prints one object per record, in input order', () => {
    const r = runCli(['match', '--selectors', selectors, fixture('records', 'mixed.json'), '--json']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((x) => x.eventID)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `11111111-0000-0000-0000-00000000000${i}`));
    expect(rows[0]).toEqual({ schemaVersion: 1, eventID: '11111111-0000-0000-0000-000000000001', eventName: 'GetObject', logged: true, selector: 'S3 data events except scratch' });
    // The NotEquals trap: the scratch object is still logged. The StartsWith trap: api-dev is logged by "api".
    expect(rows[1].logged).toBe(true);
    expect(rows[3]).toMatchObject({ eventName: 'Invoke', logged: true, selector: 'Invokes of the api function' });
  });

  it('exit 0: basic selectors report the basic selector index; table and totals', () => {
    const r = runCli(['match', '--selectors', fixture('selectors', 'basic.json'), fixture('records', 'mixed.json')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^LOGGED\s+SELECTOR\s+EVENT NAME\s+EVENT ID\s+RESOURCE$/);
    expect(lines[1]).toMatch(/^yes\s+#0\s+GetObject\s+11111111-0000-0000-0000-000000000001\s+arn:aws:s3:::lake\/raw\/2026\/part-0001\.parquet$/);
    expect(lines[2]).toMatch(/^no\s+-\s+PutObject/);
    expect(lines[4]).toMatch(/^no\s+-\s+Invoke\s+.*function:api-dev$/);
    expect(lines[5]).toMatch(/^no\s+-\s+Decrypt/);
    expect(r.stdout).toContain('6 records in 1 file(s): 3 logged (50.0%), 3 not logged');
  });

  it('exit 2: a truncated gzip in a folder is named and skipped; the rest is still matched', () => {
    const r = runCli(['match', '--selectors', selectors, join(dir, 'AWSLogs'), '--summary']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/part2\.json\.gz: not a valid gzip file .*\(skipped\)/);
    expect(r.stdout).toContain('6 records in 1 file(s): 6 logged (100.0%)');
  });

  it('exit 2: bad selectors (line:col), unusable selector shape (JSON path), missing --selectors', () => {
    const broken = runCli(['match', '--selectors', fixture('selectors', 'broken.json'), fixture('records', 'mixed.json')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json:5:34: invalid JSON/);
    const bad = join(dir, 'bad-shape.json');
    writeFileSync(bad, JSON.stringify([{ FieldSelectors: [{ Field: 'eventCategory', Equals: 'Data' }] }]));
    const shape = runCli(['match', '--selectors', bad, fixture('records', 'mixed.json')]);
    expect(shape.code).toBe(2);
    expect(shape.stderr).toContain('bad-shape.json: $[0].FieldSelectors[0].Equals: Equals must be an array of strings');
    const none = runCli(['match', fixture('records', 'mixed.json')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--selectors/);
  });

  it('aggregated events: not logged by any selector (even a Management one), with the reason; --json adds only "reason"', () => {
    const r = runCli(['match', '--selectors', selectors, AGGREGATED, fixture('records', 'mixed.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(9);
    // Their id is spelled eventId in aggregated records; the output keeps eventID.
    expect(rows[0]).toEqual({ schemaVersion: 1, eventID: 'aaaaaaaa-2222-4333-8444-000000000001', eventName: null, logged: false, selector: null, reason: REASON });
    for (const row of rows.slice(0, 3)) expect(row).toMatchObject({ logged: false, selector: null, reason: REASON });
    // Other records keep the documented shape exactly: no reason field.
    expect(rows[3]).toEqual({ schemaVersion: 1, eventID: '11111111-0000-0000-0000-000000000001', eventName: 'GetObject', logged: true, selector: 'S3 data events except scratch' });
    for (const row of rows.slice(3)) expect(Object.keys(row)).toEqual(['schemaVersion', 'eventID', 'eventName', 'logged', 'selector']);
  });

  it('aggregated events in the table: a reason line under the row, and the count in the totals', () => {
    const r = runCli(['match', '--selectors', selectors, AGGREGATED]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/^no\s+-\s+-\s+aaaaaaaa-2222-4333-8444-000000000001\s+-$/);
    expect(lines[2]).toBe(`        ${REASON}`);
    expect(r.stdout).toContain('3 records in 1 file(s): 0 logged (0.0%), 3 not logged');
    expect(r.stdout).toContain("3 of the 3 not logged are aggregated events: not selected by event selectors; a trail's aggregation configuration (PutEventConfiguration) controls them");
    const summary = runCli(['match', '--selectors', selectors, AGGREGATED, '--summary']);
    expect(summary.stdout).toContain('3 of the 3 not logged are aggregated events: ');
  });

  it('a folder walk skips CloudTrail-Aggregated/ and says how many files it skipped', () => {
    const r = runCli(['match', '--selectors', selectors, join(dir, 'tree', 'AWSLogs'), '--summary']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('6 records in 1 file(s)');
    expect(r.stderr).toContain('trailcost: note: skipped 2 file(s) under CloudTrail-Aggregated/');
    // Named, the folder is read (its records are then reported as aggregated events).
    const named = runCli(['match', '--selectors', selectors, join(dir, 'tree', 'AWSLogs', '111122223333', 'CloudTrail-Aggregated'), '--summary']);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toContain('6 records in 2 file(s): 0 logged (0.0%), 6 not logged');
  });

  it('--help shows an example', () => {
    const r = runCli(['match', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('trailcost match --selectors proposed.json');
  });
});
