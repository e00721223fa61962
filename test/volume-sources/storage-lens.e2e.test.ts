/**
 * Storage Lens end to end: the real binary scans the fake organization where a Storage Lens configuration publishes
 * request counts for part of the buckets (and a member's second configuration publishes some of them again). The
 * truth is the fake's seeded daily rates, never the scanner's output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
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

let aws: FakeAws;
let snap: Snapshot;
let model: VolumeModel;
let stdout: string;

beforeAll(async () => {
  aws = await startFakeAws({ seed: { seed: 3, volumeSources: { storageLens: 0.5 } } });
  const out = join(mkdtempSync(join(tmpdir(), 'trailcost-lens-')), 'snap.json');
  const r = await runCli(['scan', '--org-role', 'OrganizationAccountAccessRole', '--out', out], cleanEnv(aws.env));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  stdout = r.stdout;
  snap = SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  model = buildModel(snap, { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
}, 120_000);
afterAll(() => aws.close());

describe('scan with Storage Lens published to CloudWatch', () => {
  it('reads one configuration per bucket (the duplicate configuration is left out), with the late last day missing', () => {
    const lens = snap.measurements.filter((m) => m.kind === 'storage-lens');
    const covered = aws.truth.volumeSources.lensBuckets;
    expect(new Set(lens.map((m) => m.bucket))).toEqual(covered);
    expect(new Set(lens.map((m) => (m.kind === 'storage-lens' ? m.configurationId : '')))).toEqual(new Set(['org-activity']));
    for (const m of lens) {
      if (m.kind !== 'storage-lens') continue;
      expect(m.source).toEqual({ account: aws.truth.organization.managementAccount, region: aws.truth.homeRegion });
      if (m.sum !== null) expect(m.days).toBe(29);
    }
    // Read in the same GetMetricData batches as the request metrics: one call per place that has metrics.
    expect(aws.stats['monitoring:ListMetrics']).toBeGreaterThan(0);
  });

  it('buckets of unknown volume fall to those no source covers', () => {
    const whole = (b: { metricsConfigurations: Array<{ filter?: unknown }> }) => b.metricsConfigurations.some((c) => !c.filter);
    const expected = aws.truth.buckets.filter((b) => !whole(b) && !aws.truth.volumeSources.lensBuckets.has(b.name)).map((b) => b.name).sort();
    const before = aws.truth.buckets.filter((b) => !whole(b)).length;
    const got = unknownBuckets(model);
    expect(got).toEqual(expected);
    expect(got.length).toBeLessThan(before);
    // The summary counts them the same way.
    expect(stdout).toMatch(new RegExp(`${expected.length} bucket\\(s\\) have no whole-bucket request metrics or Storage Lens`));
  });

  it('every Storage Lens bucket\'s estimate contains its seeded truth (all, reads, writes) and says where it came from', () => {
    let checked = 0;
    for (const b of aws.truth.buckets) {
      if (!aws.truth.volumeSources.lensBuckets.has(b.name)) continue;
      if (b.metricsConfigurations.some((c) => !c.filter)) continue; // request metrics are closer and win
      for (const part of ['all', 'reads', 'writes'] as const) {
        const truth = truthMonthly(b, part);
        const span = bucketSpan(model, b.name, part);
        expect(span.low, `${b.name} ${part}`).toBeLessThanOrEqual(truth * (1 + 1e-9) + 1e-6);
        expect(span.high, `${b.name} ${part}`).toBeGreaterThanOrEqual(truth * (1 - 1e-9) - 1e-6);
      }
      const node = model.nodes.get(`s3:arn:aws:s3:::${b.name}/`)!;
      expect(node.classes.every((c) => c.volume.provenance === 'lens' || c.volume.provenance === 'metric')).toBe(true);
      expect(node.classes.some((c) => c.volume.provenance === 'lens')).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('a bucket with request metrics keeps them, and the sources agree (no disagreement warning)', () => {
    const both = aws.truth.buckets.filter((b) => aws.truth.volumeSources.lensBuckets.has(b.name) && b.metricsConfigurations.some((c) => !c.filter));
    expect(both.length).toBeGreaterThan(5);
    for (const b of both) {
      const node = model.nodes.get(`s3:arn:aws:s3:::${b.name}/`)!;
      expect(node.classes.every((c) => c.volume.provenance === 'metric')).toBe(true);
    }
    expect(model.notes.filter((n) => n.code === 'volume-sources-disagree')).toEqual([]);
  });

  it('buckets split over two storage_class series get a range, never a silent pick', () => {
    const multi = new Map<string, Set<string>>();
    for (const m of snap.measurements) if (m.kind === 'storage-lens') multi.set(m.bucket, (multi.get(m.bucket) ?? new Set()).add(m.storageClass));
    const names = [...multi].filter(([n, s]) => s.size > 1 && !aws.truth.buckets.find((b) => b.name === n)!.metricsConfigurations.some((c) => !c.filter)).map(([n]) => n);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) {
      const span = bucketSpan(model, n, 'all');
      expect(span.high).toBeGreaterThan(span.low);
      expect(model.nodes.get(`s3:arn:aws:s3:::${n}/`)!.classes.some((c) => c.volume.events === null && /storage_class/.test(c.assumption ?? ''))).toBe(true);
    }
  });
});
