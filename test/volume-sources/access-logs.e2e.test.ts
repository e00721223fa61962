/**
 * S3 server access logs end to end: the real binary scans the fake organization, then `sample` reads the access logs
 * of part of its unmeasured buckets three ways — local files, s3:// objects through the fake's S3, and the fake's
 * Athena access-log table — into the scan's snapshot. The three give the same sample; the model built from it
 * contains each bucket's seeded truth (from its daily rates, never from trailcost's output) within its range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { SnapshotSchema, type Sample, type Snapshot } from '../../src/model/snapshot.js';
import { buildModel } from '../../src/model/build.js';
import { DEFAULT_ASSUMPTIONS } from '../../src/model/assumptions.js';
import { emptyDeclared } from '../../src/model/declared.js';
import type { VolumeModel } from '../../src/model/types.js';
import { cleanEnv, runCli } from '../scan/run-cli.js';
import { bucketSpan, truthMonthly, unknownBuckets } from './helpers.js';

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'trailcost-access-logs-'));
const END = Math.floor(Date.now() / DAY) * DAY - DAY;
const START = END - 2 * DAY;
const WINDOW = ['--start', new Date(START).toISOString(), '--end', new Date(END).toISOString()];
let aws: FakeAws;
let env: Record<string, string>;
const snaps: Record<'local' | 's3' | 'athena', Snapshot> = {} as never;
const outputs: Record<string, string> = {};
let model: VolumeModel;

const whole = (b: { metricsConfigurations: Array<{ filter?: unknown }> }) => b.metricsConfigurations.some((c) => !c.filter);
const accessSample = (s: Snapshot): Sample => s.samples.find((x) => x.kind === 'access-log')!;
/** What must agree across the three paths (not the source name, nor the files read). */
const comparable = (s: Sample) => ({ window: s.window, records: s.records, duplicates: s.duplicates, rows: s.rows, notEvents: s.notEvents, nonData: s.nonData });

