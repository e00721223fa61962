/**
 * sample → snapshot → estimate: the per-prefix costs of a sampled bucket sum to the bucket's total, the prefix
 * volumes are the sample's counts scaled to a month, and where request metrics measure the bucket, the metric stays
 * the total while the sample gives the split.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { SnapshotSchema } from '../../src/model/snapshot.js';
import { generateRecords } from './generate.js';

const ROOT = join(import.meta.dirname, '..', '..');
const START = Date.parse('2026-11-01T00:00:00Z');
const WEEK_TO_MONTH = 730 / (7 * 24);
let dir: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'trailcost.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' },
    timeout: 60_000,
  });
  return r;
}

interface Row { key: string; label: string; events: { low: number; high: number }; usd: { low: number; high: number } }
function breakdown(snapshot: string, by: string): Row[] {
  const r = cli(['estimate', '--snapshot', snapshot, '--by', by, '--top', '0', '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout).breakdown.rows as Row[];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-sample-estimate-'));
  writeFileSync(join(dir, 'logs.json'), JSON.stringify({ Records: generateRecords({ seed: 11, count: 1500, start: START, spanMs: 7 * 86_400_000 }) }));
  const week = { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' };
  writeFileSync(join(dir, 'base.json'), JSON.stringify({
    version: 1,
    generatedAt: '2026-11-10T00:00:00Z',
    source: { tool: 'test', kind: 'generated' },
    window: week,
    accounts: [{ id: '111122223333' }],
    regions: ['us-east-1'],
    // app-data has an unfiltered request-metrics configuration: its total comes from the metric.
    buckets: [{ account: '111122223333', region: 'us-east-1', name: 'app-data', metricsConfigurations: [{ id: 'EntireBucket' }] }],
    measurements: [{ kind: 's3', account: '111122223333', region: 'us-east-1', bucket: 'app-data', filterId: 'EntireBucket', metric: 'GetRequests', sum: 7000, window: week }],
    trails: [{
      name: 'data', arn: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/data', account: '111122223333', homeRegion: 'us-east-1',
      multiRegion: true, organization: false, s3Bucket: 'trail-logs-111122223333',
      selectors: { kind: 'advanced', selectors: [{ Name: 's3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }] },
    }],
  }));
  const r = cli(['sample', join(dir, 'logs.json'), '--snapshot', join(dir, 'base.json'), '--window', '2026-11-01/2026-11-08', '--out', join(dir, 'merged.json')]);
  expect(r.status, r.stderr).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sample → snapshot → estimate', () => {
  it('per-prefix costs sum to each bucket\'s total, and prefixes carry the sampled counts scaled to a month', () => {
    const merged = join(dir, 'merged.json');
    const snap = SnapshotSchema.parse(JSON.parse(readFileSync(merged, 'utf8')));
    const prefixes = breakdown(merged, 'prefix').filter((r) => r.key.startsWith('s3:'));
    const buckets = breakdown(merged, 'resource').filter((r) => r.key.startsWith('s3:'));
    expect(buckets.map((b) => b.label).sort()).toEqual(['app-data', 'etl-scratch', 'pii-vault']);
    for (const b of buckets) {
      const base = b.key.slice(3);
      const mine = prefixes.filter((p) => p.key.slice(3).startsWith(base));
      expect(mine.length).toBeGreaterThan(3);
      const usd = mine.reduce((a, p) => a + p.usd.low, 0);
      const events = mine.reduce((a, p) => a + p.events.low, 0);
      expect(usd).toBeCloseTo(b.usd.low, 12);
      expect(usd).toBeGreaterThan(0);
      expect(events).toBeCloseTo(b.events.low, 6);
    }
    // Buckets without metrics: each prefix = its sample rows × (730 h / 168 h).
    const sample = snap.samples[0];
    for (const p of prefixes.filter((x) => !x.label.startsWith('app-data'))) {
      const arn = p.key.slice(3);
      const counted = sample.rows.filter((r) => r.arn === arn).reduce((a, r) => a + r.count, 0);
      expect(p.events.low).toBeCloseTo(counted * WEEK_TO_MONTH, 6);
    }
    // app-data: the GetRequests metric (7,000 a week) is the total; the sample only splits it.
    const app = buckets.find((b) => b.label === 'app-data')!;
    expect(app.events.low).toBeCloseTo(7000 * WEEK_TO_MONTH, 6);
  });
});
