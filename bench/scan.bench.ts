/**
 * Scan benchmark: `trailcost scan` (the real binary) against the local fake with 50 ms added latency per request,
 * one account with 5,000 buckets, 5,000 functions and 500 tables over 3 Regions. Reports API calls made against
 * the call floor (ceil(metrics / 500) GetMetricData calls per Region plus the minimum list/describe calls at the
 * services' page sizes), wall time against the 60 s target and against the latency floor
 * (floor calls × latency / concurrency) and against the same scan with no added latency (the CPU-bound baseline,
 * measured in the same run), and the scan process's peak RSS. Env: SCAN_BENCH_SCALE (default 1).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeAws } from '../test/fake-aws/server.js';

const LATENCY_MS = 50;
/** The fault run: what the retry budget must absorb (test/scan/retry-budget.test.ts does 300 buckets at 50%). */
const FAULTS: Faults = { errorRate: 0.2, throttleRate: 0.05, dropRate: 0.02 };
const FAULT_ATTEMPTS = 10;
const CONCURRENCY = 16;

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const bin = fileURLToPath(new URL('../bin/trailcost.js', import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

interface Faults { throttleRate: number; errorRate: number; dropRate: number }

async function timedScan(sizes: { buckets: number; functions: number; tables: number }, latencyMs: number, faults?: Faults) {
  const aws = await startFakeAws({ seed: { seed: 11, accounts: 1, ...sizes }, latencyMs });
  if (faults) Object.assign(aws.faults, faults);
  const t = aws.truth;
  const dir = mkdtempSync(join(tmpdir(), 'trailcost-bench-'));
  const rusageFile = join(dir, 'rusage.json');
  const preload = join(dir, 'rusage.cjs');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rusageFile)}, JSON.stringify(process.resourceUsage())));\n`);

  // The floor, from the truth and the services' page sizes.
  const days = 30;
  const perRegion = new Map<string, number>();
  const add = (r: string, n: number) => perRegion.set(r, (perRegion.get(r) ?? 0) + n);
  for (const b of t.buckets) add(b.region, b.metricsConfigurations.length * 7);
  for (const f of t.functions) add(f.region, 1);
  for (const tb of t.tables) add(tb.region, 14);
  const metrics = [...perRegion.values()].reduce((a, b) => a + b, 0);
  const gmdFloor = [...perRegion.values()].reduce((a, m) => a + Math.ceil(m / 500) * Math.max(1, Math.ceil((Math.min(m, 500) * days) / 100_800)), 0);
  const regions = t.regions.length;
  const count = (xs: Array<{ region: string }>, r: string) => xs.filter((x) => x.region === r).length;
  const listFloor =
    1 /* STS */ + 1 /* DescribeOrganization */ + Math.ceil(t.buckets.length / 10_000) + t.buckets.length /* metrics configurations, ≤ 100 each */
    + t.buckets.length /* GetBucketTagging (init's keep suggestions) */ + regions /* ListMetrics on AWS/S3/Storage-Lens */
    + t.regions.reduce((a, r) => a + Math.max(1, Math.ceil(count(t.functions, r) / 50)) + Math.max(1, Math.ceil(count(t.tables, r) / 100)), 0)
    + regions /* ListEventDataStores */ + t.eventDataStores.length /* GetEventDataStore */
    + 1 /* ListTrails */ + new Set(t.trails.map((x) => x.homeRegion)).size /* DescribeTrails */
    + t.trails.length * 2 /* GetTrailStatus + GetEventSelectors */ + t.trails.filter((x) => x.insights.length).length
    + 1 /* Cost Explorer */;
  const floor = gmdFloor + listFloor;

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
  Object.assign(env, aws.env, {
    AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim(),
  });
  const t0 = performance.now();
  const r = await run(['scan', '--out', join(dir, 'snapshot.json'), '--days', String(days), '--concurrency', String(CONCURRENCY), ...(faults ? ['--max-attempts', String(FAULT_ATTEMPTS)] : [])], env);
  const wall = (performance.now() - t0) / 1000;
  await aws.close();
  // Under faults a partial result (exit 3) is an answer; anything else is a failure of the bench.
  if (r.code !== 0 && !(faults && r.code === 3)) throw new Error(`scan failed (exit ${r.code}): ${r.stderr}`);
  const rusage = JSON.parse(readFileSync(rusageFile, 'utf8')) as { maxRSS: number };
  const snap = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')) as { measurements: unknown[]; gaps: unknown[] };
  return { aws, code: r.code, t, wall, rusage, snap, floor, gmdFloor, listFloor, metrics, days, regions };
}

export default async function scanBench(): Promise<void> {
  const scale = Number(process.env.SCAN_BENCH_SCALE ?? 1);
  const sizes = { buckets: Math.round(5000 * scale), functions: Math.round(5000 * scale), tables: Math.round(500 * scale) };
  const base = await timedScan(sizes, 0);
  const { aws, t, wall, rusage, snap, floor, gmdFloor, listFloor, metrics, days, regions } = await timedScan(sizes, LATENCY_MS);
  const made = aws.stats.total;
  const gmd = aws.stats['monitoring:GetMetricData'] ?? 0;
  const latencyFloor = (floor * LATENCY_MS) / 1000 / CONCURRENCY;

  console.log(`account: ${t.buckets.length} buckets, ${t.functions.length} functions, ${t.tables.length} tables, ${regions} Regions; ${metrics} metrics over ${days} days; latency ${LATENCY_MS} ms; concurrency ${CONCURRENCY}`);
  console.log(`measurements in snapshot: ${snap.measurements.length} (expected ${metrics})`);
  console.log(`API calls: ${made} made vs floor ${floor} (GetMetricData ${gmd} vs ${gmdFloor}; list/describe ${made - gmd} vs ${listFloor}) → ratio ${(made / floor).toFixed(3)}× (target ≤ 1.1×)`);
  console.log(`wall time: ${wall.toFixed(1)} s → ${(wall / 60).toFixed(2)}× of the 60 s target; ${(wall / latencyFloor).toFixed(2)}× the latency floor of ${latencyFloor.toFixed(1)} s`);
  console.log(`baseline (same scan, no added latency): ${base.wall.toFixed(1)} s; latency-floor + baseline = ${(latencyFloor + base.wall).toFixed(1)} s → measured/(floor+baseline) ${(wall / (latencyFloor + base.wall)).toFixed(2)}×`);
  console.log(`peak RSS of the scan process: ${(rusage.maxRSS / 1024).toFixed(0)} MB`);

  // The same account (no added latency) with faults on every service: what is lost, and what it costs in time.
  const f = await timedScan(sizes, 0, FAULTS);
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  console.log(`faults (${pct(FAULTS.errorRate)} 5xx, ${pct(FAULTS.throttleRate)} throttled, ${pct(FAULTS.dropRate)} dropped connections; --max-attempts ${FAULT_ATTEMPTS}): exit ${f.code}; measurements ${f.snap.measurements.length} of ${f.metrics} (target: all); gaps ${f.snap.gaps.length} (target 0); ${f.aws.stats.total} calls (${(f.aws.stats.total / base.aws.stats.total).toFixed(2)}× the fault-free run); wall ${f.wall.toFixed(1)} s = ${(f.wall / base.wall).toFixed(1)}× the fault-free baseline`);
}

if (import.meta.url === `file://${process.argv[1]}`) await scanBench();
