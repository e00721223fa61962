/**
 * The billing export end to end, with Storage Lens on another part of the organization: the real binary, the real
 * Athena client, the fake's seeded CUR table (which also holds rows the query must leave out: other products,
 * discount lines, lifecycle tiers, days outside the window). Truth comes from the fake's daily rates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { SnapshotSchema, type Snapshot } from '../../src/model/snapshot.js';
import { buildModel } from '../../src/model/build.js';
import { DEFAULT_ASSUMPTIONS } from '../../src/model/assumptions.js';
import { emptyDeclared } from '../../src/model/declared.js';
import type { VolumeModel } from '../../src/model/types.js';
import { cleanEnv, runCli } from '../scan/run-cli.js';
import { bucketSpan, truthMonthly, unknownBuckets } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'trailcost-cur-'));
const ORG = ['--org-role', 'OrganizationAccountAccessRole'];
const CUR = ['--cur-table', 'billing.cur2', '--athena-output', 's3://athena-results/trailcost/'];
let aws: FakeAws;
let env: Record<string, string>;
let snap: Snapshot;
let model: VolumeModel;
let stdout: string;

const whole = (b: { metricsConfigurations: Array<{ filter?: unknown }> }) => b.metricsConfigurations.some((c) => !c.filter);

beforeAll(async () => {
  aws = await startFakeAws({ seed: { seed: 3, volumeSources: { storageLens: 0.5, cur: 0.5 } } });
  env = cleanEnv({ ...aws.env, TRAILCOST_POLL_MS: '1' });
  const out = join(dir, 'snap.json');
  const r = await runCli(['scan', ...ORG, ...CUR, '--out', out], env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  stdout = r.stdout;
  snap = SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  model = buildModel(snap, { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
}, 120_000);
afterAll(() => aws.close());

describe('scan --cur-table: billed requests through Athena', () => {
  it('runs one query and keeps one row per bucket × usage type × operation, over the days the export holds', () => {
    expect(aws.stats['athena:StartQueryExecution']).toBe(1);
    const rows = snap.measurements.filter((m) => m.kind === 'cur');
    expect(new Set(rows.map((m) => m.bucket))).toEqual(aws.truth.volumeSources.curBuckets);
    const days = (Date.parse(rows[0].window.end) - Date.parse(rows[0].window.start)) / 86_400_000;
    expect(days).toBe(29); // the export runs a day late
    expect(rows.every((m) => m.kind === 'cur' && /Requests-([A-Z]+-)?Tier[12]$/.test(m.usageType))).toBe(true);
    expect(rows.some((m) => m.kind === 'cur' && m.operation === null)).toBe(true);
    expect(stdout).toMatch(/billing export: Athena query fake-qe-\S+, [\d,]+ bytes scanned/);
    expect(stdout).toContain('a floor of data events');
  });

  it('buckets of unknown volume fall to those no source covers', () => {
    const vs = aws.truth.volumeSources;
    const expected = aws.truth.buckets.filter((b) => !whole(b) && !vs.lensBuckets.has(b.name) && !vs.curBuckets.has(b.name)).map((b) => b.name).sort();
    expect(unknownBuckets(model)).toEqual(expected);
    expect(expected.length).toBeLessThan(aws.truth.buckets.filter((b) => !whole(b) && !vs.lensBuckets.has(b.name)).length);
  });

  it('every billing-export bucket\'s range contains its seeded truth; DELETE is unbounded, never zero', () => {
    let checked = 0;
    for (const b of aws.truth.buckets) {
      const vs = aws.truth.volumeSources;
      if (!vs.curBuckets.has(b.name) || vs.lensBuckets.has(b.name) || whole(b)) continue;
      for (const part of ['all', 'reads', 'writes'] as const) {
        const truth = truthMonthly(b, part);
        const span = bucketSpan(model, b.name, part);
        expect(span.low, `${b.name} ${part} low`).toBeLessThanOrEqual(truth * (1 + 1e-9) + 1e-6);
        expect(span.high, `${b.name} ${part} high`).toBeGreaterThanOrEqual(truth * (1 - 1e-9) - 1e-6);
      }
      // The floor is tight where the export names the operation: reads other than unnamed HEADs are exact.
      const named = ((b.daily.GetRequests ?? 0) + (b.daily.ListRequests ?? 0) + (b.daily.SelectRequests ?? 0)) * 730 / 24;
      expect(bucketSpan(model, b.name, 'reads').low).toBeGreaterThanOrEqual(named * (1 - 1e-9));
      const del = model.nodes.get(`s3:arn:aws:s3:::${b.name}/`)!.classes.find((c) => c.cls.eventName === 'DeleteObject')!;
      expect(del.volume).toMatchObject({ events: null, low: 0, high: null, provenance: 'billing' });
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
    expect(model.notes.filter((n) => n.code === 'billing-export-floor')).toHaveLength(1);
    // A prefix measured by request metrics under a bucket total from the export: its classes are found in the total.
    expect(model.notes.filter((n) => n.code === 'inconsistent-prefix')).toEqual([]);
  });

  it('`estimate` prices the snapshot without NaN or infinities, and warns that the export is a floor', async () => {
    const r = await runCli(['estimate', '--snapshot', join(dir, 'snap.json'), '--json'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
    expect(r.stdout).toContain('billing-export-floor');
  }, 60_000);

  it('--print-sql prints the query and calls nothing', async () => {
    aws.resetStats();
    const r = await runCli(['scan', ...CUR, '--print-sql'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sum\(line_item_usage_amount\) AS requests/);
    expect(r.stdout).toMatch(/FROM "billing"\."cur2"/);
    expect(aws.stats.total).toBe(0);
  });

  it('a table that does not exist is a gap (exit 3); the rest of the snapshot is written', async () => {
    const out = join(dir, 'missing.json');
    const r = await runCli(['scan', '--cur-table', 'billing.nope', '--athena-output', 's3://athena-results/x/', '--no-billing', '--out', out], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/athena StartQueryExecution .*TABLE_NOT_FOUND/);
    expect(existsSync(out)).toBe(true);
  });

  it('bad names are refused before any call (exit 2)', async () => {
    aws.resetStats();
    for (const args of [['--cur-table', 'billing'], ['--cur-table', 'a.b;drop'], ['--print-sql'], ['--athena-output', 's3://x/']]) {
      const r = await runCli(['scan', ...args, '--out', join(dir, 'x.json')], env);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(aws.stats.total).toBe(0);
  });
});

describe('scan --dry-run: sources per bucket and what they cost', () => {
  it('lists request metrics, Storage Lens, the billing export and the uncovered buckets, reading no metric and running no query', async () => {
    aws.resetStats();
    const r = await runCli(['scan', '--dry-run', ...ORG, ...CUR], env);
    expect(r.code).toBe(0);
    const vs = aws.truth.volumeSources;
    const lensOnly = aws.truth.buckets.filter((b) => !whole(b) && vs.lensBuckets.has(b.name)).length;
    const none = aws.truth.buckets.filter((b) => !whole(b) && !vs.lensBuckets.has(b.name)).length;
    expect(r.stdout).toMatch(new RegExp(`S3 Storage Lens\\s+${vs.lensBuckets.size} bucket\\(s\\) \\(${lensOnly} without whole-bucket request metrics\\)\\s+${(snap.measurements.filter((m) => m.kind === 'storage-lens').length).toLocaleString('en-US')} metrics`));
    expect(r.stdout).toMatch(/configuration org-activity \(\d{12}, us-east-1\)/);
    expect(r.stdout).toMatch(/series of other configurations covering the same buckets are not read/);
    expect(r.stdout).toMatch(/billing export\s+billing\.cur2: one Athena query.*not before/);
    expect(r.stdout).toMatch(new RegExp(`no source found\\s+${none} bucket\\(s\\)`));
    expect(aws.stats['monitoring:GetMetricData'] ?? 0).toBe(0);
    expect(aws.stats['athena:StartQueryExecution'] ?? 0).toBe(0);
    expect(aws.stats['monitoring:ListMetrics']).toBeGreaterThan(0);
  }, 60_000);
});