beforeAll(async () => {
  aws = await startFakeAws({ seed: { seed: 3, volumeSources: { accessLogs: 0.5 } }, s3Objects: join(dir, 's3') });
  env = cleanEnv({ ...aws.env, TRAILCOST_POLL_MS: '1' });
  const logs = aws.truth.volumeSources.accessLogs!;
  for (const o of logs.objects(START, END)) {
    for (const root of [join(dir, 'local'), join(dir, 's3', logs.logBucket)]) {
      mkdirSync(dirname(join(root, o.key)), { recursive: true });
      writeFileSync(join(root, o.key), o.text);
    }
  }
  const scan = await runCli(['scan', '--org-role', 'OrganizationAccountAccessRole', '--out', join(dir, 'scan.json')], env);
  expect(scan.stderr).toBe('');
  expect(scan.code).toBe(0);
  const runs: Record<'local' | 's3' | 'athena', string[]> = {
    local: [join(dir, 'local', 'logs')],
    s3: [`s3://${logs.logBucket}/logs/`],
    athena: ['--athena', '--access-logs', '--database', 's3_access_logs_db', '--table', 'mybucket_logs', '--output', 's3://athena-results/trailcost/'],
  };
  for (const [name, args] of Object.entries(runs) as Array<['local' | 's3' | 'athena', string[]]>) {
    const out = join(dir, `${name}.json`);
    const r = await runCli(['sample', ...args, ...WINDOW, '--snapshot', join(dir, 'scan.json'), '--out', out, '--no-progress'], env);
    expect(r.stderr, name).toBe('');
    expect(r.code, name).toBe(0);
    outputs[name] = r.stdout;
    snaps[name] = SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  }
  model = buildModel(snaps.local, { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
}, 180_000);
afterAll(async () => {
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sample reads S3 server access logs', () => {
  it('local files, s3:// objects and the Athena table give the same sample', () => {
    const [a, b, c] = [snaps.local, snaps.s3, snaps.athena].map(accessSample);
    expect(a.rows.length).toBeGreaterThan(50);
    expect(comparable(b)).toEqual(comparable(a));
    expect(comparable(c)).toEqual(comparable(a));
    expect(a.window).toEqual({ start: new Date(START).toISOString(), end: new Date(END).toISOString() });
    expect(aws.stats['athena:StartQueryExecution']).toBe(1);
    // Only the access-log sample was added: the scan's inventory stays.
    expect(snaps.local.samples.map((s) => s.kind)).toEqual(['access-log']);
  });

  it('every access-logged bucket\'s range contains its seeded truth (all, reads, writes), from the access logs', () => {
    const logs = aws.truth.volumeSources.accessLogs!;
    let checked = 0;
    let ranged = 0;
    for (const b of aws.truth.buckets) {
      if (!logs.buckets.has(b.name)) continue;
      expect(whole(b)).toBe(false);
      for (const part of ['all', 'reads', 'writes'] as const) {
        const truth = truthMonthly(b, part);
        const span = bucketSpan(model, b.name, part);
        expect(span.low, `${b.name} ${part} low`).toBeLessThanOrEqual(truth * (1 + 1e-9) + 1e-6);
        expect(span.high, `${b.name} ${part} high`).toBeGreaterThanOrEqual(truth * (1 - 1e-9) - 1e-6);
      }
      const all = bucketSpan(model, b.name, 'all');
      if (all.high > all.low) ranged++;
      // The buckets whose GETs include 503s get a range, not a silent exact.
      if ((b.daily.GetRequests ?? 0) > 2) expect(all.high, b.name).toBeGreaterThan(all.low);
      const provs = new Set<string>();
      const walk = (id: string) => {
        const n = model.nodes.get(id)!;
        for (const c of n.classes) provs.add(c.volume.provenance);
        n.childIds.forEach(walk);
      };
      walk(`s3:arn:aws:s3:::${b.name}/`);
      expect([...provs], b.name).toEqual(['access-log']);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    expect(ranged).toBeGreaterThan(5);
    expect(logs.simple.size).toBeGreaterThan(0);
  });

  it('buckets of unknown volume fall to those no source covers', () => {
    const logs = aws.truth.volumeSources.accessLogs!;
    const expected = aws.truth.buckets.filter((b) => !whole(b) && !logs.buckets.has(b.name)).map((b) => b.name).sort();
    expect(unknownBuckets(model)).toEqual(expected);
    expect(expected.length).toBeLessThan(aws.truth.buckets.filter((b) => !whole(b)).length);
  });

  it('`estimate` prices the merged snapshot with ranges, without NaN or infinities', async () => {
    const r = await runCli(['estimate', '--snapshot', join(dir, 'local.json'), '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  }, 60_000);

  it('splits by prefix (keys decoded), operation and requester; counts apart what is not a data event, by name', () => {
    const s = accessSample(snaps.local);
    const arns = new Set(s.rows.map((r) => r.arn));
    expect([...arns].some((a) => a.endsWith('/reports/Q4 summary/'))).toBe(true);
    expect([...arns].some((a) => a.endsWith('/média/'))).toBe(true);
    expect([...arns].some((a) => /\/data\/2026\/11\/\d\d\/$/.test(a))).toBe(true);
    const events = new Set(s.rows.map((r) => r.eventName));
    for (const e of ['GetObject', 'HeadObject', 'PutObject', 'CopyObject', 'UploadPart', 'DeleteObject', 'ListObjects']) expect(events, e).toContain(e);
    expect(s.rows.some((r) => r.callers?.some((c) => c.arn.includes(':assumed-role/etl/spark')))).toBe(true);
    const apart = new Map(s.notEvents!.map((a) => [`${a.operation} ${a.why}`, a.count]));
    for (const k of ['REST.GET.LOCATION not-data', 'REST.GET.ACL not-data', 'S3.EXPIRE.OBJECT not-data', 'REST.OPTIONS.PREFLIGHT not-data', 'REST.COPY.OBJECT_GET not-data', 'REST.GET.OBJECT not-logged']) {
      expect(apart.get(k), k).toBeGreaterThan(0);
    }
    expect(s.duplicates).toBeGreaterThan(0);
    expect(s.notes!.join('\n')).toMatch(/best-effort/);
    expect(outputs.local).toMatch(/requests that are data events \(\+[\d,]+ that may be\)/);
  });
});
